// Checks what the user types on the options page before any request is made:
// the base URL decides where the API key is sent, so only plain https origins
// (or http on this machine, for local gateways) are accepted.
import { fail, ok, type Result } from '../model/errors';

// WHATWG URL keeps IPv6 hosts in brackets, hence `[::1]`.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_URL_LENGTH = 2048;
const MAX_KEY_LENGTH = 512;
// URL() silently drops tabs and newlines and encodes spaces, so check the raw text.
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/;
// The key goes into an HTTP header: printable ASCII only, no spaces.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Why a base URL was refused, in one word each: the form says each in its own words. */
export type BadUrlReason =
  | 'empty'
  | 'too-long'
  | 'spaces'
  | 'invalid'
  | 'needs-https' // plain http to a host other than this machine
  | 'scheme' // another scheme: ftp:, javascript:, "host:port" read as a scheme
  | 'credentials'
  | 'query'
  | 'fragment';

const BAD_URL_TEXT: Record<BadUrlReason, string> = {
  empty: 'Base URL is empty',
  'too-long': 'Base URL is too long',
  spaces: 'Base URL contains spaces or control characters',
  invalid: 'Base URL is not a valid URL (it must start with https://)',
  'needs-https': 'Base URL must use https:// (http:// is only allowed for localhost)',
  scheme: 'Base URL must start with https://',
  credentials: 'Base URL must not contain a user name or password',
  query: 'Base URL must not contain a query string',
  fragment: 'Base URL must not contain a fragment',
};

/** `https://host[:port][/prefix]`, without a trailing slash, or why not. */
export function checkBaseUrl(input: string): { ok: true; value: string } | { ok: false; reason: BadUrlReason } {
  const bad = (reason: BadUrlReason) => ({ ok: false as const, reason });
  const text = input.trim();
  if (!text) return bad('empty');
  if (text.length > MAX_URL_LENGTH) return bad('too-long');
  // URL() silently drops tabs and newlines and encodes spaces, so check the raw text.
  if (WHITESPACE_OR_CONTROL.test(text)) return bad('spaces');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('invalid');
  }
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) return bad('needs-https');
  } else if (url.protocol !== 'https:') {
    return bad('scheme');
  }
  if (url.username || url.password) return bad('credentials');
  // A bare trailing "?" or "#" leaves search/hash empty, so look at the text too.
  if (url.search || text.includes('?')) return bad('query');
  if (url.hash || text.includes('#')) return bad('fragment');
  // Keep a path prefix for gateways mounted under a path; endpoints are appended to it.
  const prefix = url.pathname.replace(/\/+$/, '');
  return { ok: true, value: url.origin + prefix };
}

/** A site as the words name it (stored addresses are input: one that does not parse is shown as it is): "claude.ai", or the fake's "127.0.0.1:4123". */
export function siteOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** Whether a base URL points at this machine (local gateways, the e2e fakes). */
export function isLoopback(baseUrl: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/**
 * A signed-in site is read with the browser's own login for that site, so its address is the site's
 * own origin, or this machine (the e2e fakes); anything else could collect a session it should not.
 */
export function sessionOriginAllowed(baseUrl: string, official: string): boolean {
  try {
    const url = new URL(baseUrl);
    if (url.pathname !== '/') return false;
    return sameOrigin(baseUrl, official) || (isLoopback(baseUrl) && url.protocol === 'http:');
  } catch {
    return false;
  }
}

/** `https://host[:port][/prefix]`, without a trailing slash, or a `bad-url` error saying why. */
export function normalizeBaseUrl(input: string): Result<string> {
  const checked = checkBaseUrl(input);
  return checked.ok ? ok(checked.value) : fail('bad-url', BAD_URL_TEXT[checked.reason]);
}

/**
 * The host permission to request for a normalized base URL, e.g. `https://host/*`.
 * Match patterns cannot name a port (`http://localhost/*` covers every port).
 */
export function originPattern(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Whether two base URLs reach the same origin: scheme, host and port (a default
 * port written out is the same origin). The key of one may be sent to the other.
 * Permissions cannot tell ports apart (see originPattern), so this is the check
 * that keeps a saved key from following a port change.
 */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** The trimmed API key, or an `auth` reason that never repeats the key itself. */
export function validateKey(key: string): Result<string> {
  const trimmed = key.trim();
  if (!trimmed) return fail('auth', 'API key is empty');
  if (trimmed.length > MAX_KEY_LENGTH) {
    return fail('auth', `API key is too long (at most ${MAX_KEY_LENGTH} characters)`);
  }
  if (!HEADER_SAFE.test(trimmed)) {
    return fail('auth', 'API key may only contain printable ASCII characters without spaces');
  }
  return ok(trimmed);
}
