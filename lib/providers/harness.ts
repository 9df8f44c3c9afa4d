// The shared test harness every provider's table runs through: a fake fetch
// that answers by path, the real pipeline, and the checks every provider must
// pass (errors in words, the key never in the answer). Only *.test.ts import it.
import { expect, it } from 'vitest';
import type { BalanceSnapshot } from '../model/balance';
import type { ErrorKind, Result } from '../model/errors';
import type { ProviderRead, ReadContext } from './types';

export const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
export const KEY = 'sk-test-SECRET-abcdef123456';

export interface FakeAnswer {
  status?: number;
  /** A value is sent as JSON; a string as it is. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface Call {
  url: string;
  headers: Record<string, string>;
  method: string;
  /** `include` for a signed-in site (the browser's own cookie), `omit` for a keyed one. */
  credentials: RequestCredentials | undefined;
}

/** A fetch answering each path (without the base) from `routes`; unknown paths get 404. Records every call. */
export function fakeFetch(base: string, routes: Record<string, FakeAnswer | ((call: Call) => FakeAnswer)>) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const call = { url, headers, method: init.method ?? 'GET', credentials: init.credentials };
    calls.push(call);
    const path = url.startsWith(base) ? url.slice(base.length) : url;
    const route = routes[path];
    const answer = typeof route === 'function' ? route(call) : (route ?? { status: 404, body: { error: { message: 'Not Found' } } });
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status ?? 200, headers: { 'content-type': 'application/json', ...answer.headers } });
  };
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

export interface ContextOptions {
  base: string;
  options?: Record<string, string>;
  via?: string;
  /** The last good reading (its `via` is used unless `via` is given). */
  last?: BalanceSnapshot;
  key?: string;
  now?: number;
  /** Names the throttle refuses. */
  throttled?: readonly string[];
}

export function contextFor(fetch: typeof globalThis.fetch, o: ContextOptions): ReadContext {
  return {
    http: { fetch, now: () => o.now ?? NOW },
    baseUrl: o.base,
    key: o.key ?? KEY,
    options: o.options ?? {},
    ...(o.last === undefined ? {} : { last: o.last }),
    ...((o.via ?? o.last?.via) === undefined ? {} : { via: (o.via ?? o.last?.via)! }),
    throttle: (name) => !(o.throttled ?? []).includes(name),
  };
}

/** One read against routes; also checks the key went nowhere but its header. */
export async function readWith(
  read: ProviderRead,
  routes: Record<string, FakeAnswer | ((call: Call) => FakeAnswer)>,
  o: ContextOptions,
): Promise<{ result: Result<BalanceSnapshot>; calls: Call[] }> {
  const fake = fakeFetch(o.base, routes);
  const result = await read(contextFor(fake.fetch, o));
  const key = o.key ?? KEY;
  for (const call of fake.calls) {
    expect(call.url.startsWith(o.base + '/'), `request stays on the account's base: ${call.url}`).toBe(true);
    if (key) expect(call.url).not.toContain(key);
  }
  // Whatever went wrong, the words never quote the key.
  if (!result.ok && key) expect(result.error.message).not.toContain(key.slice(-12));
  return { result, calls: fake.calls };
}

/** Asserts a success and returns the snapshot. */
export function snapshotOf(result: Result<BalanceSnapshot>): BalanceSnapshot {
  if (!result.ok) throw new Error(`expected a balance, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** Asserts a failure of `kind` and returns its message. */
export function errorOf(result: Result<BalanceSnapshot>, kind: ErrorKind): string {
  if (result.ok) throw new Error(`expected ${kind}, got a balance of ${String(result.value.remaining)}`);
  expect(result.error.kind).toBe(kind);
  expect(result.error.message.length).toBeGreaterThan(0);
  return result.error.message;
}

/**
 * The error shapes every provider must turn into words: 401/403/404/429 with
 * Retry-After, 5xx, an HTML page, a body that is not JSON. `path` is where the
 * provider's (first) request goes.
 */
export const COMMON_ERRORS: readonly { name: string; answer: FakeAnswer; kind: ErrorKind; retryAt?: number }[] = [
  { name: '401 is a rejected key', answer: { status: 401, body: { error: { message: 'Invalid API key' } } }, kind: 'auth' },
  { name: '404 says to check the base URL', answer: { status: 404, body: 'Not Found' }, kind: 'not-found' },
  {
    name: '429 honours Retry-After',
    answer: { status: 429, body: { error: { message: 'Too many requests' } }, headers: { 'retry-after': '120' } },
    kind: 'rate-limited',
    retryAt: NOW + 120_000,
  },
  { name: '500 is a server error', answer: { status: 500, body: { error: { message: 'boom' } } }, kind: 'server' },
  { name: '503 is a server error', answer: { status: 503, body: '' }, kind: 'server' },
  {
    name: 'an HTML page is not a balance',
    answer: { status: 200, body: '<!doctype html><title>Login</title>', headers: { 'content-type': 'text/html' } },
    kind: 'bad-response',
  },
  { name: 'text that is not JSON', answer: { status: 200, body: 'ok' }, kind: 'bad-response' },
  { name: 'an empty body', answer: { status: 200, body: '' }, kind: 'bad-response' },
];

/** Declares one test per COMMON_ERRORS shape against `readAnswer` (the provider's first request answered so). */
export function itTurnsCommonErrorsIntoWords(
  readAnswer: (answer: FakeAnswer) => Promise<{ result: Result<BalanceSnapshot> }>,
  prefix = '',
): void {
  it.each(COMMON_ERRORS)(`${prefix}$name`, async ({ answer, kind, retryAt }) => {
    const { result } = await readAnswer(answer);
    errorOf(result, kind);
    if (retryAt) expect(!result.ok && result.error.retryAt).toBe(retryAt);
  });
}

/** Values that must never become a number. */
export const NOT_NUMBERS: readonly unknown[] = ['12,5', 'NaN', '1e400', '', 'Infinity', true, [], {}, '0x10'];
