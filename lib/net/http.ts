// The one GET every provider makes, and the rules for turning what comes back
// (or doesn't) into typed errors. The key only ever travels in the
// Authorization header and is scrubbed from anything the server echoes.
import * as v from 'valibot';
import { fail, ok, type ErrorKind, type Result } from '../model/errors';

export interface HttpDeps {
  fetch: typeof fetch;
  now: () => number;
  /** Default 15000. */
  timeoutMs?: number;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
// A balance answer is a few hundred bytes; anything huge is not our API.
export const MAX_BODY_BYTES = 64 * 1024;
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const MAX_MESSAGE_CHARS = 200;
// C0/C1 controls plus zero-width and bidi overrides that could disguise text in the UI.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const KIND_TEXT: Partial<Record<ErrorKind, string>> = {
  auth: 'API key rejected',
  insufficient: 'Not enough credits',
  'not-found': 'Endpoint not found, check the base URL',
  'invalid-request': 'Request rejected as invalid',
  'rate-limited': 'Rate limited',
  maintenance: 'Service under maintenance',
  server: 'Server error',
  disabled: 'Feature disabled',
  'bad-response': 'Unexpected response',
};

/** Where the key travels: the header the provider reads, or nowhere (public endpoints). */
export type KeyHeader = 'bearer' | 'x-api-key' | 'none';

function keyHeaders(key: string, header: KeyHeader): Record<string, string> {
  if (header === 'none') return {};
  return header === 'x-api-key' ? { 'X-API-Key': key } : { Authorization: `Bearer ${key}` };
}

/** GET `url` with the key in its one header; fails only with timeout, network or an oversized body. */
export function httpGet(deps: HttpDeps, url: string, key: string, header: KeyHeader = 'bearer'): Promise<Result<HttpReply>> {
  return get(deps, url, keyHeaders(key, header), 'omit', key);
}

/**
 * GET `url` as the signed-in site's own page would (issue 20): the browser attaches its own session
 * cookie (`credentials: 'include'`); this code never sees, sets or stores it. `headers` carries only
 * what the site's page itself sends (ChatGPT's short-lived access token), never a cookie.
 * `secret` is scrubbed from anything the server echoes.
 */
export function sessionGet(deps: HttpDeps, url: string, headers: Record<string, string> = {}, secret = ''): Promise<Result<HttpReply>> {
  return get(deps, url, headers, 'include', secret);
}

async function get(
  deps: HttpDeps,
  url: string,
  requestHeaders: Record<string, string>,
  credentials: RequestCredentials,
  key: string,
): Promise<Result<HttpReply>> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Called detached: browsers throw "Illegal invocation" when fetch's `this` is not the global.
  const { fetch: doFetch } = deps;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'GET',
      headers: { ...requestHeaders, Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      credentials,
      cache: 'no-store',
      // A redirect could hand the Authorization header to another path or downgrade the scheme: it is
      // not followed ('manual' hands back an opaque redirect instead), and is reported as what it is.
      redirect: 'manual',
      referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    return thrownError(error, timeoutMs, key);
  }
  const { status, headers } = response;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    await response.body?.cancel().catch(() => {});
    // For a signed-in site a redirect is usually to its login page: the session code reads it as a sign-out.
    return fail('redirect', 'The server redirected the request; the key was not sent on', status ? { status } : {});
  }
  try {
    const text = await readCapped(response);
    if (text === undefined) {
      return fail('bad-response', `Response body is larger than ${MAX_BODY_BYTES / 1024} KiB`, { status });
    }
    return ok({ status, headers, text });
  } catch (error) {
    // The timeout signal also aborts a body that stalls after the headers.
    return isTimeout(error)
      ? fail('timeout', `No complete answer within ${timeoutMs / 1000} s`, { status })
      : fail('network', 'Connection lost while reading the response', { status });
  }
}

function isTimeout(error: unknown): boolean {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  return name === 'TimeoutError' || name === 'AbortError';
}

function thrownError(error: unknown, timeoutMs: number, key: string): Result<never> {
  if (isTimeout(error)) return fail('timeout', `No answer within ${timeoutMs / 1000} s`);
  const detail = sanitizeMessage(error instanceof Error ? error.message : undefined, key);
  return fail('network', detail ? `Network error: ${detail}` : 'Network error');
}

/** The body as text, or undefined once it passes the cap (stops reading there). */
async function readCapped(response: Response): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** The reply parsed as JSON, or `bad-response` saying what it was instead. */
export function readJson(reply: HttpReply): Result<unknown> {
  const { status } = reply;
  const text = reply.text.trim();
  if (!text) return fail('bad-response', 'Empty response body', { status });
  if (looksLikeHtml(reply)) return fail('bad-response', 'Expected JSON but got an HTML page', { status });
  try {
    return ok(JSON.parse(text));
  } catch {
    return fail('bad-response', 'Response is not valid JSON', { status });
  }
}

export function looksLikeHtml(reply: HttpReply): boolean {
  return (
    reply.text.trimStart().startsWith('<') ||
    (reply.headers.get('content-type') ?? '').toLowerCase().includes('text/html')
  );
}

/** Kind for a non-2xx HTTP status. */
function statusKind(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'insufficient';
  if (status === 404) return 'not-found';
  if (status === 422) return 'invalid-request';
  if (status === 429) return 'rate-limited';
  if (status >= 500 && status <= 599) return 'server';
  return 'bad-response';
}

/** A provider's own reading of a status its body explains (Moonshot's 403 may mean "no balance"). */
export type StatusKind = (status: number, body: unknown) => ErrorKind | undefined;

/** The typed error for a non-2xx reply, with the server's own message when it sent one. */
export function httpStatusError(reply: HttpReply, key: string, now: number, kindOf?: StatusKind): Result<never> {
  const parsed = readJson(reply);
  const detail =
    (parsed.ok ? sanitizeMessage(serverMessage(parsed.value), key) : undefined) ??
    (looksLikeHtml(reply) ? 'HTML page' : undefined);
  const kind = kindOf?.(reply.status, parsed.ok ? parsed.value : undefined) ?? statusKind(reply.status);
  return describedError(kind, `HTTP ${reply.status}`, detail, {
    status: reply.status,
    retryAfter: reply.headers.get('retry-after'),
    now,
  });
}

/** `{"error":{"message":...}}`, with the looser `{"error":"..."}` and `{"message":...}` some proxies send. */
function serverMessage(body: unknown): unknown {
  if (!isRecord(body)) return undefined;
  const { error } = body;
  if (isRecord(error)) return error['message'];
  return typeof error === 'string' ? error : body['message'];
}

/**
 * A failure like "API key rejected (HTTP 401): Invalid token". Rate limits carry
 * `retryAt` when the Retry-After header makes sense.
 */
export function describedError(
  kind: ErrorKind,
  origin: string,
  detail: string | undefined,
  context: { status: number; retryAfter: string | null; now: number },
): Result<never> {
  const head = `${KIND_TEXT[kind] ?? 'Error'} (${origin})`;
  const retryAt = kind === 'rate-limited' ? parseRetryAfter(context.retryAfter, context.now) : undefined;
  return fail(kind, detail ? `${head}: ${detail}` : head, {
    status: context.status,
    ...(retryAt === undefined ? {} : { retryAt }),
  });
}

/**
 * Server text made safe to show: unsafe characters removed, the key replaced by
 * `***`, whitespace collapsed, at most `maxChars` (~200) characters. Undefined when nothing is left.
 */
export function sanitizeMessage(raw: unknown, key: string, maxChars = MAX_MESSAGE_CHARS): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // Line breaks become spaces, other unsafe characters go, then the key is masked.
  let text = scrubSecrets(raw.slice(0, 4 * maxChars).replace(/\s+/g, ' ').replace(UNSAFE_CHARS, ''), key);
  text = text.trim();
  if (!text) return undefined;
  const chars = Array.from(text);
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : text;
}

// Tokens shaped like an API key (OpenAI-style `sk-…`, masked echoes with `*` or `•` included) and bearer credentials.
const KEY_SHAPED = /\b(?:sk|pk|rk|ak)[-_][\w\-*•]{6,}/gi;
const BEARER = /\bBearer\s+\S+/gi;
/** A run of this many characters of the key is a leak, whatever surrounds it. */
const KEY_RUN = 8;

/**
 * Takes secrets out of server text before it is stored or shown: the key, any
 * run of 8 or more of its characters ("Incorrect API key provided:
 * sk-abcdefgh****3456" echoes part of it), and anything shaped like a key.
 */
export function scrubSecrets(text: string, key: string): string {
  // Key-shaped tokens first: a masked echo keeps its `sk-` prefix only until the run below eats it.
  let out = text.replace(BEARER, 'Bearer ***').replace(KEY_SHAPED, '***');
  if (key.length >= KEY_RUN) {
    const runs = new Set<string>();
    for (let i = 0; i + KEY_RUN <= key.length; i++) runs.add(key.slice(i, i + KEY_RUN));
    let scrubbed = '';
    for (let i = 0; i < out.length; ) {
      if (!runs.has(out.slice(i, i + KEY_RUN))) {
        scrubbed += out[i++];
        continue;
      }
      // Extend the run as far as it stays a piece of the key.
      let end = i + KEY_RUN;
      while (end < out.length && key.includes(out.slice(i, end + 1))) end++;
      scrubbed += '***';
      i = end;
    }
    out = scrubbed;
  } else if (key) {
    out = out.split(key).join('***');
  }
  return out;
}

/**
 * Retry-After as epoch ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Past dates mean "now"; far-off answers are capped at 24 h; garbage is ignored.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  let at: number | undefined;
  if (/^\d+$/.test(text)) at = now + Number(text) * 1000;
  else at = parseHttpDate(text, now);
  if (at === undefined || !Number.isFinite(at)) return undefined;
  return Math.min(Math.max(at, now), now + MAX_RETRY_AFTER_MS);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// The three forms recipients must accept; all are GMT.
const HTTP_DATES = [
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  /^[a-z]{3}, (?<day>\d{2}) (?<mon>[a-z]{3}) (?<year>\d{4}) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) GMT$/i,
  // obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  /^[a-z]{6,9}, (?<day>\d{2})-(?<mon>[a-z]{3})-(?<year>\d{2}) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) GMT$/i,
  // obsolete asctime: Sun Nov  6 08:49:37 1994
  /^[a-z]{3} (?<mon>[a-z]{3}) {1,2}(?<day>\d{1,2}) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) (?<year>\d{4})$/i,
];

// Parsed by hand: Date.parse of the obsolete forms differs between browsers.
function parseHttpDate(text: string, now: number): number | undefined {
  for (const pattern of HTTP_DATES) {
    const parts = pattern.exec(text)?.groups;
    if (!parts) continue;
    const month = MONTHS.indexOf((parts['mon'] ?? '').toLowerCase()) + 1;
    let year = Number(parts['year']);
    if (parts['year']?.length === 2) {
      // RFC 9110: a two-digit year more than 50 years ahead is in the past century.
      year += 2000;
      if (year > new Date(now).getUTCFullYear() + 50) year -= 100;
    }
    return utcEpochMs(year, month, Number(parts['day']), Number(parts['h']), Number(parts['m']), Number(parts['s']));
  }
  return undefined;
}

/** Epoch ms for a UTC calendar time, or undefined when a field is out of range (e.g. 31 February). */
export function utcEpochMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms = 0,
): number | undefined {
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date.UTC rolls overflowing days into the next month; a round trip catches that.
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.getTime() : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Shared by both parsers: amounts spent and limits are money-like counts, never negative, never absurd.
const MAX_AMOUNT = 1e12;
const NON_NEGATIVE = 'expected a non-negative number';
export const amountSchema = v.pipe(
  v.number(NON_NEGATIVE),
  v.finite('expected a finite number'),
  v.minValue(0, NON_NEGATIVE),
  v.maxValue(MAX_AMOUNT, 'expected a number no larger than 1e12'),
  // -0 would otherwise survive and print as "-0".
  v.transform((value) => value + 0),
);

// A balance can be overdrawn: below zero, shown as such, never read as a broken answer.
const A_NUMBER = 'expected a number';
export const balanceSchema = v.pipe(
  v.number(A_NUMBER),
  v.finite('expected a finite number'),
  v.minValue(-MAX_AMOUNT, 'expected a number no smaller than -1e12'),
  v.maxValue(MAX_AMOUNT, 'expected a number no larger than 1e12'),
  v.transform((value) => value + 0),
);

/** "payg.remaining_usd: expected a non-negative number" for the first issue found. */
export function describeIssue(issues: readonly v.BaseIssue<unknown>[], prefix = ''): string {
  const issue = issues[0];
  if (!issue) return 'unexpected response shape';
  const path = [prefix, v.getDotPath(issue)].filter(Boolean).join('.');
  const missing = issue.path?.at(-1)?.origin === 'key';
  const text = missing ? 'missing' : issue.message;
  return path ? `${path}: ${text}` : text;
}
