// Vercel AI Gateway: GET https://ai-gateway.vercel.sh/v1/credits, team-level
// credits in USD as decimal strings. /work/shared/api/providers.md
import type { BalanceSnapshot } from '../model/balance';
import { ok, type Result } from '../model/errors';
import { atPath, decimal, errorInBody, getJson, optionalDecimal } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'vercel',
  label: 'Vercel AI Gateway',
  baseUrl: 'https://ai-gateway.vercel.sh',
  keyHint: 'keyHintVercel',
  keyUrl: 'https://vercel.com/dashboard',
  topUpUrl: 'https://vercel.com/dashboard',
  unit: 'USD',
  warnBelow: 5,
  apiSuffix: /\/v1\/*$/,
} as const satisfies ProviderInfo;

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const reply = await getJson(ctx, '/v1/credits');
  if (!reply.ok) return reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return failed;
  const balance = decimal(atPath(body, 'balance'), 'balance');
  if (!balance.ok) return balance;
  const used = optionalDecimal(atPath(body, 'total_used'));
  return ok({
    provider: info.id,
    unit: 'USD',
    remaining: balance.value,
    ...(used === undefined ? {} : { used, total: balance.value + used }),
    unlimited: false,
    readAt: ctx.http.now(),
  });
}
