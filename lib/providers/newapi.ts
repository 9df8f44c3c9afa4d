// new-api / one-api gateways: self-hosted relay sites the user names. The site's
// units come from its public /api/status (cached a day); the balance from the first
// of three methods the site supports, remembered in the snapshot's `via` so later
// refreshes make one request. /work/shared/api/providers.md "new-api / one-api gateways"
import type { BalanceSnapshot, Unit } from '../model/balance';
import { fail, ok, type Result } from '../model/errors';
import { isRecord } from '../net/http';
import { atPath, decimal, errorInBody, errorInWords, getJson, optionalDecimal, unitLabel, type JsonReply } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'newapi',
  label: 'new-api / one-api gateway',
  baseUrl: '',
  keyHint: 'keyHintNewapi',
  // Relative: views resolve them against the account's own origin.
  keyUrl: '/token',
  topUpUrl: '/topup',
  warnBelow: 5,
  apiSuffix: /\/v1\/*$/,
} as const satisfies ProviderInfo;

/** How the site shows quota: `quota_display_type`, or derived from one-api's `display_in_currency`. */
type Display = 'USD' | 'CNY' | 'TOKENS' | 'CUSTOM';
const DISPLAYS: readonly Display[] = ['USD', 'CNY', 'TOKENS', 'CUSTOM'];

/** The site's units, as /api/status says them. */
interface SiteUnits {
  /** Raw quota units per USD. */
  q: number;
  d: Display;
  /** CNY: `usd_exchange_rate`; CUSTOM: `custom_currency_exchange_rate`. Absent when unusable. */
  r?: number;
  /** CUSTOM: the currency symbol, already a safe unit label. */
  c?: string;
}

interface CachedUnits extends SiteUnits {
  /** When /api/status said it (epoch ms). */
  at: number;
}

/** The balance routes, in the order a site is probed. */
type Method = 'token' | 'credits' | 'legacy';
const METHODS: readonly Method[] = ['token', 'credits', 'legacy'];

/** What `via` remembers between reads. */
interface Memo {
  /** The method to try first. */
  m?: Method;
  /** The site's units and when they were read; absent while /api/status could not be read. */
  s?: CachedUnits;
}

/** What one-api and new-api use when nothing says otherwise: 500000 raw units per USD. */
const DEFAULT_UNITS: SiteUnits = { q: 500_000, d: 'USD' };
const STATUS_TTL_MS = 24 * 60 * 60 * 1000;
/** /api/usage/token/ allows 20 requests per 20 minutes per IP by default. */
const TOKEN_USAGE_EVERY_MS = 60_000;
/** `hard_limit_usd` at or above this is an unlimited token (new-api sends 100000000). */
const UNLIMITED_MONEY = 1_000_000;
/** On a TOKENS site a real limit of a million raw units is only $2: only new-api's own sentinel counts. */
const UNLIMITED_TOKENS = 100_000_000;
const VIA_VERSION = 1;
const MAX_VIA = 512;
const MAX_RATE = 1e6;

const TOKEN_USAGE = '/api/usage/token/';
const CREDITS = '/v1/credits';
const SUBSCRIPTION = '/v1/dashboard/billing/subscription';
const USAGE = '/v1/dashboard/billing/usage';

/** The figures one method read, in the snapshot's unit; `remaining: null` when unlimited. */
interface Reading {
  unit: Unit;
  remaining: number | null;
  used?: number | undefined;
  total?: number | null | undefined;
}

/** A method's outcome: a reading, the route is not on this site, or skipped for the rate limit (with the 429 when there was one). */
type Attempt =
  | { kind: 'read'; reading: Reading }
  | { kind: 'absent' }
  | { kind: 'skipped'; throttled: boolean; error?: Result<never> }
  | { kind: 'failed'; error: Result<never> };

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const now = ctx.http.now();
  const memo = parseVia(ctx.via, ctx.baseUrl);
  const { units, cache } = await siteUnits(ctx, memo.s, now);

  // Token usage worked last time. Read under a minute ago (a Refresh right after a read, also
  // across a worker restart, which forgets the throttle): the last reading is still the news, and
  // asking again would spend the site's rate limit. Older, but the site's turn went to another
  // token on the same site: the routes below are not rate limited, so this one reads there.
  let turnTaken = false;
  if (memo.m === 'token' && ctx.last) {
    const age = now - ctx.last.readAt;
    if (age >= 0 && age < TOKEN_USAGE_EVERY_MS) return ok(ctx.last);
    turnTaken = ctx.throttle(tokenUsageTurn(ctx), TOKEN_USAGE_EVERY_MS);
  }
  const order = memo.m ? [memo.m, ...METHODS.filter((m) => m !== memo.m)] : METHODS;
  let skipped: Extract<Attempt, { kind: 'skipped' }> | undefined;
  for (const method of order) {
    // A turn refused above is not asked for again: token usage is skipped, as throttled.
    const attempt =
      method === 'token' && memo.m === 'token' && ctx.last && !turnTaken
        ? ({ kind: 'skipped', throttled: true } as const)
        : await READERS[method](ctx, units, method === 'token' && turnTaken);
    if (attempt.kind === 'failed') return attempt.error;
    if (attempt.kind === 'absent') continue;
    if (attempt.kind === 'skipped') {
      skipped = attempt;
      continue;
    }
    // Our own once-a-minute limit says nothing about the site: token usage stays first next time.
    const next: Method = skipped?.throttled ? 'token' : method;
    const via = formatVia(ctx.baseUrl, { m: next, ...(cache ? { s: cache } : {}) });
    const { reading } = attempt;
    return ok({
      provider: info.id,
      unit: reading.unit,
      remaining: reading.remaining,
      ...(reading.used === undefined ? {} : { used: reading.used }),
      ...(reading.total === undefined ? {} : { total: reading.total }),
      unlimited: reading.remaining === null,
      ...(via === undefined ? {} : { via }),
      readAt: now,
    });
  }
  if (skipped?.error) return skipped.error;
  if (skipped) {
    return fail('rate-limited', 'This site allows reading token usage about once a minute; try again shortly', {
      retryAt: now + TOKEN_USAGE_EVERY_MS,
    });
  }
  return fail('not-found', 'No balance endpoint was found on this site (tried token usage, credits and the billing pair); check the base URL');
}

/** The throttle's name for this site's token-usage route. */
const tokenUsageTurn = (ctx: ReadContext) => `token-usage ${new URL(ctx.baseUrl).origin}`;

const READERS: Record<Method, (ctx: ReadContext, units: SiteUnits, turnTaken: boolean) => Promise<Attempt>> = {
  token: readTokenUsage,
  credits: readCredits,
  legacy: readLegacy,
};

// ---- Methods --------------------------------------------------------------

/** new-api's own route: the token's quota in raw units. Rate limited by the site, so throttled here. */
async function readTokenUsage(ctx: ReadContext, units: SiteUnits, turnTaken = false): Promise<Attempt> {
  if (!turnTaken && !ctx.throttle(tokenUsageTurn(ctx), TOKEN_USAGE_EVERY_MS)) {
    return { kind: 'skipped', throttled: true };
  }
  const reply = await getJson(ctx, TOKEN_USAGE, 'bearer');
  if (!reply.ok) {
    if (reply.error.kind === 'not-found') return { kind: 'absent' };
    if (reply.error.kind === 'rate-limited') return { kind: 'skipped', throttled: false, error: reply };
    return { kind: 'failed', error: reply };
  }
  const { body, status } = reply.value;
  // new-api says failure as `{"success": false}` or, on this route, `{"code": false}`.
  const failed =
    errorInBody(body, ctx, status) ?? (isRecord(body) && body['code'] === false ? errorInWords(body['message'], ctx, status) : undefined);
  if (failed) return { kind: 'failed', error: failed };
  const data = atPath(body, 'data');
  if (!isRecord(data)) return { kind: 'failed', error: fail('bad-response', 'data: missing', { status }) };
  const convert = rawConverter(units);
  const used = optionalDecimal(data['total_used']);
  if (data['unlimited_quota'] === true) {
    return {
      kind: 'read',
      reading: { unit: convert.unit, remaining: null, used: used === undefined ? undefined : convert.value(used), total: null },
    };
  }
  const available = decimal(data['total_available'], 'total_available');
  if (!available.ok) return { kind: 'failed', error: withStatus(available, status) };
  const granted = optionalDecimal(data['total_granted']);
  return {
    kind: 'read',
    reading: {
      unit: convert.unit,
      remaining: convert.value(available.value),
      used: used === undefined ? undefined : convert.value(used),
      total: granted === undefined ? undefined : convert.value(granted),
    },
  };
}

/** Recent new-api: a credit summary already in the site's display unit. */
async function readCredits(ctx: ReadContext, units: SiteUnits): Promise<Attempt> {
  const reply = await fetchOrAbsent(ctx, CREDITS);
  if (reply.kind !== 'reply') return reply;
  const { body, status } = reply.value;
  const available = decimal(atPath(body, 'total_available'), 'total_available');
  if (!available.ok) return { kind: 'failed', error: withStatus(available, status) };
  const used = optionalDecimal(atPath(body, 'total_used'));
  const granted = optionalDecimal(atPath(body, 'total_granted'));
  return { kind: 'read', reading: { unit: displayUnit(units), remaining: available.value, used, total: granted } };
}

/** Every one-api and new-api: the OpenAI-legacy billing pair, in the site's display unit. */
async function readLegacy(ctx: ReadContext, units: SiteUnits): Promise<Attempt> {
  const subscription = await fetchOrAbsent(ctx, SUBSCRIPTION);
  if (subscription.kind !== 'reply') return subscription;
  const hardLimit = decimal(atPath(subscription.value.body, 'hard_limit_usd'), 'hard_limit_usd');
  if (!hardLimit.ok) return { kind: 'failed', error: withStatus(hardLimit, subscription.value.status) };
  const usage = await fetchOrAbsent(ctx, USAGE);
  // Half the pair is no balance: a missing usage route ends the read rather than probing on.
  if (usage.kind === 'absent') return { kind: 'failed', error: fail('not-found', `${USAGE} was not found on this site`) };
  if (usage.kind !== 'reply') return usage;
  const totalUsage = decimal(atPath(usage.value.body, 'total_usage'), 'total_usage');
  if (!totalUsage.ok) return { kind: 'failed', error: withStatus(totalUsage, usage.value.status) };
  const used = totalUsage.value / 100;
  const unit = displayUnit(units);
  const unlimited = hardLimit.value >= (units.d === 'TOKENS' ? UNLIMITED_TOKENS : UNLIMITED_MONEY);
  return {
    kind: 'read',
    reading: unlimited
      ? { unit, remaining: null, used, total: null }
      : { unit, remaining: hardLimit.value - used, used, total: hardLimit.value },
  };
}

/** A Bearer GET whose 404 means "not on this site" and whose body must not say an error. */
async function fetchOrAbsent(
  ctx: ReadContext,
  path: string,
): Promise<{ kind: 'reply'; value: JsonReply } | { kind: 'absent' } | { kind: 'failed'; error: Result<never> }> {
  const reply = await getJson(ctx, path, 'bearer');
  if (!reply.ok) return reply.error.kind === 'not-found' ? { kind: 'absent' } : { kind: 'failed', error: reply };
  const failed = errorInBody(reply.value.body, ctx, reply.value.status);
  return failed ? { kind: 'failed', error: failed } : { kind: 'reply', value: reply.value };
}

function withStatus(result: Result<never>, status: number): Result<never> {
  return result.ok ? result : { ok: false, error: { ...result.error, status } };
}

// ---- Units ----------------------------------------------------------------

/** The unit credits and the legacy pair answer in: the site's display unit. */
function displayUnit(units: SiteUnits): Unit {
  if (units.d === 'TOKENS') return 'tokens';
  if (units.d === 'CUSTOM') return units.c ?? 'USD';
  return units.d;
}

/** Raw quota to the site's display unit; USD when the site's rate is unusable. */
function rawConverter(units: SiteUnits): { unit: Unit; value: (raw: number) => number } {
  if (units.d === 'TOKENS') return { unit: 'tokens', value: (raw) => raw };
  const { q, r } = units;
  if (units.d === 'CNY' && r !== undefined) return { unit: 'CNY', value: (raw) => (raw / q) * r };
  if (units.d === 'CUSTOM' && r !== undefined && units.c !== undefined) return { unit: units.c, value: (raw) => (raw / q) * r };
  return { unit: 'USD', value: (raw) => raw / q };
}

/**
 * The units to read with and what `via` should cache: the cached status while
 * it is under a day old, else a fresh /api/status. When that fails the read goes
 * on with the last known units (or 500000 per USD) and nothing new is cached, so
 * the next read asks again.
 */
async function siteUnits(ctx: ReadContext, cached: CachedUnits | undefined, now: number): Promise<{ units: SiteUnits; cache?: CachedUnits }> {
  if (cached && cached.at <= now && now - cached.at < STATUS_TTL_MS) return { units: cached, cache: cached };
  // Public: the key never goes to this route.
  const reply = await getJson(ctx, '/api/status', 'none');
  const units = reply.ok ? unitsFromStatus(reply.value.body) : undefined;
  if (units) return { units, cache: { ...units, at: now } };
  return cached ? { units: cached, cache: cached } : { units: DEFAULT_UNITS };
}

/** The units a status answer says, or undefined when it is not a status answer. */
function unitsFromStatus(body: unknown): SiteUnits | undefined {
  if (!isRecord(body) || body['success'] === false) return undefined;
  const data = body['data'];
  if (!isRecord(data)) return undefined;
  const q = perUnit(data['quota_per_unit']) ?? DEFAULT_UNITS.q;
  const type = data['quota_display_type'];
  const named = typeof type === 'string' ? DISPLAYS.find((d) => d === type.trim().toUpperCase()) : undefined;
  // Older one-api: only display_in_currency.
  const d: Display = named ?? (data['display_in_currency'] === false ? 'TOKENS' : 'USD');
  if (d === 'CNY') {
    const r = positive(data['usd_exchange_rate'], MAX_RATE);
    return r === undefined ? { q, d } : { q, d, r };
  }
  if (d === 'CUSTOM') {
    const r = positive(data['custom_currency_exchange_rate'], MAX_RATE);
    const c = unitLabel(data['custom_currency_symbol']);
    return { q, d, ...(r === undefined ? {} : { r }), ...(c === undefined ? {} : { c }) };
  }
  return { q, d };
}

/** Raw units per USD: at least 1, so no conversion can overflow. */
function perUnit(value: unknown): number | undefined {
  const n = optionalDecimal(value);
  return n !== undefined && n >= 1 ? n : undefined;
}

/** A finite number above 0 (numbers or decimal strings), else undefined. */
function positive(value: unknown, max?: number): number | undefined {
  const n = optionalDecimal(value, max);
  return n !== undefined && n > 0 ? n : undefined;
}

// ---- via ------------------------------------------------------------------
// `{"v":1,"b":"<fnv32 of baseUrl>","m":"token"|"credits"|"legacy","s":{"at":ms,"q":500000,"d":"CNY","r":7.3,"c":"¤"}}`
// `b` ties the memo to the site it was learned on; `s` is absent while /api/status is unreadable.

function formatVia(baseUrl: string, memo: Memo): string | undefined {
  const text = JSON.stringify({ v: VIA_VERSION, b: siteHash(baseUrl), ...memo });
  if (text.length <= MAX_VIA) return text;
  // Only the memo of the method is essential.
  const short = JSON.stringify({ v: VIA_VERSION, b: siteHash(baseUrl), ...(memo.m ? { m: memo.m } : {}) });
  return short.length <= MAX_VIA ? short : undefined;
}

/** What a stored `via` remembers; anything malformed (it is untrusted stored data) is no memory. */
function parseVia(via: string | undefined, baseUrl: string): Memo {
  if (typeof via !== 'string' || via.length > MAX_VIA) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(via);
  } catch {
    return {};
  }
  if (!isRecord(raw) || raw['v'] !== VIA_VERSION || raw['b'] !== siteHash(baseUrl)) return {};
  const m = METHODS.find((method) => method === raw['m']);
  const s = parseCachedUnits(raw['s']);
  return { ...(m ? { m } : {}), ...(s ? { s } : {}) };
}

function parseCachedUnits(raw: unknown): CachedUnits | undefined {
  if (!isRecord(raw)) return undefined;
  const { at, q, d, r, c } = raw;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return undefined;
  if (perUnit(q) === undefined || typeof q !== 'number') return undefined;
  const display = DISPLAYS.find((known) => known === d);
  if (!display) return undefined;
  if (r !== undefined && (typeof r !== 'number' || positive(r, MAX_RATE) === undefined)) return undefined;
  if (c !== undefined && (typeof c !== 'string' || unitLabel(c) !== c)) return undefined;
  return { at, q, d: display, ...(r === undefined ? {} : { r }), ...(c === undefined ? {} : { c }) };
}

/** FNV-1a of the base URL, 8 hex digits: enough to notice the account now points elsewhere. */
function siteHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
