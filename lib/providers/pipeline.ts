// The one read pipeline every provider uses: GET, status, JSON, then the
// provider's own success test and parse. Plus the small readers of untrusted
// values the catalogue needs (decimal strings, dot paths, error bodies).
import { fail, ok, type ErrorKind, type Result } from '../model/errors';
import { describedError, httpGet, httpStatusError, isRecord, readJson, sanitizeMessage, utcEpochMs, type KeyHeader, type StatusKind } from '../net/http';
import type { ReadContext } from './types';

export interface JsonReply {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * GET `{base}{path}` with the key in `header` (or none): a non-2xx answer becomes
 * its typed error with the server's own words (`kindOf` may read a status the
 * provider's body explains); a 2xx answer must be JSON.
 */
export async function getJson(
  ctx: ReadContext,
  path: string,
  header: KeyHeader = 'bearer',
  kindOf?: StatusKind,
): Promise<Result<JsonReply>> {
  const reply = await httpGet(ctx.http, ctx.baseUrl + path, ctx.key, header);
  if (!reply.ok) return reply;
  const { status, headers } = reply.value;
  if (status < 200 || status > 299) return httpStatusError(reply.value, ctx.key, ctx.http.now(), kindOf);
  const body = readJson(reply.value);
  return body.ok ? ok({ status, body: body.value, headers }) : body;
}

/**
 * The error a 2xx body carries instead of numbers: `{"error": {...}}`,
 * `{"error": "..."}`, `{"success": false, "message": ...}`. Undefined when the body
 * does not look like an error.
 */
export function errorInBody(body: unknown, ctx: ReadContext, status: number): Result<never> | undefined {
  if (!isRecord(body)) return undefined;
  const { error } = body;
  let raw: unknown;
  if (isRecord(error)) raw = error['message'] ?? error['type'] ?? '';
  else if (typeof error === 'string' && error) raw = error;
  else if (body['success'] === false) raw = body['message'] ?? '';
  else return undefined;
  return errorInWords(raw, ctx, status);
}

/** A failure the server put in words (made safe to show), its kind read from those words. */
export function errorInWords(raw: unknown, ctx: ReadContext, status: number): Result<never> {
  const text = sanitizeMessage(raw, ctx.key);
  return describedError(wordsKind(text ?? ''), `HTTP ${status}`, text, { status, retryAfter: null, now: ctx.http.now() });
}

/** Kinds the common English (and Chinese) error words name; anything else is an unexpected response. */
function wordsKind(text: string): ErrorKind {
  const lower = text.toLowerCase();
  // "Invalid API key", "Your api key is invalid", "Invalid Authentication", "Incorrect API key provided", 无效的令牌.
  if (/(invalid|incorrect|wrong|expired).{0,20}(key|token|auth)|(key|token).{0,20}(invalid|expired)|unauthori[sz]ed|令牌/.test(lower)) return 'auth';
  if (/insufficient|quota|balance|余额|额度/.test(lower)) return 'insufficient';
  if (/rate limit|too many requests/.test(lower)) return 'rate-limited';
  return 'bad-response';
}

const DECIMAL = /^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
/** Past this a number is not a balance: raw gateway quotas reach 1e14, money never 1e12. */
export const MAX_RAW = 1e15;

/**
 * A finite number from a JSON number or a decimal string (`"110.00"`), as
 * providers send both. `"12,5"`, `"NaN"`, `"1e400"`, `""` and booleans are
 * refused with the field's name.
 */
export function decimal(value: unknown, field: string, max = MAX_RAW): Result<number> {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && DECIMAL.test(value.trim())) n = Number(value.trim());
  if (n === undefined) return fail('bad-response', `${field}: ${value === undefined ? 'missing' : 'expected a number'}`);
  if (!Number.isFinite(n) || Math.abs(n) > max) return fail('bad-response', `${field}: expected a finite number no larger than ${max}`);
  // -0 would print as "-0".
  return ok(n + 0);
}

/**
 * An optional secondary figure: a number when it reads as one, else absent. A
 * missing or garbled extra never costs the balance beside it.
 */
export function optionalDecimal(value: unknown, max = MAX_RAW): number | undefined {
  const read = decimal(value, '', max);
  return read.ok ? read.value : undefined;
}

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_PATH_SEGMENTS = 8;

/** Whether `path` is a plain dot path (`data.0.balance`): names and indexes, at most 8 segments, nothing else. */
export function isDotPath(path: string): boolean {
  const parts = path.split('.');
  return parts.length <= MAX_PATH_SEGMENTS && parts.every((part) => SEGMENT.test(part));
}

/** The value at a plain dot path; only own properties and array indexes, never a prototype. */
export function atPath(body: unknown, path: string): unknown {
  if (!isDotPath(path)) return undefined;
  let here: unknown = body;
  for (const part of path.split('.')) {
    if (Array.isArray(here)) here = /^\d+$/.test(part) ? here[Number(part)] : undefined;
    else if (isRecord(here) && Object.hasOwn(here, part)) here = here[part];
    else return undefined;
  }
  return here;
}

/** A short label or currency a server or the user chose, safe to show; undefined when nothing is left. */
export function unitLabel(raw: unknown): string | undefined {
  // No angle brackets: stored units are refused with them (see lib/store/schema.ts).
  return sanitizeMessage(typeof raw === 'string' ? raw.replace(/[<>]/g, '') : raw, '', 16);
}

// RFC 3339 as Go and Python servers write it; a missing zone is read as UTC, the
// servers' own clock. Parsed by hand because Date.parse accepts "February 31".
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/i;

/** Epoch ms, or undefined; fractions past milliseconds (Python's microseconds) are cut, not rounded. */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, fraction, , sign, offsetHours, offsetMinutes] = m;
  const ms = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const local = utcEpochMs(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    ms,
  );
  if (local === undefined) return undefined;
  if (!sign) return local;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return sign === '-' ? local + offset : local - offset;
}
