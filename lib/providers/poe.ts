// Poe: GET https://api.poe.com/usage/current_balance, the account's compute
// points (not money). /work/shared/api/providers.md "Poe"
import type { BalanceSnapshot } from '../model/balance';
import { ok, type Result } from '../model/errors';
import { atPath, decimal, errorInBody, getJson } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'poe',
  label: 'Poe',
  baseUrl: 'https://api.poe.com',
  keyHint: 'keyHintPoe',
  keyUrl: 'https://poe.com/api_key',
  topUpUrl: 'https://poe.com/api_key',
  unit: 'points',
  warnBelow: 10000,
  apiSuffix: /\/v1\/*$/,
} as const satisfies ProviderInfo;

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const reply = await getJson(ctx, '/usage/current_balance');
  if (!reply.ok) return reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return failed;
  const points = decimal(atPath(body, 'current_point_balance'), 'current_point_balance');
  if (!points.ok) return points;
  return ok({
    provider: info.id,
    unit: info.unit,
    remaining: points.value,
    unlimited: false,
    readAt: ctx.http.now(),
  });
}
