// Errors are values with a kind; the popup, badge and notifications render the kind.

/** Every kind an error can have; stored states are checked against this list. */
export const ERROR_KINDS = [
  'auth', // key rejected: HTTP 401 or Apikley body code 401
  'signed-out', // a signed-in site answered as to a visitor: the browser is not signed in there (issue 20)
  'bot-check', // a signed-in site wants a human in a tab once (a Cloudflare challenge): not a sign-out
  'insufficient', // 402: no credits left
  'not-found', // 404: wrong base URL or endpoint
  'invalid-request', // 422
  'rate-limited', // 429, with `retryAt` when the server says
  'maintenance', // Apikley 455
  'server', // HTTP 5xx or Apikley 500
  'disabled', // Apikley 505: feature disabled
  'timeout',
  'network',
  'redirect', // the server answered with a redirect, which is never followed (the key would go along)
  'bad-response', // not JSON, HTML, wrong types, missing fields, non-finite numbers
  'bad-url', // the account's base URL is invalid or not allowed
  'permission', // the browser has not granted access to the account's origin
  'storage', // the balance was read but could not be stored in full (storage full)
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface BalanceError {
  kind: ErrorKind;
  /** Short English detail for the options page and logs; never contains the key. */
  message: string;
  /** HTTP status or Apikley body code, when there was one. */
  status?: number;
  /** Epoch ms before which the server asked us not to retry (rate limits). */
  retryAt?: number;
  /** The signed-in site a sign-out or bot check is about ("claude.ai"), for the words that name it. */
  site?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: BalanceError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (
  kind: ErrorKind,
  message: string,
  extra: Omit<BalanceError, 'kind' | 'message'> = {},
): Result<never> => ({ ok: false, error: { kind, message, ...extra } });
