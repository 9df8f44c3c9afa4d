// AIHubMix (observed in open-source clients, not documented): GET
// https://aihubmix.com/dashboard/billing/remain. Despite its name `total_usage`
// is the key's REMAINING USD; a negative value marks an unlimited key, and an
// error saying the quota is used up is a balance of 0. /work/shared/api/providers.md "AIHubMix"
import type { BalanceSnapshot } from '../model/balance';
import { ok, type Result } from '../model/errors';
import { atPath, decimal, errorInBody, getJson } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'aihubmix',
  label: 'AIHubMix',
  experimental: true,
  baseUrl: 'https://aihubmix.com',
  keyHint: 'keyHintAihubmix',
  keyUrl: 'https://aihubmix.com/token',
  topUpUrl: 'https://aihubmix.com/topup',
  unit: 'USD',
  warnBelow: 5,
  apiSuffix: /\/v1\/*$/,
} as const satisfies ProviderInfo;

/** Words of an exhausted quota (one-api's "该令牌额度已用尽", OpenAI's "insufficient_quota"). */
const EXHAUSTED = [
  /quota\b.{0,30}\b(?:exhausted|used up|depleted|exceeded)/i,
  /\b(?:insufficient|exhausted|exceeded your current)[ _]quota/i,
  /额度.{0,8}(?:用尽|用完|耗尽|不足)/,
  /余额不足/,
];

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const reply = await getJson(ctx, '/dashboard/billing/remain');
  if (!reply.ok) return exhausted(reply) ? empty(ctx) : reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return exhausted(failed) ? empty(ctx) : failed;
  const field = atPath(body, 'total_usage') === undefined ? 'data.total_usage' : 'total_usage';
  const left = decimal(atPath(body, field), field);
  if (!left.ok) return left;
  // -1 and -0.000002 are the unlimited sentinels: never a balance, never overdrawn.
  const unlimited = left.value < 0;
  return ok({
    provider: info.id,
    unit: info.unit,
    remaining: unlimited ? null : left.value,
    ...(unlimited ? { total: null } : {}),
    unlimited,
    readAt: ctx.http.now(),
  });
}

/** An error the server answered (HTTP 200 or 4xx, not 5xx) whose words say the quota is used up. */
function exhausted(result: Result<never>): boolean {
  if (result.ok) return false;
  const { status, message } = result.error;
  return status !== undefined && status >= 200 && status < 500 && EXHAUSTED.some((words) => words.test(message));
}

function empty(ctx: ReadContext): Result<BalanceSnapshot> {
  return ok({ provider: info.id, unit: info.unit, remaining: 0, unlimited: false, readAt: ctx.http.now() });
}
