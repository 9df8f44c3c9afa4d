// The read pipeline of the signed-in sites (issue 20; ../shared/api/sessions.md §0): a GET that the
// browser authorises with its own session cookie, and the answers that mean "signed out" (like a
// rejected key) or "open the site in a tab once" (a bot check, which is not a sign-out).
import { fail, ok, type Result } from '../model/errors';
import { siteOf } from '../net/base-url';
import { httpStatusError, looksLikeHtml, readJson, sessionGet, type HttpReply } from '../net/http';
import type { BalanceSnapshot, Fact, Limit } from '../model/balance';
import type { JsonReply } from './pipeline';
import type { ReadContext } from './types';

/** A Cloudflare challenge or any HTML page where JSON was asked for, on 403 or 503: a human is wanted in a tab. */
export function isBotCheck(reply: HttpReply): boolean {
  if ((reply.headers.get('cf-mitigated') ?? '').toLowerCase() === 'challenge') return true;
  return (reply.status === 403 || reply.status === 503) && looksLikeHtml(reply);
}

export const signedOut = (site: string, status?: number): Result<never> =>
  fail('signed-out', `Not signed in to ${site}`, { site, ...(status === undefined ? {} : { status }) });

export interface SessionRequest {
  /** Sent as the site's own page sends them (ChatGPT's access token); never a cookie. */
  headers?: Record<string, string>;
  /** A credential in `headers`, scrubbed from anything the server echoes. */
  secret?: string;
  /** Reads a status the site uses for something else than a sign-out (a 403 naming another organisation). */
  other?: (reply: HttpReply, body: unknown) => Result<never> | undefined;
}

/**
 * GET `{base}{path}` with the browser's session: 2xx JSON, or the typed error. A redirect (to a
 * login page) and a 401 or 403 that is not a bot check mean signed out; a 429 keeps its Retry-After.
 */
export async function getSessionJson(ctx: ReadContext, path: string, request: SessionRequest = {}): Promise<Result<JsonReply>> {
  const site = siteOf(ctx.baseUrl);
  const reply = await sessionGet(ctx.http, ctx.baseUrl + path, request.headers, request.secret);
  if (!reply.ok) return reply.error.kind === 'redirect' ? signedOut(site, reply.error.status) : reply;
  const { status, headers } = reply.value;
  if (isBotCheck(reply.value)) {
    return fail('bot-check', `${site} asks to be opened in a tab once (HTTP ${status})`, { status, site });
  }
  if (status < 200 || status > 299) {
    const body = readJson(reply.value);
    const other = request.other?.(reply.value, body.ok ? body.value : undefined);
    if (other) return other;
    if (status === 401 || status === 403) return signedOut(site, status);
    return httpStatusError(reply.value, request.secret ?? '', ctx.http.now());
  }
  const body = readJson(reply.value);
  return body.ok ? ok({ status, body: body.value, headers }) : body;
}

/** A percent as sites send it: a finite number from 0 to 100, never clamped. */
export function readPercent(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100 ? value + 0 : undefined;
}

/** Percent used of a cap, from amounts: hundredths of a point, at most 100; a zero cap is full. */
export function percentOf(used: number, limit: number): number {
  return limit > 0 ? Math.min(100, Math.round((used / limit) * 10_000) / 100) : 100;
}

/** A signed-in site's reading of plan windows: no balance of its own, its windows, what could not be read, its money. */
export function limitsReading(
  provider: string,
  unit: string,
  limits: Limit[],
  dropped: readonly string[],
  facts: Fact[],
  readAt: number,
): BalanceSnapshot {
  return {
    provider,
    unit,
    remaining: null,
    unlimited: false,
    limits,
    signedIn: true,
    ...(dropped.length ? { dropped: [...dropped] } : {}),
    ...(facts.length ? { facts } : {}),
    readAt,
  };
}
