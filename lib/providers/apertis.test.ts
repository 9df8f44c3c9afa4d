import { describe, expect, it, vi } from 'vitest';
import type { BalanceSnapshot } from '../model/balance';
import type { BalanceError } from '../model/errors';
import { httpDeps, respondWith } from '../testing';
import type { HttpDeps } from '../net/http';
import { read as readProvider } from './apertis';
import { createBalanceApi } from './index';

/** The provider's read with the context the pipeline gives it. */
const readApertisBalance = (http: HttpDeps, baseUrl: string, key: string) =>
  readProvider({ http, baseUrl, key, options: {}, throttle: () => true });

const NOW = Date.UTC(2026, 2, 20, 12, 0, 0);
const KEY = 'sk-test-SECRET123';
const BASE = 'https://api.apertis.ai';

const fakeFetch = (body: string, status = 200, headers: Record<string, string> = {}) => respondWith(vi, body, status, headers);
const depsFor = (fetch: ReturnType<typeof fakeFetch>) => httpDeps(fetch, NOW);

async function read(body: string, status = 200, headers: Record<string, string> = {}) {
  return readApertisBalance(depsFor(fakeFetch(body, status, headers)), BASE, KEY);
}

const json = (value: unknown) => JSON.stringify(value);
const limited = (remaining: number, used: number, total: number) => ({
  remaining_usd: remaining,
  used_usd: used,
  total_usd: total,
  is_unlimited: false,
});
const snapshot = (fields: Partial<BalanceSnapshot>): BalanceSnapshot => ({
  provider: 'apertis',
  unit: 'USD',
  remaining: null,
  unlimited: false,
  readAt: NOW,
  ...fields,
});
const bad = (message: string, status = 200): { ok: false; error: BalanceError } => ({
  ok: false,
  error: { kind: 'bad-response', message, status },
});

// The three documented examples, verbatim from the API contract.
const EXAMPLE_PAYG = `{"object":"billing_credits","is_subscriber":false,
 "payg":{"remaining_usd":5.0,"used_usd":2.0,"total_usd":7.0,"is_unlimited":false}}`;
const EXAMPLE_LITE = `{"object":"billing_credits","is_subscriber":true,
 "payg":{"remaining_usd":0.95,"used_usd":0.05,"total_usd":1.0,"is_unlimited":false},
 "subscription":{"plan_type":"lite","status":"active","cycle_quota_limit":600,"cycle_quota_used":3,
  "cycle_quota_remaining":597,"cycle_start":"2026-03-16T10:02:35Z","cycle_end":"2026-04-16T10:02:35Z",
  "payg_fallback_enabled":false}}`;
const EXAMPLE_MAX = `{"object":"billing_credits","is_subscriber":true,
 "payg":{"remaining_usd":3.0,"used_usd":0.5,"total_usd":3.5,"is_unlimited":false},
 "subscription":{"plan_type":"max","status":"active","cycle_quota_limit":5000,"cycle_quota_used":5000,
  "cycle_quota_remaining":0,"cycle_start":"2026-03-01T00:00:00Z","cycle_end":"2026-04-01T00:00:00Z",
  "payg_fallback_enabled":true,"payg_spent_usd":2.5,"payg_limit_usd":10.0}}`;

const SUBSCRIPTION = {
  plan_type: 'pro',
  status: 'active',
  cycle_quota_limit: 100,
  cycle_quota_used: 40,
  cycle_quota_remaining: 60,
  cycle_start: '2026-03-01T00:00:00Z',
  cycle_end: '2026-04-01T00:00:00Z',
  payg_fallback_enabled: false,
};
const PRO_CYCLE = {
  plan: 'pro',
  status: 'active',
  limit: 100,
  used: 40,
  remaining: 60,
  start: Date.UTC(2026, 2, 1),
  end: Date.UTC(2026, 3, 1),
  paygFallback: false,
};
const withSubscription = (subscription: unknown) =>
  json({ object: 'billing_credits', is_subscriber: true, payg: limited(1, 0, 1), subscription });
const withPayg = (payg: unknown) => json({ object: 'billing_credits', is_subscriber: false, payg });

describe('Apertis success bodies', () => {
  it.each<[string, string, BalanceSnapshot]>([
    ['reads the pay-as-you-go example', EXAMPLE_PAYG, snapshot({ remaining: 5, used: 2, total: 7 })],
    ['reads an overdrawn (negative) balance as it is', withPayg(limited(-3.2, 10, 6.8)), snapshot({ remaining: -3.2, used: 10, total: 6.8 })],
    [
      'reads a negative account balance in the older shape',
      json({ account_credits: -4, token_used: 1, token_total: 6, token_remaining: 5, token_is_unlimited: false }),
      snapshot({ remaining: 5, used: 1, total: 6, accountBalance: -4 }),
    ],
    [
      'reads the lite subscription example',
      EXAMPLE_LITE,
      snapshot({
        remaining: 0.95,
        used: 0.05,
        total: 1,
        cycle: {
          plan: 'lite',
          status: 'active',
          limit: 600,
          used: 3,
          remaining: 597,
          start: Date.UTC(2026, 2, 16, 10, 2, 35),
          end: Date.UTC(2026, 3, 16, 10, 2, 35),
          paygFallback: false,
        },
      }),
    ],
    [
      'reads the max subscription example with PAYG fallback',
      EXAMPLE_MAX,
      snapshot({
        remaining: 3,
        used: 0.5,
        total: 3.5,
        cycle: {
          plan: 'max',
          status: 'active',
          limit: 5000,
          used: 5000,
          remaining: 0,
          start: Date.UTC(2026, 2, 1),
          end: Date.UTC(2026, 3, 1),
          paygFallback: true,
          paygSpentUsd: 2.5,
          paygLimitUsd: 10,
        },
      }),
    ],
    [
      'reads an unlimited key as unlimited, never as zero',
      withPayg({ remaining_usd: null, used_usd: 12.5, total_usd: null, is_unlimited: true }),
      snapshot({ remaining: null, used: 12.5, total: null, unlimited: true }),
    ],
    [
      'lets is_unlimited win over numbers sent alongside',
      withPayg({ remaining_usd: 5, used_usd: 2, total_usd: 7, is_unlimited: true }),
      snapshot({ remaining: null, used: 2, total: null, unlimited: true }),
    ],
    ['keeps a zero balance as zero', withPayg(limited(0, 7, 7)), snapshot({ remaining: 0, used: 7, total: 7 })],
    ['turns -0 into 0', '{"payg":{"remaining_usd":-0,"used_usd":0,"total_usd":0,"is_unlimited":false}}', snapshot({ remaining: 0, used: 0, total: 0 })],
    ['accepts the 1e12 ceiling', withPayg(limited(1e12, 0, 1e12)), snapshot({ remaining: 1e12, used: 0, total: 1e12 })],
    [
      'reads a monthly cap with its reset day',
      withPayg({ ...limited(5, 2, 7), monthly_limit_usd: 50, monthly_used_usd: 12.25, monthly_reset_day: 1 }),
      snapshot({ remaining: 5, used: 2, total: 7, monthly: { limit: 50, used: 12.25, resetDay: 1 } }),
    ],
    [
      'reads a monthly cap without a reset day',
      withPayg({ ...limited(5, 2, 7), monthly_limit_usd: 50, monthly_used_usd: 0 }),
      snapshot({ remaining: 5, used: 2, total: 7, monthly: { limit: 50, used: 0 } }),
    ],
    [
      'ignores monthly usage without a monthly limit',
      withPayg({ ...limited(5, 2, 7), monthly_used_usd: 3, monthly_reset_day: 15 }),
      snapshot({ remaining: 5, used: 2, total: 7 }),
    ],
    [
      'reads the older field names inside payg',
      withPayg({ account_credits: 20, token_used: 1, token_total: 6, token_remaining: 5, token_is_unlimited: false }),
      snapshot({ remaining: 5, used: 1, total: 6, accountBalance: 20 }),
    ],
    [
      'reads the older field names at the top level when there is no payg',
      json({ object: 'billing_credits', account_credits: 20, token_used: 1, token_total: 6, token_remaining: 5, token_is_unlimited: false }),
      snapshot({ remaining: 5, used: 1, total: 6, accountBalance: 20 }),
    ],
    [
      'reads the older "unlimited" strings as unlimited',
      json({ account_credits: 20, token_used: 3, token_total: 'unlimited', token_remaining: 'unlimited', token_is_unlimited: true }),
      snapshot({ remaining: null, used: 3, total: null, unlimited: true, accountBalance: 20 }),
    ],
    [
      'reads token_remaining "unlimited" alone as unlimited',
      withPayg({ token_used: 3, token_remaining: 'unlimited' }),
      snapshot({ remaining: null, used: 3, total: null, unlimited: true }),
    ],
    [
      'lets token_is_unlimited win over numbers',
      withPayg({ account_credits: 0, token_used: 3, token_total: 8, token_remaining: 5, token_is_unlimited: true }),
      snapshot({ remaining: null, used: 3, total: null, unlimited: true, accountBalance: 0 }),
    ],
    [
      'prefers current names when both shapes are mixed',
      withPayg({ ...limited(5, 2, 7), token_remaining: 99, token_used: 99, token_total: 99, account_credits: 30 }),
      snapshot({ remaining: 5, used: 2, total: 7, accountBalance: 30 }),
    ],
    [
      'reads a body without used and total',
      withPayg({ remaining_usd: 4 }),
      snapshot({ remaining: 4 }),
    ],
    [
      'tolerates unknown extra fields everywhere',
      json({
        object: 'billing_credits',
        is_subscriber: true,
        new_top_field: { nested: [1, 2] },
        payg: { ...limited(5, 2, 7), currency: 'USD', future: null },
        subscription: { ...SUBSCRIPTION, region: 'eu', extra: [] },
      }),
      snapshot({ remaining: 5, used: 2, total: 7, cycle: PRO_CYCLE }),
    ],
    ['accepts a body without the object field', json({ payg: limited(5, 2, 7) }), snapshot({ remaining: 5, used: 2, total: 7 })],
    ['treats a null subscription as none', withSubscription(null), snapshot({ remaining: 1, used: 0, total: 1 })],
    [
      'keeps unknown plan and status names as text',
      withSubscription({ ...SUBSCRIPTION, plan_type: 'Enterprise 2026', status: 'past_due' }),
      snapshot({ remaining: 1, used: 0, total: 1, cycle: { ...PRO_CYCLE, plan: 'Enterprise 2026', status: 'past_due' } }),
    ],
    [
      'cuts a long plan name to 40 characters and strips control characters',
      withSubscription({ ...SUBSCRIPTION, plan_type: `\u202e${'p'.repeat(60)}`, status: 'act\u0000ive' }),
      snapshot({ remaining: 1, used: 0, total: 1, cycle: { ...PRO_CYCLE, plan: `${'p'.repeat(39)}…`, status: 'active' } }),
    ],
    [
      'reads dates with fractions and zone offsets',
      withSubscription({ ...SUBSCRIPTION, cycle_start: '2026-03-01T08:00:00.123456+08:00', cycle_end: '2026-03-31T19:00:00-05:00' }),
      snapshot({ remaining: 1, used: 0, total: 1, cycle: { ...PRO_CYCLE, start: Date.UTC(2026, 2, 1, 0, 0, 0, 123), end: Date.UTC(2026, 3, 1) } }),
    ],
    [
      'reads a date without a zone as UTC',
      withSubscription({ ...SUBSCRIPTION, cycle_start: '2026-03-01T00:00:00', cycle_end: '2026-04-01 00:00:00' }),
      snapshot({ remaining: 1, used: 0, total: 1, cycle: PRO_CYCLE }),
    ],
  ])('%s', async (_name, body, expected) => {
    expect(await read(body)).toEqual({ ok: true, value: expected });
  });

  it('stamps readAt from the injected clock', async () => {
    const deps = httpDeps(fakeFetch(EXAMPLE_PAYG), 1234);
    const result = await readApertisBalance(deps, BASE, KEY);
    expect(result.ok && result.value.readAt).toBe(1234);
  });
});

describe('Apertis hostile bodies', () => {
  it.each([
    ['rejects truncated JSON', '{"object":"billing_credits","payg":{"remaining_usd":5', bad('Response is not valid JSON')],
    ['rejects an HTML page', '<!doctype html><title>Login</title>', bad('Expected JSON but got an HTML page')],
    ['rejects an empty body', '', bad('Empty response body')],
    ['rejects an array body', '[{"payg":{}}]', bad('expected a JSON object')],
    ['rejects a null body', 'null', bad('expected a JSON object')],
    ['rejects a bare number', '5', bad('expected a JSON object')],
    ['rejects another object type', json({ object: 'list', payg: limited(5, 2, 7) }), bad('object: expected "billing_credits"')],
    ['rejects a null payg', json({ object: 'billing_credits', payg: null }), bad('payg: expected an object')],
    ['rejects an array payg', json({ payg: [limited(5, 2, 7)] }), bad('payg: expected an object')],
    ['rejects a body with no balance at all', json({ object: 'billing_credits', is_subscriber: false }), bad('payg: missing')],
    ['rejects a missing remaining_usd', withPayg({ used_usd: 1, total_usd: 1, is_unlimited: false }), bad('payg.remaining_usd: missing')],
    ['rejects a missing token_remaining in the older shape', json({ token_used: 1, token_total: 1 }), bad('token_remaining: missing')],
    ['rejects a string for a number', withPayg({ ...limited(5, 2, 7), remaining_usd: '5.0' }), bad('payg.remaining_usd: expected a number')],
    ['rejects an object for a number', withPayg({ ...limited(5, 2, 7), remaining_usd: { value: 5 } }), bad('payg.remaining_usd: expected a number')],
    ['rejects a boolean for a number', withPayg({ ...limited(5, 2, 7), used_usd: true }), bad('payg.used_usd: expected a non-negative number')],
    ['rejects a huge balance', withPayg(limited(1e300, 2, 7)), bad('payg.remaining_usd: expected a number no larger than 1e12')],
    ['rejects 1e999, which parses to Infinity', '{"payg":{"remaining_usd":1e999,"used_usd":0,"total_usd":0,"is_unlimited":false}}', bad('payg.remaining_usd: expected a finite number')],
    ['rejects -1e999', '{"payg":{"remaining_usd":5,"used_usd":-1e999,"total_usd":0,"is_unlimited":false}}', bad('payg.used_usd: expected a finite number')],
    ['rejects a null balance on a limited key', withPayg({ remaining_usd: null, used_usd: 2, total_usd: null, is_unlimited: false }), bad('payg.remaining_usd: expected a number')],
    ['rejects a null balance without any unlimited flag', withPayg({ remaining_usd: null, used_usd: 2 }), bad('payg.remaining_usd: expected a number')],
    ['rejects a null total on a limited key', withPayg({ ...limited(5, 2, 7), total_usd: null }), bad('payg.total_usd: expected a number')],
    ['rejects a null used', withPayg({ ...limited(5, 2, 7), used_usd: null }), bad('payg.used_usd: expected a non-negative number')],
    ['rejects a string is_unlimited', withPayg({ ...limited(5, 2, 7), is_unlimited: 'true' }), bad('payg.is_unlimited: expected true or false')],
    ['still checks types when unlimited', withPayg({ remaining_usd: '∞', used_usd: 2, total_usd: null, is_unlimited: true }), bad('payg.remaining_usd: expected a number')],
    ['rejects any other string in the older shape', withPayg({ token_remaining: 'lots', token_used: 1 }), bad('payg.token_remaining: expected a number or "unlimited"')],
    ['rejects a minus-infinite older balance', '{"token_remaining":-1e999,"token_used":1}', bad('token_remaining: expected a number or "unlimited"')],
    ['rejects a string account balance', json({ token_remaining: 3, account_credits: '20' }), bad('account_credits: expected a number')],
    ['rejects a monthly limit without monthly usage', withPayg({ ...limited(5, 2, 7), monthly_limit_usd: 50 }), bad('payg.monthly_used_usd: missing')],
    ['rejects reset day 0', withPayg({ ...limited(5, 2, 7), monthly_limit_usd: 50, monthly_used_usd: 1, monthly_reset_day: 0 }), bad('payg.monthly_reset_day: expected a whole day of month from 1 to 31')],
    ['rejects reset day 32', withPayg({ ...limited(5, 2, 7), monthly_limit_usd: 50, monthly_used_usd: 1, monthly_reset_day: 32 }), bad('payg.monthly_reset_day: expected a whole day of month from 1 to 31')],
    ['rejects a fractional reset day', withPayg({ ...limited(5, 2, 7), monthly_limit_usd: 50, monthly_used_usd: 1, monthly_reset_day: 1.5 }), bad('payg.monthly_reset_day: expected a whole day of month from 1 to 31')],
    ['rejects a string reset day', withPayg({ ...limited(5, 2, 7), monthly_limit_usd: 50, monthly_used_usd: 1, monthly_reset_day: '1' }), bad('payg.monthly_reset_day: expected a whole day of month from 1 to 31')],
    ['rejects a negative monthly limit', withPayg({ ...limited(5, 2, 7), monthly_limit_usd: -50, monthly_used_usd: 1 }), bad('payg.monthly_limit_usd: expected a non-negative number')],
    ['rejects an array subscription', withSubscription([SUBSCRIPTION]), bad('subscription: expected an object')],
    ['rejects a string subscription', withSubscription('pro'), bad('subscription: expected an object')],
    ['rejects a fractional quota', withSubscription({ ...SUBSCRIPTION, cycle_quota_limit: 1.5 }), bad('subscription.cycle_quota_limit: expected a non-negative whole number')],
    ['rejects a negative quota', withSubscription({ ...SUBSCRIPTION, cycle_quota_used: -1 }), bad('subscription.cycle_quota_used: expected a non-negative whole number')],
    ['rejects an unsafe integer quota', withSubscription({ ...SUBSCRIPTION, cycle_quota_remaining: 2 ** 53 }), bad('subscription.cycle_quota_remaining: expected a non-negative whole number')],
    ['rejects a string quota', withSubscription({ ...SUBSCRIPTION, cycle_quota_limit: '600' }), bad('subscription.cycle_quota_limit: expected a non-negative whole number')],
    ['rejects a missing quota', withSubscription({ ...SUBSCRIPTION, cycle_quota_remaining: undefined }), bad('subscription.cycle_quota_remaining: missing')],
    ['rejects a date that is not ISO', withSubscription({ ...SUBSCRIPTION, cycle_start: 'March 1, 2026' }), bad('subscription.cycle_start: expected an ISO 8601 date')],
    ['rejects 31 February', withSubscription({ ...SUBSCRIPTION, cycle_end: '2026-02-31T00:00:00Z' }), bad('subscription.cycle_end: expected an ISO 8601 date')],
    ['rejects a numeric date', withSubscription({ ...SUBSCRIPTION, cycle_end: 1775001600 }), bad('subscription.cycle_end: expected an ISO 8601 date')],
    ['rejects a non-string plan', withSubscription({ ...SUBSCRIPTION, plan_type: 5 }), bad('subscription.plan_type: expected a string')],
    ['rejects a null status', withSubscription({ ...SUBSCRIPTION, status: null }), bad('subscription.status: expected a string')],
    ['rejects a missing fallback flag', withSubscription({ ...SUBSCRIPTION, payg_fallback_enabled: undefined }), bad('subscription.payg_fallback_enabled: missing')],
    ['rejects a negative fallback spend', withSubscription({ ...SUBSCRIPTION, payg_fallback_enabled: true, payg_spent_usd: -2 }), bad('subscription.payg_spent_usd: expected a non-negative number')],
  ])('%s', async (_name, body, expected) => {
    expect(await read(body)).toEqual(expected);
  });
});

describe('Apertis HTTP errors', () => {
  const retryDate = 'Fri, 20 Mar 2026 12:10:00 GMT';
  it.each<[string, number, string, Record<string, string>, BalanceError]>([
    ['401 is auth with the server message', 401, '{"error":{"message":"Invalid API key"}}', {}, { kind: 'auth', message: 'API key rejected (HTTP 401): Invalid API key', status: 401 }],
    ['403 is auth', 403, '{"error":{"message":"forbidden"}}', {}, { kind: 'auth', message: 'API key rejected (HTTP 403): forbidden', status: 403 }],
    ['401 never echoes the key', 401, `{"error":{"message":"Incorrect API key provided: ${KEY}."}}`, {}, { kind: 'auth', message: 'API key rejected (HTTP 401): Incorrect API key provided: ***.', status: 401 }],
    ['402 is insufficient', 402, '{"error":{"message":"Insufficient balance"}}', {}, { kind: 'insufficient', message: 'Not enough credits (HTTP 402): Insufficient balance', status: 402 }],
    ['404 is not-found', 404, '404 page not found', {}, { kind: 'not-found', message: 'Endpoint not found, check the base URL (HTTP 404)', status: 404 }],
    ['422 is invalid-request', 422, '{"error":{"message":"bad request"}}', {}, { kind: 'invalid-request', message: 'Request rejected as invalid (HTTP 422): bad request', status: 422 }],
    ['429 takes retryAt from Retry-After seconds', 429, '{"error":{"message":"Too many requests"}}', { 'retry-after': '60' }, { kind: 'rate-limited', message: 'Rate limited (HTTP 429): Too many requests', status: 429, retryAt: NOW + 60_000 }],
    ['429 takes retryAt from a Retry-After date', 429, '', { 'retry-after': retryDate }, { kind: 'rate-limited', message: 'Rate limited (HTTP 429)', status: 429, retryAt: NOW + 600_000 }],
    ['429 without Retry-After has no retryAt', 429, '', {}, { kind: 'rate-limited', message: 'Rate limited (HTTP 429)', status: 429 }],
    ['429 with a garbage Retry-After has no retryAt', 429, '', { 'retry-after': 'later' }, { kind: 'rate-limited', message: 'Rate limited (HTTP 429)', status: 429 }],
    ['500 is server', 500, '{"error":{"message":"internal error"}}', {}, { kind: 'server', message: 'Server error (HTTP 500): internal error', status: 500 }],
    ['502 with a proxy HTML page is server', 502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', { 'content-type': 'text/html' }, { kind: 'server', message: 'Server error (HTTP 502): HTML page', status: 502 }],
    ['503 without a body is server', 503, '', {}, { kind: 'server', message: 'Server error (HTTP 503)', status: 503 }],
    ['an unlisted 4xx status is bad-response', 400, '{"error":{"message":"nope"}}', {}, { kind: 'bad-response', message: 'Unexpected response (HTTP 400): nope', status: 400 }],
  ])('%s', async (_name, status, body, headers, error) => {
    expect(await read(body, status, headers)).toEqual({ ok: false, error });
  });

  it('reads a 2xx status other than 200 as success', async () => {
    expect(await read(EXAMPLE_PAYG, 203)).toEqual({ ok: true, value: snapshot({ remaining: 5, used: 2, total: 7 }) });
  });
});

describe('Apertis request through the balance API', () => {
  it.each([
    ['the official base', 'https://api.apertis.ai', 'https://api.apertis.ai/v1/dashboard/billing/credits'],
    ['a base with a trailing slash', 'https://api.apertis.ai/', 'https://api.apertis.ai/v1/dashboard/billing/credits'],
    ['a path-prefixed gateway', 'https://gw.example.com/apertis/', 'https://gw.example.com/apertis/v1/dashboard/billing/credits'],
    ['a local gateway with a port', 'http://localhost:3000', 'http://localhost:3000/v1/dashboard/billing/credits'],
  ])('sends one GET for %s with the key only in the Authorization header', async (_name, baseUrl, url) => {
    const fetch = fakeFetch(EXAMPLE_PAYG);
    const api = createBalanceApi(depsFor(fetch));
    const result = await api.read({ provider: 'apertis', baseUrl, key: ` ${KEY} ` });
    expect(result).toEqual({ ok: true, value: snapshot({ remaining: 5, used: 2, total: 7 }) });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [calledUrl, init] = fetch.mock.calls[0]!;
    expect(calledUrl).toBe(url);
    expect(calledUrl).not.toContain(KEY);
    expect(init.method).toBe('GET');
    expect(init.headers).toEqual({ Authorization: `Bearer ${KEY}`, Accept: 'application/json' });
    expect(init.body).toBeUndefined();
  });

  it.each<[string, { baseUrl: string; key: string; provider?: string }, BalanceError]>([
    ['refuses an http base before sending the key', { baseUrl: 'http://api.apertis.ai', key: KEY }, { kind: 'bad-url', message: 'Base URL must use https:// (http:// is only allowed for localhost)' }],
    ['refuses an empty key', { baseUrl: BASE, key: '  ' }, { kind: 'auth', message: 'API key is empty' }],
    ['refuses a key with a newline', { baseUrl: BASE, key: 'sk-a\nb' }, { kind: 'auth', message: 'API key may only contain printable ASCII characters without spaces' }],
    ['refuses an unknown provider', { baseUrl: BASE, key: KEY, provider: 'toString' }, { kind: 'bad-response', message: 'Unknown provider' }],
  ])('%s without fetching', async (_name, account, error) => {
    const fetch = fakeFetch(EXAMPLE_PAYG);
    const api = createBalanceApi(depsFor(fetch));
    const provider = (account.provider ?? 'apertis') as 'apertis';
    expect(await api.read({ ...account, provider })).toEqual({ ok: false, error });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('never throws, even when an injected dependency does', async () => {
    const api = createBalanceApi({
      fetch: fakeFetch(EXAMPLE_PAYG) as unknown as typeof fetch,
      now: () => {
        throw new Error(`clock broke ${KEY}`);
      },
    });
    expect(await api.read({ provider: 'apertis', baseUrl: BASE, key: KEY })).toEqual({
      ok: false,
      error: { kind: 'bad-response', message: 'Unexpected error while reading the balance' },
    });
  });
});
