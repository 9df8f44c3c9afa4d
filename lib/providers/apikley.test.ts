import { describe, expect, it, vi } from 'vitest';
import type { BalanceSnapshot } from '../model/balance';
import type { BalanceError, ErrorKind } from '../model/errors';
import { httpDeps, respondWith } from '../testing';
import type { HttpDeps } from '../net/http';
import { read as readProvider } from './apikley';
import { createBalanceApi } from './index';

/** The provider's read with the context the pipeline gives it. */
const readApikleyBalance = (http: HttpDeps, baseUrl: string, key: string) =>
  readProvider({ http, baseUrl, key, options: {}, throttle: () => true });

const NOW = Date.UTC(2026, 2, 20, 12, 0, 0);
const KEY = 'apk-live-SECRET123';
const BASE = 'https://api.apikley.ru';

const fakeFetch = (body: string, status = 200, headers: Record<string, string> = {}) => respondWith(vi, body, status, headers);
const depsFor = (fetch: ReturnType<typeof fakeFetch>) => httpDeps(fetch, NOW);

async function read(body: string, status = 200, headers: Record<string, string> = {}) {
  return readApikleyBalance(depsFor(fakeFetch(body, status, headers)), BASE, KEY);
}

const json = (value: unknown) => JSON.stringify(value);
const credits = (remaining: number): BalanceSnapshot => ({
  provider: 'apikley',
  unit: 'credits',
  remaining,
  unlimited: false,
  readAt: NOW,
});
const failure = (error: BalanceError) => ({ ok: false, error });

describe('Apikley success', () => {
  it.each<[string, string, number, number]>([
    ['reads the documented example', '{"code":200,"msg":"success","data":100}', 200, 100],
    ['reads zero credits as zero', json({ code: 200, msg: 'success', data: 0 }), 200, 0],
    ['reads negative credits as overdrawn, not as a broken answer', json({ code: 200, msg: 'success', data: -5 }), 200, -5],
    ['reads fractional credits', json({ code: 200, msg: 'success', data: 12.5 }), 200, 12.5],
    ['accepts the 1e12 ceiling', json({ code: 200, msg: 'success', data: 1e12 }), 200, 1e12],
    ['tolerates unknown extra fields', json({ code: 200, msg: 'success', data: 7, trace_id: 'abc', extra: { a: [1] } }), 200, 7],
    ['accepts a missing msg', json({ code: 200, data: 7 }), 200, 7],
    ['lets body code 200 win over an HTTP error status', json({ code: 200, msg: 'success', data: 9 }), 500, 9],
  ])('%s', async (_name, body, status, remaining) => {
    expect(await read(body, status)).toEqual({ ok: true, value: credits(remaining) });
  });
});

describe('Apikley error codes', () => {
  const cases: [number, ErrorKind, string][] = [
    [401, 'auth', 'API key rejected'],
    [402, 'insufficient', 'Not enough credits'],
    [404, 'not-found', 'Endpoint not found, check the base URL'],
    [422, 'invalid-request', 'Request rejected as invalid'],
    [429, 'rate-limited', 'Rate limited'],
    [455, 'maintenance', 'Service under maintenance'],
    [500, 'server', 'Server error'],
    [505, 'disabled', 'Feature disabled'],
    [418, 'bad-response', 'Unexpected response'],
    [0, 'bad-response', 'Unexpected response'],
  ];
  // Every code both as the provider sends it (HTTP 200) and with a matching HTTP status.
  const table = cases.flatMap(([code, kind, text]) =>
    [200, code >= 200 ? code : 400].map((httpStatus) => [code, httpStatus, kind, text] as const),
  );

  it.each(table)('code %i with HTTP %i is %s', async (code, httpStatus, kind, text) => {
    const body = json({ code, msg: 'provider says no', data: null });
    expect(await read(body, httpStatus)).toEqual(
      failure({ kind, message: `${text} (code ${code}): provider says no`, status: code }),
    );
  });

  it.each<[string, number, Record<string, string>, number | undefined]>([
    ['code 429 takes retryAt from Retry-After seconds under HTTP 200', 200, { 'retry-after': '30' }, NOW + 30_000],
    ['code 429 takes retryAt from Retry-After seconds under HTTP 429', 429, { 'retry-after': '30' }, NOW + 30_000],
    ['code 429 takes retryAt from a Retry-After date', 429, { 'retry-after': 'Fri, 20 Mar 2026 12:01:00 GMT' }, NOW + 60_000],
    ['code 429 without Retry-After has no retryAt', 200, {}, undefined],
  ])('%s', async (_name, httpStatus, headers, retryAt) => {
    const body = json({ code: 429, msg: 'too many requests', data: 0 });
    const error: BalanceError = { kind: 'rate-limited', message: 'Rate limited (code 429): too many requests', status: 429 };
    if (retryAt !== undefined) error.retryAt = retryAt;
    expect(await read(body, httpStatus, headers)).toEqual(failure(error));
  });

  it.each<[string, unknown, string]>([
    ['masks the key in msg', `invalid key ${KEY}`, 'API key rejected (code 401): invalid key ***'],
    ['strips control characters from msg', 'bad\u0000 key\n\u202e', 'API key rejected (code 401): bad key'],
    ['cuts a long msg', 'x'.repeat(300), `API key rejected (code 401): ${'x'.repeat(199)}…`],
    ['leaves out a non-string msg', { text: 'x' }, 'API key rejected (code 401)'],
    ['leaves out a blank msg', '   ', 'API key rejected (code 401)'],
  ])('%s', async (_name, msg, message) => {
    expect(await read(json({ code: 401, msg, data: null }))).toEqual(
      failure({ kind: 'auth', message, status: 401 }),
    );
  });
});

describe('Apikley hostile bodies', () => {
  const bad = (message: string, status = 200) => failure({ kind: 'bad-response', message, status });
  it.each<[string, string, number, ReturnType<typeof bad> | ReturnType<typeof failure>]>([
    ['rejects a string for the credits', json({ code: 200, msg: 'success', data: '100' }), 200, bad('data: expected a number')],
    ['rejects an object for the credits', json({ code: 200, msg: 'success', data: { credits: 1 } }), 200, bad('data: expected a number')],
    ['rejects null credits', json({ code: 200, msg: 'success', data: null }), 200, bad('data: expected a number')],
    ['rejects missing credits', json({ code: 200, msg: 'success' }), 200, bad('data: expected a number')],
    ['rejects huge credits', json({ code: 200, msg: 'success', data: 1e300 }), 200, bad('data: expected a number no larger than 1e12')],
    ['rejects 1e999, which parses to Infinity', '{"code":200,"msg":"success","data":1e999}', 200, bad('data: expected a finite number')],
    ['rejects truncated JSON', '{"code":200,"msg":"succ', 200, bad('Response is not valid JSON')],
    ['rejects an HTML page under HTTP 200', '<html><body>Welcome</body></html>', 200, bad('Expected JSON but got an HTML page')],
    ['rejects an empty body under HTTP 200', '', 200, bad('Empty response body')],
    ['rejects an array body', '[200,"success",5]', 200, bad('expected a {code, msg, data} body')],
    ['rejects a string code', json({ code: '200', msg: 'success', data: 5 }), 200, bad('expected a {code, msg, data} body')],
    ['rejects a fractional code', json({ code: 200.5, msg: 'success', data: 5 }), 200, bad('expected a {code, msg, data} body')],
    ['rejects a body without a code', json({ msg: 'success', data: 5 }), 200, bad('expected a {code, msg, data} body')],
    ['falls back to HTTP 502 for a proxy HTML page', '<html><title>502 Bad Gateway</title></html>', 502, failure({ kind: 'server', message: 'Server error (HTTP 502): HTML page', status: 502 })],
    ['falls back to HTTP 503 for an empty body', '', 503, failure({ kind: 'server', message: 'Server error (HTTP 503)', status: 503 })],
    ['falls back to HTTP 401 with an OpenAI-style error', '{"error":{"message":"bad key"}}', 401, failure({ kind: 'auth', message: 'API key rejected (HTTP 401): bad key', status: 401 })],
    ['falls back to HTTP 404 for plain text', '404 page not found', 404, failure({ kind: 'not-found', message: 'Endpoint not found, check the base URL (HTTP 404)', status: 404 })],
  ])('%s', async (_name, body, status, expected) => {
    expect(await read(body, status)).toEqual(expected);
  });

  it('falls back to HTTP 429 with Retry-After when there is no envelope', async () => {
    expect(await read('Too Many Requests', 429, { 'retry-after': '120' })).toEqual(
      failure({ kind: 'rate-limited', message: 'Rate limited (HTTP 429)', status: 429, retryAt: NOW + 120_000 }),
    );
  });
});

describe('Apikley request through the balance API', () => {
  it.each([
    ['the official base', 'https://api.apikley.ru', 'https://api.apikley.ru/api/v1/chat/credit'],
    ['a path-prefixed gateway', 'https://gw.example.com/apikley//', 'https://gw.example.com/apikley/api/v1/chat/credit'],
    ['a loopback gateway', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080/api/v1/chat/credit'],
  ])('sends one GET for %s with the key only in the Authorization header', async (_name, baseUrl, url) => {
    const fetch = fakeFetch('{"code":200,"msg":"success","data":100}');
    const api = createBalanceApi(depsFor(fetch));
    expect(await api.read({ provider: 'apikley', baseUrl, key: KEY })).toEqual({ ok: true, value: credits(100) });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [calledUrl, init] = fetch.mock.calls[0]!;
    expect(calledUrl).toBe(url);
    expect(calledUrl).not.toContain(KEY);
    expect(init.method).toBe('GET');
    expect(init.headers).toEqual({ Authorization: `Bearer ${KEY}`, Accept: 'application/json' });
    expect(init.body).toBeUndefined();
  });

  it('maps a thrown network error without throwing', async () => {
    const api = createBalanceApi({
      fetch: vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
      now: () => NOW,
    });
    expect(await api.read({ provider: 'apikley', baseUrl: BASE, key: KEY })).toEqual(
      failure({ kind: 'network', message: 'Network error: Failed to fetch' }),
    );
  });
});
