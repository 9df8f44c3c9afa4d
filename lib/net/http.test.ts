import { describe, expect, it, vi } from 'vitest';
import {
  httpGet,
  httpStatusError,
  MAX_BODY_BYTES,
  parseRetryAfter,
  readJson,
  sanitizeMessage,
  type HttpDeps,
  type HttpReply,
} from './http';

const NOW = Date.UTC(2026, 2, 20, 12, 0, 0);
const KEY = 'sk-test-SECRET123';
const URL_ = 'https://api.apertis.ai/v1/dashboard/billing/credits';

function depsWith(fetchImpl: (url: string, init: RequestInit) => Promise<Response>, timeoutMs?: number) {
  const fetch = vi.fn(fetchImpl);
  const deps: HttpDeps = { fetch: fetch as unknown as typeof globalThis.fetch, now: () => NOW, timeoutMs };
  return { deps, fetch };
}

function reply(text: string, status = 200, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: new Headers(headers), text };
}

function streamOf(chunks: Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks.shift();
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel: onCancel,
  });
}

describe('httpGet request', () => {
  it('makes exactly one credential-less GET with the key only in the Authorization header', async () => {
    const { deps, fetch } = depsWith(async () => new Response('{}'));
    await httpGet(deps, URL_, KEY);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(URL_);
    expect(url).not.toContain(KEY);
    expect(init).toEqual({
      method: 'GET',
      headers: { Authorization: `Bearer ${KEY}`, Accept: 'application/json' },
      signal: expect.any(AbortSignal),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'manual',
      referrerPolicy: 'no-referrer',
    });
  });

  it('calls fetch detached, as browsers require', async () => {
    let self: unknown = 'not called';
    const deps: HttpDeps = {
      fetch: function (this: unknown) {
        self = this;
        return Promise.resolve(new Response('{}'));
      } as typeof fetch,
      now: () => NOW,
    };
    await httpGet(deps, URL_, KEY);
    expect(self).toBeUndefined();
  });
});

describe('httpGet reply', () => {
  it('returns status, headers and body text', async () => {
    const { deps } = depsWith(async () => new Response('{"a":1}', { status: 503, headers: { 'retry-after': '5' } }));
    const result = await httpGet(deps, URL_, KEY);
    expect(result.ok && result.value.status).toBe(503);
    expect(result.ok && result.value.text).toBe('{"a":1}');
    expect(result.ok && result.value.headers.get('retry-after')).toBe('5');
  });

  it.each([
    ['a TimeoutError is a timeout', new DOMException('signal timed out', 'TimeoutError'), { kind: 'timeout', message: 'No answer within 15 s' }],
    ['an AbortError is a timeout', new DOMException('aborted', 'AbortError'), { kind: 'timeout', message: 'No answer within 15 s' }],
    ['a TypeError is a network error', new TypeError('Failed to fetch'), { kind: 'network', message: 'Network error: Failed to fetch' }],
    ['a key in a thrown message is masked', new Error(`bad header ${KEY}`), { kind: 'network', message: 'Network error: bad header ***' }],
    ['a thrown non-Error is a network error', 'boom', { kind: 'network', message: 'Network error' }],
  ])('%s', async (_name, thrown, error) => {
    const { deps } = depsWith(async () => {
      throw thrown;
    });
    expect(await httpGet(deps, URL_, KEY)).toEqual({ ok: false, error });
  });

  it.each([
    ['an opaque redirect (what the browser hands back)', () => Response.redirect('https://elsewhere.example/', 302)],
    ['a 301 with a Location', () => new Response(null, { status: 301, headers: { location: 'http://evil.example/' } })],
    ['a 307', () => new Response('', { status: 307 })],
  ])('a redirect is refused and says so: %s', async (_name, reply) => {
    const { deps } = depsWith(async () => reply());
    const result = await httpGet(deps, URL_, KEY);
    expect(result).toMatchObject({ ok: false, error: { kind: 'redirect', message: 'The server redirected the request; the key was not sent on' } });
  });

  it('times out through the real abort signal after timeoutMs', async () => {
    const { deps } = depsWith(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
      20,
    );
    expect(await httpGet(deps, URL_, KEY)).toEqual({
      ok: false,
      error: { kind: 'timeout', message: 'No answer within 0.02 s' },
    });
  });

  it('maps a body that stalls until the timeout to timeout, keeping the status', async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.error(new DOMException('signal timed out', 'TimeoutError'));
      },
    });
    const { deps } = depsWith(async () => new Response(body, { status: 200 }));
    expect(await httpGet(deps, URL_, KEY)).toEqual({
      ok: false,
      error: { kind: 'timeout', message: 'No complete answer within 15 s', status: 200 },
    });
  });

  it('maps a body that breaks off to network, keeping the status', async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.error(new TypeError('terminated'));
      },
    });
    const { deps } = depsWith(async () => new Response(body, { status: 200 }));
    expect(await httpGet(deps, URL_, KEY)).toEqual({
      ok: false,
      error: { kind: 'network', message: 'Connection lost while reading the response', status: 200 },
    });
  });

  const tooBig = { kind: 'bad-response', message: 'Response body is larger than 64 KiB', status: 200 };

  it.each([
    ['accepts a body of exactly the cap', () => new Response('x'.repeat(MAX_BODY_BYTES)), true],
    ['rejects one byte over the cap', () => new Response('x'.repeat(MAX_BODY_BYTES + 1)), false],
    ['counts bytes, not characters', () => new Response('é'.repeat(MAX_BODY_BYTES / 2 + 1)), false],
    [
      'rejects a declared Content-Length over the cap without reading',
      () => new Response('{}', { headers: { 'content-length': String(MAX_BODY_BYTES + 1) } }),
      false,
    ],
    [
      'rejects a streamed body once it passes the cap',
      () => new Response(streamOf(Array.from({ length: 20 }, () => new Uint8Array(8192).fill(65)))),
      false,
    ],
  ])('%s', async (_name, makeResponse, accepted) => {
    const { deps } = depsWith(async () => makeResponse());
    const result = await httpGet(deps, URL_, KEY);
    if (accepted) expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, error: tooBig });
  });

  it('stops reading an oversized stream', async () => {
    const cancel = vi.fn();
    const chunks = Array.from({ length: 100 }, () => new Uint8Array(8192));
    const { deps } = depsWith(async () => new Response(streamOf(chunks, cancel)));
    await httpGet(deps, URL_, KEY);
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(chunks.length).toBeGreaterThan(80);
  });

  it('decodes UTF-8 split across chunks and drops a BOM', async () => {
    const bytes = new TextEncoder().encode('\ufeff{"msg":"éé"}');
    const { deps } = depsWith(async () => new Response(streamOf([bytes.slice(0, 9), bytes.slice(9)])));
    const result = await httpGet(deps, URL_, KEY);
    expect(result.ok && result.value.text).toBe('{"msg":"éé"}');
  });

  it('reads a null body as empty text', async () => {
    const { deps } = depsWith(async () => new Response(null, { status: 204 }));
    const result = await httpGet(deps, URL_, KEY);
    expect(result.ok && result.value.text).toBe('');
  });
});

describe('readJson', () => {
  it.each([
    ['parses an object', reply('{"a":1}'), { ok: true, value: { a: 1 } }],
    ['parses an array', reply('[1]'), { ok: true, value: [1] }],
    ['parses 1e999 as Infinity (checked later by the parsers)', reply('{"a":1e999}'), { ok: true, value: { a: Infinity } }],
    ['rejects an empty body', reply(''), { ok: false, error: { kind: 'bad-response', message: 'Empty response body', status: 200 } }],
    ['rejects a whitespace body', reply(' \n'), { ok: false, error: { kind: 'bad-response', message: 'Empty response body', status: 200 } }],
    ['names an HTML page', reply('<!DOCTYPE html><html>…'), { ok: false, error: { kind: 'bad-response', message: 'Expected JSON but got an HTML page', status: 200 } }],
    ['names HTML by content type', reply('oops', 200, { 'content-type': 'text/html; charset=utf-8' }), { ok: false, error: { kind: 'bad-response', message: 'Expected JSON but got an HTML page', status: 200 } }],
    ['rejects truncated JSON', reply('{"payg":{"remaining_usd":5'), { ok: false, error: { kind: 'bad-response', message: 'Response is not valid JSON', status: 200 } }],
    ['rejects plain text', reply('Bad Gateway', 502), { ok: false, error: { kind: 'bad-response', message: 'Response is not valid JSON', status: 502 } }],
  ])('%s', (_name, input, expected) => {
    expect(readJson(input)).toEqual(expected);
  });
});

describe('httpStatusError', () => {
  it.each([
    [401, '{"error":{"message":"Invalid token"}}', {}, { kind: 'auth', message: 'API key rejected (HTTP 401): Invalid token', status: 401 }],
    [403, '', {}, { kind: 'auth', message: 'API key rejected (HTTP 403)', status: 403 }],
    [402, '{"error":{"message":"Quota exceeded"}}', {}, { kind: 'insufficient', message: 'Not enough credits (HTTP 402): Quota exceeded', status: 402 }],
    [404, '{"error":"no route"}', {}, { kind: 'not-found', message: 'Endpoint not found, check the base URL (HTTP 404): no route', status: 404 }],
    [422, '{"message":"bad param"}', {}, { kind: 'invalid-request', message: 'Request rejected as invalid (HTTP 422): bad param', status: 422 }],
    [429, '{}', { 'retry-after': '30' }, { kind: 'rate-limited', message: 'Rate limited (HTTP 429)', status: 429, retryAt: NOW + 30_000 }],
    [429, '', {}, { kind: 'rate-limited', message: 'Rate limited (HTTP 429)', status: 429 }],
    [500, '{"error":{"message":"boom"}}', {}, { kind: 'server', message: 'Server error (HTTP 500): boom', status: 500 }],
    [502, '<html><body>Bad Gateway</body></html>', {}, { kind: 'server', message: 'Server error (HTTP 502): HTML page', status: 502 }],
    [599, 'x', {}, { kind: 'server', message: 'Server error (HTTP 599)', status: 599 }],
    [400, '{"error":{"message":"weird"}}', {}, { kind: 'bad-response', message: 'Unexpected response (HTTP 400): weird', status: 400 }],
    [418, '', {}, { kind: 'bad-response', message: 'Unexpected response (HTTP 418)', status: 418 }],
    [401, `{"error":{"message":"Incorrect API key provided: ${KEY}"}}`, {}, { kind: 'auth', message: 'API key rejected (HTTP 401): Incorrect API key provided: ***', status: 401 }],
    [401, '{"error":{"message":42}}', {}, { kind: 'auth', message: 'API key rejected (HTTP 401)', status: 401 }],
  ])('HTTP %i %s maps to its kind', (status, body, headers, error) => {
    expect(httpStatusError(reply(body, status, headers), KEY, NOW)).toEqual({ ok: false, error });
  });

  it('ignores Retry-After outside rate limits', () => {
    expect(httpStatusError(reply('', 503, { 'retry-after': '30' }), KEY, NOW)).toEqual({
      ok: false,
      error: { kind: 'server', message: 'Server error (HTTP 503)', status: 503 },
    });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['no header', null, undefined],
    ['an empty header', '  ', undefined],
    ['delta-seconds', '120', NOW + 120_000],
    ['delta-seconds with spaces', ' 7 ', NOW + 7_000],
    ['zero seconds as now', '0', NOW],
    ['a negative number as garbage', '-5', undefined],
    ['a fraction as garbage', '1.5', undefined],
    ['a word as garbage', 'soon', undefined],
    ['an ISO date as garbage', '2026-03-20T12:01:00Z', undefined],
    ['absurd seconds capped at 24 h', '99999999999999999999', NOW + 86_400_000],
    ['an IMF-fixdate', 'Fri, 20 Mar 2026 12:05:00 GMT', NOW + 300_000],
    ['a lowercase IMF-fixdate', 'fri, 20 mar 2026 12:05:00 gmt', NOW + 300_000],
    ['an RFC 850 date', 'Friday, 20-Mar-26 12:05:00 GMT', NOW + 300_000],
    ['an asctime date', 'Fri Mar 20 12:05:00 2026', NOW + 300_000],
    ['an asctime date with a padded day', 'Sun Mar  1 12:00:00 2026', NOW],
    ['a past date as now', 'Thu, 19 Mar 2026 12:00:00 GMT', NOW],
    ['a far-future date capped at 24 h', 'Fri, 20 Mar 2099 12:00:00 GMT', NOW + 86_400_000],
    ['an impossible date as garbage', 'Tue, 31 Feb 2026 12:00:00 GMT', undefined],
    ['an impossible time as garbage', 'Fri, 20 Mar 2026 25:00:00 GMT', undefined],
    ['a date without GMT as garbage', 'Fri, 20 Mar 2026 12:05:00', undefined],
  ])('reads %s', (_name, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe('sanitizeMessage', () => {
  it.each([
    ['keeps plain text', 'Invalid token', 'Invalid token'],
    ['trims and collapses whitespace', '  two\n\tlines  ', 'two lines'],
    ['removes control and bidi characters', 'a\u0000b\u202ec\u200bd', 'abcd'],
    ['masks every occurrence of the key', `${KEY} and ${KEY}`, '*** and ***'],
    ['masks a key split by control characters', `sk-test-\u0007SECRET123`, '***'],
    ['cuts long text to 200 characters', 'x'.repeat(500), `${'x'.repeat(199)}…`],
    ['masks an OpenAI-style partial echo of the key', `Incorrect API key provided: ${KEY.slice(0, 11)}****${KEY.slice(-4)}. You can find your key at…`, 'Incorrect API key provided: ***. You can find your key at…'],
    ['masks any run of 8 characters of the key, wherever it stands', `token=xx${KEY.slice(3, 12)}yy`, 'token=xx***yy'],
    ['keeps a run of 7 characters of the key (too short to tell)', `id ${KEY.slice(0, 7)}!`, `id ${KEY.slice(0, 7)}!`],
    ['masks another key-shaped token too', 'key sk-proj-abcdefghijklmnop is wrong', 'key *** is wrong'],
    ['masks a bearer credential', 'got Authorization: Bearer abc.def.ghi', 'got Authorization: Bearer ***'],
    ['returns undefined for blank text', ' \u0000 ', undefined],
    ['returns undefined for a non-string', { message: 'x' }, undefined],
  ])('%s', (_name, raw, expected) => {
    expect(sanitizeMessage(raw, KEY)).toBe(expected);
  });
});
