// A local fake of both balance APIs, shaped exactly as /work/shared/api/README.md describes them.
// Plain node:http and no Playwright imports, so e2e tests and standalone node scripts (benchmarks) share it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORS_HEADERS, createServerPool, type ServedAnswer } from './fake-server';

export type Api = 'apertis' | 'apikley';

export const ROUTES: Record<Api, string> = {
  apertis: '/v1/dashboard/billing/credits',
  apikley: '/api/v1/chat/credit',
};

// ---- Apertis body shapes (README field names, deliberately snake_case) ----

export interface ApertisPayg {
  remaining_usd: number | null;
  used_usd: number;
  total_usd: number | null;
  is_unlimited: boolean;
  monthly_limit_usd?: number;
  monthly_used_usd?: number;
  monthly_reset_day?: number;
}

/** The older `payg` field names an earlier version of the endpoint answers with. */
export interface ApertisLegacyPayg {
  account_credits: number;
  token_used: number;
  token_total: number | 'unlimited';
  token_remaining: number | 'unlimited';
  token_is_unlimited: boolean;
}

export interface ApertisSubscription {
  plan_type: string;
  status: string;
  cycle_quota_limit: number;
  cycle_quota_used: number;
  cycle_quota_remaining: number;
  cycle_start: string;
  cycle_end: string;
  payg_fallback_enabled: boolean;
  payg_spent_usd?: number;
  payg_limit_usd?: number;
}

export interface ApertisCreditsBody {
  object: 'billing_credits';
  is_subscriber: boolean;
  payg: ApertisPayg | ApertisLegacyPayg;
  subscription?: ApertisSubscription;
}

/** What the fake answers one request with. Build these with the helpers below rather than by hand. */
export interface FakeAnswer extends ServedAnswer {
  /** Only answer on this API's route; on the other route the key is treated as unknown. Unset: both. */
  api?: Api;
}

type PaygInput = Partial<ApertisPayg> & Pick<ApertisPayg, 'remaining_usd' | 'used_usd'>;

/** A `payg` object; `total_usd` defaults to remaining + used, and both are null when unlimited. */
export function paygOf(input: PaygInput): ApertisPayg {
  const { remaining_usd, used_usd, total_usd, is_unlimited = false, ...monthly } = input;
  return {
    remaining_usd: is_unlimited ? null : remaining_usd,
    used_usd,
    total_usd: is_unlimited ? null : (total_usd ?? (remaining_usd ?? 0) + used_usd),
    is_unlimited,
    ...monthly,
  };
}

/** PAYG-only key, e.g. `apertisPayg({ remaining_usd: 5, used_usd: 2 })` (README example 1). */
export function apertisPayg(input: PaygInput): FakeAnswer {
  return apertisBody({ object: 'billing_credits', is_subscriber: false, payg: paygOf(input) });
}

/** Subscribed account; defaults are README example 2 (lite, 3 of 600 used, no fallback). */
export function apertisSubscription(
  sub: Partial<ApertisSubscription> = {},
  payg: PaygInput = { remaining_usd: 0.95, used_usd: 0.05 },
): FakeAnswer {
  const limit = sub.cycle_quota_limit ?? 600;
  const used = sub.cycle_quota_used ?? 3;
  const subscription: ApertisSubscription = {
    plan_type: 'lite',
    status: 'active',
    cycle_quota_limit: limit,
    cycle_quota_used: used,
    cycle_quota_remaining: Math.max(0, limit - used),
    cycle_start: '2026-03-16T10:02:35Z',
    cycle_end: '2026-04-16T10:02:35Z',
    payg_fallback_enabled: false,
    ...sub,
  };
  return apertisBody({ object: 'billing_credits', is_subscriber: true, payg: paygOf(payg), subscription });
}

/** The older field names, e.g. `apertisLegacy({ account_credits: 5, token_used: 2, ... })`. */
export function apertisLegacy(payg: ApertisLegacyPayg, subscription?: ApertisSubscription): FakeAnswer {
  return apertisBody({
    object: 'billing_credits',
    is_subscriber: subscription !== undefined,
    payg,
    ...(subscription ? { subscription } : {}),
  });
}

/** Any Apertis body, for shapes the helpers don't cover (malformed ones included). */
export function apertisBody(body: unknown): FakeAnswer {
  return { api: 'apertis', status: 200, body };
}

/** Apikley success: `{"code":200,"msg":"success","data":credits}`. */
export function apikleyCredits(credits: number): FakeAnswer {
  return { api: 'apikley', status: 200, body: { code: 200, msg: 'success', data: credits } };
}

/** Apikley error carried in the body's `code`, with HTTP 200 unless told otherwise. */
export function apikleyError(code: number, msg = `error ${code}`, opts: { httpStatus?: number; retryAfter?: string } = {}): FakeAnswer {
  return {
    api: 'apikley',
    status: opts.httpStatus ?? 200,
    body: { code, msg, data: null },
    ...(opts.retryAfter !== undefined ? { headers: { 'Retry-After': opts.retryAfter } } : {}),
  };
}

/** An HTTP error on either route; the body defaults to Apertis' `{"error":{"message":...}}`. */
export function httpError(status: number, body: unknown = { error: { message: `HTTP ${status}` } }, opts: { retryAfter?: string } = {}): FakeAnswer {
  return {
    status,
    body,
    ...(opts.retryAfter !== undefined ? { headers: { 'Retry-After': opts.retryAfter } } : {}),
  };
}

/** HTTP 429 with a Retry-After header (seconds or an HTTP date). */
export function rateLimited(retryAfter = '60'): FakeAnswer {
  return httpError(429, { error: { message: 'Rate limit exceeded' } }, { retryAfter });
}

/** What a proxy in front of the API might answer with instead of JSON. */
export function htmlPage(status = 502, html = '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>'): FakeAnswer {
  return { status, body: html, contentType: 'text/html; charset=utf-8' };
}

/** Never answers; the socket is dropped when the fake closes. */
export function hang(): FakeAnswer {
  return { status: 0, hang: true };
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The raw Authorization header, or null when absent. */
  authorization: string | null;
  /** Date.now() when the request arrived. */
  time: number;
}

export interface FakeApiOptions {
  /** Delay before every answer, e.g. 50 for benchmarks. */
  latencyMs?: number;
  /**
   * Send CORS headers (default true). With them the extension can fetch the fake even WITHOUT host
   * permission, so tests of the permission flow should pass `cors: false`.
   */
  cors?: boolean;
}

export interface FakeApi {
  baseUrl: string;
  port: number;
  /** Every request in arrival order, preflights included. */
  readonly requests: RecordedRequest[];
  /** Mutable at run time. */
  latencyMs: number;
  /** Script the answers for a key. Several answers are served in order and the last one repeats. */
  set(key: string, ...answers: [FakeAnswer, ...FakeAnswer[]]): void;
  /** Forget one key's script, or all of them. */
  unset(key?: string): void;
  /** Requests to one API (optionally for one key), preflights excluded. */
  requestsTo(api: Api, key?: string): RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

function unknownKey(api: Api): FakeAnswer {
  return api === 'apertis'
    ? { status: 401, body: { error: { message: 'Invalid API key' } } }
    : { status: 200, body: { code: 401, msg: 'Invalid or missing API key', data: null } };
}

function apiOf(path: string): Api | undefined {
  return (Object.keys(ROUTES) as Api[]).find((api) => ROUTES[api] === path);
}

function bearerKey(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return match?.[1]?.trim();
}

export async function startFakeApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const scripts = new Map<string, FakeAnswer[]>();
  const requests: RecordedRequest[] = [];
  const pool = createServerPool();
  const cors = options.cors ?? true ? CORS_HEADERS : {};

  const fake = {
    latencyMs: options.latencyMs ?? 0,
  };

  function nextAnswer(key: string | undefined, api: Api): FakeAnswer {
    const script = key === undefined ? undefined : scripts.get(key);
    if (!script || script.length === 0) return unknownKey(api);
    const answer = script.length > 1 ? script.shift()! : script[0]!;
    if (answer.api !== undefined && answer.api !== api) return unknownKey(api);
    return answer;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    requests.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization ?? null,
      time: Date.now(),
    });

    if (req.method === 'OPTIONS') {
      res.writeHead(options.cors ?? true ? 204 : 405, cors);
      res.end();
      return;
    }
    const api = apiOf(path);
    if (!api || req.method !== 'GET') {
      pool.send(res, { status: 404, body: { error: { message: 'Not found' } } }, 0, cors);
      return;
    }
    pool.send(res, nextAnswer(bearerKey(req.headers.authorization), api), fake.latencyMs, cors);
  }

  const { port } = await pool.listen(handle);

  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    set(key: string, ...answers: [FakeAnswer, ...FakeAnswer[]]) {
      scripts.set(key, [...answers]);
    },
    unset(key?: string) {
      if (key === undefined) scripts.clear();
      else scripts.delete(key);
    },
    requestsTo(api: Api, key?: string) {
      return requests.filter(
        (r) => r.method !== 'OPTIONS' && r.path === ROUTES[api] && (key === undefined || bearerKey(r.authorization ?? undefined) === key),
      );
    },
    clearRequests() {
      requests.length = 0;
    },
    close: () => pool.close(),
  });
}
