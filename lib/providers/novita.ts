// Novita AI: GET https://api.novita.ai/openapi/v1/billing/balance/detail,
// decimal strings in 1/10000 USD (10000 = $1.00). /work/shared/api/providers.md "Novita AI"
import type { BalanceSnapshot, Fact } from '../model/balance';
import { ok, type Result } from '../model/errors';
import { atPath, decimal, errorInBody, getJson, optionalDecimal } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'novita',
  label: 'Novita AI',
  baseUrl: 'https://api.novita.ai',
  keyHint: 'keyHintNovita',
  keyUrl: 'https://novita.ai/settings/key-management',
  topUpUrl: 'https://novita.ai/billing',
  unit: 'USD',
  warnBelow: 5,
  apiSuffix: /\/(v3\/)?openai\/*$/,
} as const satisfies ProviderInfo;

/** Raw units per USD. */
const PER_USD = 10_000;

/** The secondary figures, by the fact each becomes. */
const FACTS: readonly { name: Fact['name']; field: string }[] = [
  { name: 'cash', field: 'cashBalance' },
  { name: 'creditLimit', field: 'creditLimit' },
  { name: 'pending', field: 'pendingCharges' },
];

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const reply = await getJson(ctx, '/openapi/v1/billing/balance/detail');
  if (!reply.ok) return reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return failed;
  const available = decimal(atPath(body, 'availableBalance'), 'availableBalance');
  if (!available.ok) return available;
  const facts: Fact[] = [];
  for (const { name, field } of FACTS) {
    const raw = optionalDecimal(atPath(body, field));
    if (raw !== undefined) facts.push({ name, value: raw / PER_USD });
  }
  return ok({
    provider: info.id,
    unit: info.unit,
    remaining: available.value / PER_USD,
    unlimited: false,
    ...(facts.length ? { facts } : {}),
    readAt: ctx.http.now(),
  });
}
