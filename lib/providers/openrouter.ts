// OpenRouter: the account's credits (GET /api/v1/credits) need a management key;
// with an ordinary key that answers 403, and the key's own limit (GET /api/v1/key)
// is shown instead, said in a note and remembered in `via` so later reads make
// one request. /work/shared/api/providers.md "OpenRouter"
import type { BalanceSnapshot, Note } from '../model/balance';
import { ok, type Result } from '../model/errors';
import { atPath, decimal, errorInBody, getJson, optionalDecimal } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'openrouter',
  label: 'OpenRouter',
  baseUrl: 'https://openrouter.ai',
  keyHint: 'keyHintOpenrouter',
  keyUrl: 'https://openrouter.ai/settings/keys',
  topUpUrl: 'https://openrouter.ai/settings/credits',
  unit: 'USD',
  warnBelow: 5,
  keyMarks: [/^sk-or-/],
  apiSuffix: /\/api(\/v1)?\/*$/,
} as const satisfies ProviderInfo;

const CREDITS = '/api/v1/credits';
const KEY_LIMIT = '/api/v1/key';
/** What `via` says: how the last good read was made. */
const VIA_CREDITS = 'credits';
const VIA_KEY = 'key';

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  if (ctx.via === VIA_KEY) return readKeyLimit(ctx);
  const reply = await getJson(ctx, CREDITS);
  // 403 is the documented "Only management keys can perform this operation": this key can only see its own limit.
  if (!reply.ok) return reply.error.status === 403 ? readKeyLimit(ctx) : reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return failed;
  const credits = decimal(atPath(body, 'data.total_credits'), 'data.total_credits');
  if (!credits.ok) return credits;
  const usage = decimal(atPath(body, 'data.total_usage'), 'data.total_usage');
  if (!usage.ok) return usage;
  return ok({
    provider: info.id,
    unit: info.unit,
    // Usage past the credits bought is an overdrawn account, shown below zero.
    remaining: credits.value - usage.value,
    used: usage.value,
    total: credits.value,
    unlimited: false,
    via: VIA_CREDITS,
    readAt: ctx.http.now(),
  });
}

/** The key's own spending limit: any key can read it. */
async function readKeyLimit(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const reply = await getJson(ctx, KEY_LIMIT);
  if (!reply.ok) return reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return failed;
  const notes: Note[] = ['key-limit-only'];
  const left = atPath(body, 'data.limit_remaining');
  const limit = atPath(body, 'data.limit');
  let remaining: number | null;
  let used: number | undefined;
  if (left === null) {
    // No cap on the key: neither $0 nor unlimited money. Usage is then the one figure to show, so it must read.
    notes.push('no-key-limit');
    remaining = null;
    const usage = decimal(atPath(body, 'data.usage'), 'data.usage');
    if (!usage.ok) return usage;
    used = usage.value;
  } else {
    const read = decimal(left, 'data.limit_remaining');
    if (!read.ok) return read;
    remaining = read.value;
    used = optionalDecimal(atPath(body, 'data.usage'));
  }
  const total = limit === null ? null : optionalDecimal(limit);
  return ok({
    provider: info.id,
    unit: info.unit,
    remaining,
    ...(used === undefined ? {} : { used }),
    ...(total === undefined ? {} : { total }),
    unlimited: false,
    notes,
    via: VIA_KEY,
    readAt: ctx.http.now(),
  });
}
