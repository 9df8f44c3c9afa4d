// A local fake of every catalogue provider in /work/shared/api/providers.md (real paths, real body shapes,
// decimal strings where the spec shows strings). Each provider listens on its OWN 127.0.0.1 port, so each has
// its own origin: a test can prove a key only ever reached its own origin, in its own header (`keysSeen`).
// Plain node:http and no Playwright imports, like ./fake-api.ts, so node scripts can use it too.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORS_HEADERS, createServerPool, type ServedAnswer } from './fake-server';

export const CATALOGUE_PROVIDERS = [
  'deepseek',
  'openrouter',
  'moonshot',
  'moonshot-cn',
  'vercel',
  'novita',
  'poe',
  'aihubmix',
  'newapi',
  'custom',
] as const;

/** The ids lib/providers/registry.ts uses for the catalogue (the founding two live in ./fake-api.ts). */
export type CatalogueProviderId = (typeof CATALOGUE_PROVIDERS)[number];

/** Every route each provider serves, by name. `custom.balance` is only the default: see `configureCustom`. */
export const CATALOGUE_ROUTES = {
  deepseek: { balance: '/user/balance' },
  openrouter: { credits: '/api/v1/credits', key: '/api/v1/key' },
  moonshot: { balance: '/v1/users/me/balance' },
  'moonshot-cn': { balance: '/v1/users/me/balance' },
  vercel: { credits: '/v1/credits' },
  novita: { balance: '/openapi/v1/billing/balance/detail' },
  poe: { balance: '/usage/current_balance' },
  aihubmix: { remain: '/dashboard/billing/remain' },
  newapi: {
    status: '/api/status',
    // The trailing slash is the real route; without it the fake answers 404 (a real gin server redirects,
    // which the extension refuses anyway).
    tokenUsage: '/api/usage/token/',
    credits: '/v1/credits',
    subscription: '/v1/dashboard/billing/subscription',
    usage: '/v1/dashboard/billing/usage',
  },
  custom: { balance: '/v1/balance' },
} as const satisfies Record<CatalogueProviderId, Record<string, string>>;

export type NewApiRoute = keyof typeof CATALOGUE_ROUTES.newapi;

// ---- What a test may set as one key's balance ----
// A plain number always means "the amount the extension should show", in the provider's unit at default
// site settings; objects speak the wire's own fields and units. `{ body }` serves that exact body (HTTP 200)
// on the provider's main route, for malformed or unusual shapes.

export type Decimalish = number | string;

/** Any provider: this exact body with HTTP 200 on the main route (for new-api: the token-usage route). */
export interface RawBody {
  body: unknown;
}

export interface DeepSeekBalanceInfo {
  currency: string;
  total_balance: Decimalish;
  granted_balance: Decimalish;
  topped_up_balance: Decimalish;
}

export interface DeepSeekBalance {
  /** One entry per currency, in the order the API sends them. */
  infos: DeepSeekBalanceInfo[];
  /** false with a non-zero balance: "balance not usable for API calls". Default true. */
  isAvailable?: boolean;
}

export interface OpenRouterBalance {
  /** null: the key has no cap (then `limitRemaining` is null too). */
  limit?: number | null;
  limitRemaining?: number | null;
  limitReset?: string | null;
  usage?: number;
  label?: string;
  isFreeTier?: boolean;
  /** Makes this a management key: /api/v1/credits answers these instead of the documented 403. */
  management?: { totalCredits: number; totalUsage: number };
}

export interface MoonshotBalance {
  /** Default cash + voucher, or voucher alone when cash is negative (money owed), as the spec says. */
  available?: number;
  voucher: number;
  cash: number;
}

export interface VercelBalance {
  balance: Decimalish;
  totalUsed?: Decimalish;
}

/** Raw Novita fields, in 1/10000 USD (strings on the wire; numbers are stringified). */
export type NovitaBalance = Partial<
  Record<'availableBalance' | 'cashBalance' | 'creditLimit' | 'pendingCharges' | 'outstandingInvoices', Decimalish>
>;

export interface AihubmixBalance {
  /** Remaining USD (sent as `total_usage`); -1 or -0.000002 mean unlimited. */
  remaining: number;
  /** Send `{"data":{"total_usage":...}}` instead of the bare form. */
  wrapped?: boolean;
}

/** One new-api token, in raw quota units (the site's quota_per_unit per USD). */
export interface NewApiBalance {
  granted: number;
  used: number;
  unlimited?: boolean;
  expiresAt?: number;
  name?: string;
}

export interface CatalogueBalances {
  deepseek: Decimalish | DeepSeekBalance | RawBody;
  /** A number n: a fresh key capped at n (limit n, nothing used); null: a key with no cap. */
  openrouter: number | null | OpenRouterBalance | RawBody;
  moonshot: number | MoonshotBalance | RawBody;
  'moonshot-cn': number | MoonshotBalance | RawBody;
  vercel: Decimalish | VercelBalance | RawBody;
  /** A number is USD (converted to 1/10000 units). */
  novita: number | NovitaBalance | RawBody;
  /** Points. */
  poe: number | RawBody;
  aihubmix: number | AihubmixBalance | RawBody;
  /** A number is USD remaining at the site's quota_per_unit (nothing used); an object is raw quota. */
  newapi: number | NewApiBalance | RawBody;
  /** A number or string n: `{"data":[{"balance":"n"}]}`. Any other shape: `{ body }`. */
  custom: Decimalish | RawBody;
}

export type CatalogueBalance<P extends CatalogueProviderId> = CatalogueBalances[P];

/** `deepseekEntry('CNY', 110, 10)`: one balance_infos entry with decimal strings; topped up = total - granted. */
export function deepseekEntry(currency: string, total: number, granted = 0): DeepSeekBalanceInfo {
  return {
    currency,
    total_balance: total.toFixed(2),
    granted_balance: granted.toFixed(2),
    topped_up_balance: (total - granted).toFixed(2),
  };
}

/** The balance every key gets unless told otherwise: the spec's own example bodies. */
export const DEFAULT_BALANCES: { readonly [P in CatalogueProviderId]: CatalogueBalances[P] } = {
  deepseek: {
    infos: [{ currency: 'USD', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' }],
    isAvailable: true,
  },
  openrouter: { label: 'Fake key', limit: 100, limitRemaining: 74.5, limitReset: null, usage: 25.5, isFreeTier: false },
  moonshot: { available: 49.58894, voucher: 46.58893, cash: 3.00001 },
  'moonshot-cn': { available: 49.58894, voucher: 46.58893, cash: 3.00001 },
  vercel: { balance: '95.50', totalUsed: '4.50' },
  novita: {
    availableBalance: '1000000',
    cashBalance: '800000',
    creditLimit: '200000',
    pendingCharges: '0',
    outstandingInvoices: '0',
  },
  poe: 1500,
  aihubmix: 5.25,
  newapi: { granted: 1000000, used: 12345, name: 't', expiresAt: 0 },
  custom: '12.34',
};

/** What the management-key default answer of OpenRouter's /api/v1/credits means (total - usage). */
export const OPENROUTER_MANAGEMENT_DEFAULT = { totalCredits: 100.5, totalUsage: 25.75, remaining: 74.75 } as const;

export interface CatalogueDefault {
  /** The remaining amount the default answer means. */
  remaining: number;
  /** ISO currency or a named unit; null for `custom`, whose unit the account's form sets. */
  unit: string | null;
  /** Spent and total, where the default body says them. */
  used?: number;
  total?: number;
  /** The route the amount is read from. */
  path: string;
}

/** Per provider: what a key with the default balance should show. One account per provider, known values. */
export const CATALOGUE_DEFAULTS: { readonly [P in CatalogueProviderId]: CatalogueDefault } = {
  deepseek: { remaining: 110, unit: 'USD', path: CATALOGUE_ROUTES.deepseek.balance },
  // An ordinary key: /credits answers 403, so this is the key-limit reading.
  openrouter: { remaining: 74.5, unit: 'USD', used: 25.5, total: 100, path: CATALOGUE_ROUTES.openrouter.key },
  moonshot: { remaining: 49.58894, unit: 'USD', path: CATALOGUE_ROUTES.moonshot.balance },
  'moonshot-cn': { remaining: 49.58894, unit: 'CNY', path: CATALOGUE_ROUTES['moonshot-cn'].balance },
  vercel: { remaining: 95.5, unit: 'USD', used: 4.5, total: 100, path: CATALOGUE_ROUTES.vercel.credits },
  novita: { remaining: 100, unit: 'USD', path: CATALOGUE_ROUTES.novita.balance },
  poe: { remaining: 1500, unit: 'points', path: CATALOGUE_ROUTES.poe.balance },
  aihubmix: { remaining: 5.25, unit: 'USD', path: CATALOGUE_ROUTES.aihubmix.remain },
  // 987655 / 500000. Every new-api route is derived from the same token, so the legacy pair agrees:
  // hard_limit_usd 2 - total_usage 2.469 / 100 = 1.97531.
  newapi: { remaining: 1.97531, unit: 'USD', used: 0.02469, total: 2, path: CATALOGUE_ROUTES.newapi.tokenUsage },
  custom: { remaining: 12.34, unit: null, path: CATALOGUE_ROUTES.custom.balance },
};

// ---- Scripting ----

/** What the fake answers one request with. */
export type CatalogueAnswer = ServedAnswer;

export interface NewApiStatusData {
  quota_per_unit: number;
  display_in_currency: boolean;
  /** Absent on older one-api sites: set it to undefined in `configureNewApi` to drop it. */
  quota_display_type?: 'USD' | 'CNY' | 'TOKENS' | 'CUSTOM' | (string & {});
  usd_exchange_rate: number;
  custom_currency_symbol?: string;
  custom_currency_exchange_rate?: number;
  system_name: string;
}

export const DEFAULT_NEWAPI_STATUS: Readonly<NewApiStatusData> = {
  quota_per_unit: 500000,
  display_in_currency: true,
  quota_display_type: 'USD',
  usd_exchange_rate: 7.3,
  system_name: 'Fake New API',
};

/** Default new-api site: /v1/credits absent (404), as on most sites today. */
export const DEFAULT_NEWAPI_ROUTES: Readonly<Record<NewApiRoute, boolean>> = {
  status: true,
  tokenUsage: true,
  credits: false,
  subscription: true,
  usage: true,
};

export interface NewApiSite {
  /** Which routes exist, e.g. a one-api site: `{ tokenUsage: false, credits: false }`. Merged onto the current set. */
  routes?: Partial<Record<NewApiRoute, boolean>>;
  /** Merged onto the current /api/status `data`; a field set to undefined is dropped from the answer. */
  status?: Partial<NewApiStatusData>;
}

/** Which header the custom endpoint reads the key from. */
export type CustomKeyHeader = 'either' | 'bearer' | 'x-api-key';

export interface CustomSite {
  /** Default '/v1/balance'. */
  path?: string;
  /** Default 'either'; narrow it to prove the extension sends the header form the user picked. */
  accept?: CustomKeyHeader;
}

export interface RecordedCatalogueRequest {
  provider: CatalogueProviderId;
  method: string;
  /** Path without the query. */
  path: string;
  /** Path and query as sent, for proving nothing but the path is in the URL. */
  url: string;
  /** Every request header, names lower-cased (repeated headers joined with ', '). */
  headers: Record<string, string>;
  /** The credential sent: the Bearer token, else X-API-Key; null when neither. */
  key: string | null;
  /** The request body as text ('' for a proper GET). */
  body: string;
  /** Date.now() when the request arrived. */
  time: number;
}

/** One place a key was seen: a provider and a lower-cased header name, or ':path' (URL) or ':body'. */
export interface KeySighting {
  provider: CatalogueProviderId;
  header: string;
}

export interface CatalogueFakeOptions {
  /** Delay before every answer (mutable later as `latencyMs`). */
  latencyMs?: number;
  /**
   * Send CORS headers (default true). With them the extension can fetch the fake even WITHOUT host
   * permission, so tests of the permission flow should pass `cors: false`.
   */
  cors?: boolean;
}

export interface CatalogueFake {
  /** Each provider's own origin (`http://127.0.0.1:<port>`), to use as the account's base URL. */
  readonly providers: Readonly<Record<CatalogueProviderId, { baseUrl: string; port: number }>>;
  /** Every request to any provider in arrival order, preflights included. */
  readonly requests: RecordedCatalogueRequest[];
  /** Mutable at run time. */
  latencyMs: number;
  /** Registers a key for one provider only (default: that provider's default balance). Other origins answer 401. */
  addKey<P extends CatalogueProviderId>(id: P, key: string, balance?: CatalogueBalances[P]): void;
  /** Changes (or first registers) a key's balance. */
  setBalance<P extends CatalogueProviderId>(id: P, key: string, balance: CatalogueBalances[P]): void;
  /** Forgets a key: the provider answers it with its 401 again (a revoked key). */
  removeKey(id: CatalogueProviderId, key: string): void;
  /**
   * Scripts the answers to `key` on `path` (null key: every request on that path, any key or none), for
   * errors, 200-with-error bodies, 429s, hangs. Several answers are served in order and the last repeats.
   * A script wins over everything else, including unknown keys and disabled routes.
   */
  setAnswer(id: CatalogueProviderId, key: string | null, path: string, ...answers: [CatalogueAnswer, ...CatalogueAnswer[]]): void;
  /** Forgets scripts: all, one provider's, or one key's on one provider. */
  clearAnswers(id?: CatalogueProviderId, key?: string | null): void;
  /** Shapes the new-api site: which routes exist and what /api/status says. */
  configureNewApi(site: NewApiSite): void;
  /** Shapes the custom endpoint: its path and which key header it accepts. */
  configureCustom(site: CustomSite): void;
  /** Requests to one provider, preflights excluded, optionally for one key (as sent) and/or one path. */
  requestsTo(id: CatalogueProviderId, filter?: { key?: string; path?: string }): RecordedCatalogueRequest[];
  /**
   * Every distinct (provider, header) that carried `key` anywhere in its value, in first-seen order; also
   * ':path' when it was in the URL and ':body' in a body. Use distinctive keys: this is a substring match.
   */
  keysSeen(key: string): KeySighting[];
  clearRequests(): void;
  /** Stops every provider, dropping hanging and keep-alive sockets. */
  close(): Promise<void>;
}

const MAX_RECORDED_BODY = 64 * 1024;

// ---- Each provider's own error answers (documented shapes where the spec gives one) ----

function unauthorized(id: CatalogueProviderId, path: string): CatalogueAnswer {
  switch (id) {
    case 'deepseek':
      return {
        status: 401,
        body: {
          error: {
            message: 'Authentication Fails, Your api key is invalid',
            type: 'authentication_error',
            param: null,
            code: 'invalid_request_error',
          },
        },
      };
    case 'openrouter':
      return { status: 401, body: { error: { code: 401, message: 'User not found.' } } };
    case 'moonshot':
    case 'moonshot-cn':
      return { status: 401, body: { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } } };
    case 'vercel':
      return { status: 401, body: { error: { message: 'Invalid API key', type: 'authentication_error' } } };
    case 'novita':
      return { status: 401, body: { code: 401, reason: 'INVALID_API_KEY', message: 'Invalid API key', metadata: {} } };
    case 'poe':
      return { status: 401, body: { error: { code: 401, type: 'authentication_error', message: 'Invalid API key' } } };
    case 'aihubmix':
      return { status: 401, body: { error: { message: 'Invalid token', type: 'aihubmix_api_error' } } };
    case 'newapi':
      // The token-usage route fails in new-api's own envelope; the OpenAI-style /v1 routes in OpenAI's.
      return path === CATALOGUE_ROUTES.newapi.tokenUsage
        ? { status: 401, body: { success: false, message: 'Invalid token' } }
        : { status: 401, body: { error: { message: 'Invalid token', type: 'new_api_error' } } };
    case 'custom':
      return { status: 401, body: { error: { message: 'Invalid API key' } } };
  }
}

function notFound(id: CatalogueProviderId, method: string, path: string): CatalogueAnswer {
  return id === 'newapi' && path.startsWith('/v1/')
    ? { status: 404, body: { error: { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', param: '', code: '' } } }
    : { status: 404, body: { error: { message: 'Not found' } } };
}

const OPENROUTER_FORBIDDEN: CatalogueAnswer = {
  status: 403,
  body: { error: { code: 403, message: 'Only management keys can perform this operation' } },
};

// ---- Success bodies, built from one key's balance ----

const ok = (body: unknown): CatalogueAnswer => ({ status: 200, body });
/** Keeps float noise (0.1 + 0.2) out of derived amounts, as a real server's fixed-point maths would. */
const tidy = (x: number): number => Math.round(x * 1e9) / 1e9;
const money = (x: Decimalish): string => (typeof x === 'number' ? x.toFixed(2) : x);
const isRaw = (b: unknown): b is RawBody => typeof b === 'object' && b !== null && 'body' in b;

interface SiteState {
  newapiRoutes: Record<NewApiRoute, boolean>;
  newapiStatus: Record<string, unknown>;
  customPath: string;
  customAccept: CustomKeyHeader;
}

function deepseekBody(b: Exclude<CatalogueBalances['deepseek'], RawBody>): unknown {
  const balance: DeepSeekBalance = typeof b === 'object' ? b : { infos: [{ currency: 'USD', total_balance: money(b), granted_balance: '0.00', topped_up_balance: money(b) }] };
  return { is_available: balance.isAvailable ?? true, balance_infos: balance.infos };
}

function openrouterBalance(b: Exclude<CatalogueBalances['openrouter'], RawBody>): OpenRouterBalance {
  if (b === null) return { limit: null, limitRemaining: null, usage: 0 };
  if (typeof b === 'number') return { limit: b, limitRemaining: b, usage: 0 };
  return b;
}

function openrouterKeyBody(b: OpenRouterBalance): unknown {
  const usage = b.usage ?? 0;
  return {
    data: {
      label: b.label ?? 'Fake key',
      limit: b.limit ?? null,
      limit_remaining: b.limitRemaining ?? null,
      limit_reset: b.limitReset ?? null,
      usage,
      usage_daily: 0,
      usage_weekly: usage,
      usage_monthly: usage,
      is_free_tier: b.isFreeTier ?? false,
      is_management_key: b.management !== undefined,
    },
  };
}

function moonshotBody(b: Exclude<CatalogueBalances['moonshot'], RawBody>): unknown {
  const m: MoonshotBalance = typeof b === 'number' ? { available: b, voucher: 0, cash: b } : b;
  const available = m.available ?? (m.cash < 0 ? m.voucher : tidy(m.cash + m.voucher));
  return {
    code: 0,
    data: { available_balance: available, voucher_balance: m.voucher, cash_balance: m.cash },
    scode: '0x0',
    status: true,
  };
}

function vercelBody(b: Exclude<CatalogueBalances['vercel'], RawBody>): unknown {
  const v: VercelBalance = typeof b === 'object' ? b : { balance: b, totalUsed: '0.00' };
  return { balance: money(v.balance), total_used: money(v.totalUsed ?? '0.00') };
}

function novitaBody(b: Exclude<CatalogueBalances['novita'], RawBody>): unknown {
  const units = (x: Decimalish | undefined, fallback: string): string => (x === undefined ? fallback : String(x));
  const n: NovitaBalance =
    typeof b === 'number' ? { availableBalance: Math.round(b * 10000), cashBalance: Math.round(b * 10000) } : b;
  return {
    availableBalance: units(n.availableBalance, '0'),
    cashBalance: units(n.cashBalance, '0'),
    creditLimit: units(n.creditLimit, '0'),
    pendingCharges: units(n.pendingCharges, '0'),
    outstandingInvoices: units(n.outstandingInvoices, '0'),
  };
}

function aihubmixBody(b: Exclude<CatalogueBalances['aihubmix'], RawBody>): unknown {
  const a: AihubmixBalance = typeof b === 'number' ? { remaining: b } : b;
  return a.wrapped ? { data: { total_usage: a.remaining } } : { total_usage: a.remaining };
}

/** new-api's display conversion: raw quota → the unit /api/status says the site shows. */
function newapiDisplay(raw: number, status: Record<string, unknown>): number {
  const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const perUnit = num(status['quota_per_unit'], 500000);
  const type = status['quota_display_type'];
  if (status['display_in_currency'] === false || type === 'TOKENS') return raw;
  if (type === 'CNY') return tidy((raw / perUnit) * num(status['usd_exchange_rate'], 1));
  if (type === 'CUSTOM') return tidy((raw / perUnit) * num(status['custom_currency_exchange_rate'], 1));
  return tidy(raw / perUnit);
}

const NEWAPI_UNLIMITED_HARD_LIMIT = 100000000;

function newapiBody(route: NewApiRoute, b: Exclude<CatalogueBalances['newapi'], RawBody>, status: Record<string, unknown>): unknown {
  const perUnit = typeof status['quota_per_unit'] === 'number' ? status['quota_per_unit'] : 500000;
  const t: NewApiBalance = typeof b === 'number' ? { granted: Math.round(b * perUnit), used: 0 } : b;
  const available = t.granted - t.used;
  const unlimited = t.unlimited ?? false;
  switch (route) {
    case 'status':
      return { success: true, message: '', data: status };
    case 'tokenUsage':
      return {
        code: true,
        message: 'ok',
        data: {
          object: 'token_usage',
          name: t.name ?? 't',
          total_granted: t.granted,
          total_used: t.used,
          total_available: available,
          unlimited_quota: unlimited,
          expires_at: t.expiresAt ?? 0,
        },
      };
    case 'credits':
      return {
        object: 'credit_summary',
        total_granted: newapiDisplay(t.granted, status),
        total_used: newapiDisplay(t.used, status),
        total_available: newapiDisplay(available, status),
        unlimited_quota: unlimited,
      };
    case 'subscription': {
      const limit = unlimited ? NEWAPI_UNLIMITED_HARD_LIMIT : newapiDisplay(t.granted, status);
      return {
        object: 'billing_subscription',
        has_payment_method: true,
        soft_limit_usd: limit,
        hard_limit_usd: limit,
        system_hard_limit_usd: limit,
        access_until: t.expiresAt ?? 0,
      };
    }
    case 'usage':
      // In hundredths of the display unit, as OpenAI's legacy endpoint (cents).
      return { object: 'list', total_usage: tidy(newapiDisplay(t.used, status) * 100) };
  }
}

function customBody(b: Exclude<CatalogueBalances['custom'], RawBody>): unknown {
  return { data: [{ balance: String(b) }] };
}

// ---- Requests ----

function bearerKey(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return match?.[1]?.trim();
}

function lowerCasedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The key this provider reads from the request, honouring only the header(s) it accepts. */
function acceptedKey(id: CatalogueProviderId, headers: Record<string, string>, site: SiteState): string | undefined {
  const bearer = bearerKey(headers['authorization']);
  if (id !== 'custom') return bearer;
  const apiKey = headers['x-api-key']?.trim() || undefined;
  if (site.customAccept === 'bearer') return bearer;
  if (site.customAccept === 'x-api-key') return apiKey;
  return bearer ?? apiKey;
}

/** The named route a path is, or undefined when the provider has no such (enabled) route. */
function routeOf(id: CatalogueProviderId, path: string, site: SiteState): string | undefined {
  if (id === 'custom') return path === site.customPath ? 'balance' : undefined;
  const routes: Record<string, string> = CATALOGUE_ROUTES[id];
  const name = Object.keys(routes).find((n) => routes[n] === path);
  if (name !== undefined && id === 'newapi' && !site.newapiRoutes[name as NewApiRoute]) return undefined;
  return name;
}

/** Where a raw `{ body }` is served: the provider's main route. */
const MAIN_ROUTE: Record<CatalogueProviderId, string> = {
  deepseek: 'balance',
  openrouter: 'key',
  moonshot: 'balance',
  'moonshot-cn': 'balance',
  vercel: 'credits',
  novita: 'balance',
  poe: 'balance',
  aihubmix: 'remain',
  newapi: 'tokenUsage',
  custom: 'balance',
};

/** The built-in answer for a registered key on an existing route. */
function builtIn(id: CatalogueProviderId, route: string, balance: unknown, site: SiteState): CatalogueAnswer {
  if (isRaw(balance) && route === MAIN_ROUTE[id]) return ok(balance.body);
  switch (id) {
    case 'deepseek':
      return ok(deepseekBody(balance as Exclude<CatalogueBalances['deepseek'], RawBody>));
    case 'openrouter': {
      if (isRaw(balance)) return route === 'credits' ? OPENROUTER_FORBIDDEN : ok(balance.body);
      const b = openrouterBalance(balance as Exclude<CatalogueBalances['openrouter'], RawBody>);
      if (route === 'key') return ok(openrouterKeyBody(b));
      return b.management
        ? ok({ data: { total_credits: b.management.totalCredits, total_usage: b.management.totalUsage } })
        : OPENROUTER_FORBIDDEN;
    }
    case 'moonshot':
    case 'moonshot-cn':
      return ok(moonshotBody(balance as Exclude<CatalogueBalances['moonshot'], RawBody>));
    case 'vercel':
      return ok(vercelBody(balance as Exclude<CatalogueBalances['vercel'], RawBody>));
    case 'novita':
      return ok(novitaBody(balance as Exclude<CatalogueBalances['novita'], RawBody>));
    case 'poe':
      return ok({ current_point_balance: balance as number });
    case 'aihubmix':
      return ok(aihubmixBody(balance as Exclude<CatalogueBalances['aihubmix'], RawBody>));
    case 'newapi': {
      // A raw token-usage body says nothing about the other routes: derive them from the default token.
      const b = isRaw(balance) ? (DEFAULT_BALANCES.newapi as NewApiBalance) : (balance as Exclude<CatalogueBalances['newapi'], RawBody>);
      return ok(newapiBody(route as NewApiRoute, b, site.newapiStatus));
    }
    case 'custom':
      return ok(customBody(balance as Exclude<CatalogueBalances['custom'], RawBody>));
  }
}

/** Scripted answers by (provider, path, key); a null key means "any key, or none". */
type Scripts = Map<string, CatalogueAnswer[]>;
const scriptId = (id: CatalogueProviderId, path: string, key: string | null): string => JSON.stringify([id, path, key]);

export async function startCatalogueFake(options: CatalogueFakeOptions = {}): Promise<CatalogueFake> {
  const cors = options.cors ?? true;
  const corsHeaders = cors ? CORS_HEADERS : {};
  const requests: RecordedCatalogueRequest[] = [];
  const keys = new Map<CatalogueProviderId, Map<string, unknown>>(CATALOGUE_PROVIDERS.map((id) => [id, new Map()]));
  const scripts: Scripts = new Map();
  const site: SiteState = {
    newapiRoutes: { ...DEFAULT_NEWAPI_ROUTES },
    newapiStatus: { ...DEFAULT_NEWAPI_STATUS },
    customPath: CATALOGUE_ROUTES.custom.balance,
    customAccept: 'either',
  };
  const state = { latencyMs: options.latencyMs ?? 0 };

  function nextScripted(id: CatalogueProviderId, path: string, key: string | null): CatalogueAnswer | undefined {
    const script = scripts.get(scriptId(id, path, key));
    if (!script || script.length === 0) return undefined;
    return script.length > 1 ? script.shift()! : script[0]!;
  }

  function answerFor(id: CatalogueProviderId, method: string, path: string, headers: Record<string, string>): CatalogueAnswer {
    const key = acceptedKey(id, headers, site);
    const scripted = (key !== undefined ? nextScripted(id, path, key) : undefined) ?? nextScripted(id, path, null);
    if (scripted) return scripted;
    const route = routeOf(id, path, site);
    if (route === undefined) return notFound(id, method, path);
    if (method !== 'GET') return { status: 405, body: { error: { message: 'Method not allowed' } }, headers: { Allow: 'GET, OPTIONS' } };
    // new-api's status is public: the extension must not need (or send) a key for it.
    if (id === 'newapi' && route === 'status') return builtIn(id, route, DEFAULT_BALANCES.newapi, site);
    const registered = keys.get(id)!;
    if (key === undefined || !registered.has(key)) return unauthorized(id, path);
    return builtIn(id, route, registered.get(key), site);
  }

  function handler(id: CatalogueProviderId) {
    return (req: IncomingMessage, res: ServerResponse): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        if (size < MAX_RECORDED_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      req.on('end', () => {
        const url = req.url ?? '/';
        const path = new URL(url, 'http://fake').pathname;
        const method = req.method ?? '';
        const headers = lowerCasedHeaders(req);
        requests.push({
          provider: id,
          method,
          path,
          url,
          headers,
          key: bearerKey(headers['authorization']) ?? (headers['x-api-key']?.trim() || null),
          body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RECORDED_BODY),
          time: Date.now(),
        });

        if (method === 'OPTIONS') {
          res.writeHead(cors ? 204 : 405, corsHeaders);
          res.end();
          return;
        }
        pool.send(res, answerFor(id, method, path, headers), state.latencyMs, corsHeaders);
      });
    };
  }

  const pool = createServerPool();
  const providers = {} as Record<CatalogueProviderId, { baseUrl: string; port: number }>;
  try {
    for (const id of CATALOGUE_PROVIDERS) {
      const { port } = await pool.listen(handler(id));
      providers[id] = { baseUrl: `http://127.0.0.1:${port}`, port };
    }
  } catch (err) {
    await pool.close();
    throw err;
  }

  const fake: CatalogueFake = {
    providers,
    requests,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    addKey(id, key, balance) {
      keys.get(id)!.set(key, balance ?? DEFAULT_BALANCES[id]);
    },
    setBalance(id, key, balance) {
      keys.get(id)!.set(key, balance);
    },
    removeKey(id, key) {
      keys.get(id)!.delete(key);
    },
    setAnswer(id, key, path, ...answers) {
      scripts.set(scriptId(id, path, key), [...answers]);
    },
    clearAnswers(id, key) {
      if (id === undefined) return scripts.clear();
      for (const sid of [...scripts.keys()]) {
        const [sidProvider, , sidKey] = JSON.parse(sid) as [string, string, string | null];
        if (sidProvider === id && (key === undefined || sidKey === key)) scripts.delete(sid);
      }
    },
    configureNewApi(config) {
      Object.assign(site.newapiRoutes, config.routes);
      if (config.status) {
        for (const [name, value] of Object.entries(config.status)) {
          if (value === undefined) delete site.newapiStatus[name];
          else site.newapiStatus[name] = value;
        }
      }
    },
    configureCustom(config) {
      if (config.path !== undefined) site.customPath = config.path;
      if (config.accept !== undefined) site.customAccept = config.accept;
    },
    requestsTo(id, filter = {}) {
      return requests.filter(
        (r) =>
          r.provider === id &&
          r.method !== 'OPTIONS' &&
          (filter.path === undefined || r.path === filter.path) &&
          (filter.key === undefined || r.key === filter.key),
      );
    },
    keysSeen(key) {
      const seen: KeySighting[] = [];
      const note = (provider: CatalogueProviderId, header: string): void => {
        if (!seen.some((s) => s.provider === provider && s.header === header)) seen.push({ provider, header });
      };
      for (const r of requests) {
        for (const [name, value] of Object.entries(r.headers)) if (value.includes(key)) note(r.provider, name);
        if (r.url.includes(key) || safeDecode(r.url).includes(key)) note(r.provider, ':path');
        if (r.body.includes(key)) note(r.provider, ':body');
      }
      return seen;
    },
    clearRequests() {
      requests.length = 0;
    },
    close: () => pool.close(),
  };
  return fake;
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
