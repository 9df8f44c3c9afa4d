// DeepSeek: GET https://api.deepseek.com/user/balance, one entry per currency
// (CNY, USD) with decimal strings. The account's currency is the one the user
// picked, else the first entry the server lists. /work/shared/api/providers.md "DeepSeek"
import type { BalanceSnapshot, Fact, Note } from '../model/balance';
import { fail, ok, type Result } from '../model/errors';
import { isRecord } from '../net/http';
import { atPath, decimal, errorInBody, getJson, optionalDecimal } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'deepseek',
  label: 'DeepSeek',
  baseUrl: 'https://api.deepseek.com',
  keyHint: 'keyHintDeepseek',
  keyUrl: 'https://platform.deepseek.com/api_keys',
  topUpUrl: 'https://platform.deepseek.com/top_up',
  unitOption: 'currency',
  fields: [{ name: 'currency', label: 'labelCurrency', choices: ['USD', 'CNY'] }],
  warnBelow: 5,
  apiSuffix: /\/v1\/*$/,
} as const satisfies ProviderInfo;

const CURRENCY = /^[A-Z]{3}$/;

/** The currency the user picked; stored options are untrusted, so anything else is the default. */
function chosenCurrency(options: Readonly<Record<string, string>>): string {
  const picked = (options['currency'] ?? '').trim().toUpperCase();
  return CURRENCY.test(picked) ? picked : 'USD';
}

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const reply = await getJson(ctx, '/user/balance');
  if (!reply.ok) return reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return failed;
  const infos = atPath(body, 'balance_infos');
  if (!Array.isArray(infos)) {
    return fail('bad-response', `balance_infos: ${infos === undefined ? 'missing' : 'expected a list'}`, { status });
  }
  const wanted = chosenCurrency(ctx.options);
  const readAt = ctx.http.now();
  // No entry at all: nothing was ever paid in, in whatever currency the account uses.
  if (infos.length === 0) return ok({ provider: info.id, unit: wanted, remaining: 0, unlimited: false, readAt });

  const found = infos.findIndex((entry) => isRecord(entry) && entry['currency'] === wanted);
  const index = found < 0 ? 0 : found;
  const field = `balance_infos.${index}`;
  const entry: unknown = infos[index];
  if (!isRecord(entry)) return fail('bad-response', `${field}: expected an object`, { status });
  const unit = entry['currency'];
  if (typeof unit !== 'string' || !CURRENCY.test(unit)) {
    return fail('bad-response', `${field}.currency: expected a currency code`, { status });
  }
  const remaining = decimal(entry['total_balance'], `${field}.total_balance`);
  if (!remaining.ok) return remaining;

  const facts: Fact[] = [];
  const granted = optionalDecimal(entry['granted_balance']);
  if (granted !== undefined) facts.push({ name: 'granted', value: granted });
  const toppedUp = optionalDecimal(entry['topped_up_balance']);
  if (toppedUp !== undefined) facts.push({ name: 'toppedUp', value: toppedUp });
  // A balance the API refuses to spend (e.g. a suspended account) must not read as spendable without a word.
  const notes: Note[] = isRecord(body) && body['is_available'] === false && remaining.value > 0 ? ['not-usable'] : [];

  return ok({
    provider: info.id,
    unit,
    remaining: remaining.value,
    unlimited: false,
    ...(facts.length ? { facts } : {}),
    ...(notes.length ? { notes } : {}),
    readAt,
  });
}
