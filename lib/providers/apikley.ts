// Apikley: GET {base}/api/v1/chat/credit, answering `{code, msg, data}`.
// The body's `code` is the real status (HTTP may be 200 for an error), so the
// envelope is read first and the HTTP status only matters when there is none.
import * as v from 'valibot';
import type { BalanceSnapshot } from '../model/balance';
import { fail, ok, type ErrorKind, type Result } from '../model/errors';
import {
  balanceSchema,
  describeIssue,
  describedError,
  httpGet,
  httpStatusError,
  readJson,
  sanitizeMessage,
  type HttpReply,
} from '../net/http';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'apikley',
  label: 'Apikley',
  baseUrl: 'https://api.apikley.ru',
  grantedAtInstall: true,
  keyHint: 'keyHintApikley',
  keyUrl: 'https://apikley.ru',
  topUpUrl: 'https://apikley.ru',
  unit: 'credits',
  warnBelow: 500,
  apiSuffix: /\/api(\/v1)?\/*$/,
} as const satisfies ProviderInfo;

const PATH = '/api/v1/chat/credit';

const CODE_KINDS: Record<number, ErrorKind> = {
  401: 'auth',
  402: 'insufficient',
  404: 'not-found',
  422: 'invalid-request',
  429: 'rate-limited',
  455: 'maintenance',
  500: 'server',
  505: 'disabled',
};

// Only `code` makes a body an envelope; `data` is checked once the code says success.
const Envelope = v.object({
  code: v.pipe(v.number(), v.safeInteger()),
  msg: v.optional(v.unknown()),
  data: v.optional(v.unknown()),
});

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  // Not the shared getJson: the envelope's code outranks the HTTP status.
  const reply = await httpGet(ctx.http, ctx.baseUrl + PATH, ctx.key);
  if (!reply.ok) return reply;
  return parseApikleyReply(reply.value, ctx.key, ctx.http.now());
}

/** The reply to a snapshot or a typed error; `readAt` is also the clock for Retry-After. */
export function parseApikleyReply(reply: HttpReply, key: string, readAt: number): Result<BalanceSnapshot> {
  const body = readJson(reply);
  const envelope = body.ok && !Array.isArray(body.value) ? v.safeParse(Envelope, body.value) : undefined;
  if (!envelope?.success) {
    // No envelope (a proxy's HTML page, garbage): the HTTP status is all we have.
    if (reply.status < 200 || reply.status > 299) return httpStatusError(reply, key, readAt);
    return body.ok ? fail('bad-response', 'expected a {code, msg, data} body', { status: reply.status }) : body;
  }
  const { code, msg, data } = envelope.output;
  if (code !== 200) {
    return describedError(CODE_KINDS[code] ?? 'bad-response', `code ${code}`, sanitizeMessage(msg, key), {
      status: code,
      retryAfter: reply.headers.get('retry-after'),
      now: readAt,
    });
  }
  const credits = v.safeParse(balanceSchema, data);
  if (!credits.success) {
    return fail('bad-response', describeIssue(credits.issues, 'data'), { status: code });
  }
  return ok({
    provider: 'apikley',
    unit: 'credits',
    remaining: credits.output,
    unlimited: false,
    readAt,
  });
}
