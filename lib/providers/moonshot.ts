// Moonshot / Kimi (international): GET {base}/v1/users/me/balance, answering
// `{code, data, scode, status}`. Keys are bound to their region, so the China
// platform is its own provider (./moonshot-cn.ts) sharing this reader; the
// currency follows the provider, also on a mirror. /work/shared/api/providers.md "Moonshot / Kimi"
import type { BalanceSnapshot, Fact, Unit } from '../model/balance';
import { ok, type ErrorKind, type Result } from '../model/errors';
import { isRecord } from '../net/http';
import { atPath, decimal, errorInBody, errorInWords, getJson, optionalDecimal } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'moonshot',
  label: 'Moonshot (international)',
  baseUrl: 'https://api.moonshot.ai',
  keyHint: 'keyHintMoonshot',
  keyUrl: 'https://platform.moonshot.ai/console/api-keys',
  topUpUrl: 'https://platform.moonshot.ai/console/pay',
  unit: 'USD',
  warnBelow: 5,
  apiSuffix: /\/v1\/*$/,
} as const satisfies ProviderInfo;

const PATH = '/v1/users/me/balance';
/** A 403 saying this names the balance (`exceeded_current_quota_error`), not the key. */
const OUT_OF_BALANCE = /balance|insufficient|quota|余额|欠费/i;

export function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  return readMoonshot(ctx, info);
}

/** The one Moonshot reading, in the provider's own currency whatever host answered. */
export async function readMoonshot(ctx: ReadContext, provider: { id: string; unit: Unit }): Promise<Result<BalanceSnapshot>> {
  const reply = await getJson(ctx, PATH, 'bearer', forbiddenKind);
  if (!reply.ok) return reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return failed;
  // HTTP 200 is not success: only `code: 0` with `status: true` is.
  if (!isRecord(body) || body['code'] !== 0 || body['status'] !== true) return unsuccessful(body, ctx, status);
  const available = decimal(atPath(body, 'data.available_balance'), 'data.available_balance');
  if (!available.ok) return available;
  const facts: Fact[] = [];
  // Cash below zero is money owed, a real figure, not a broken answer.
  const cash = optionalDecimal(atPath(body, 'data.cash_balance'));
  if (cash !== undefined) facts.push({ name: 'cash', value: cash });
  const voucher = optionalDecimal(atPath(body, 'data.voucher_balance'));
  if (voucher !== undefined) facts.push({ name: 'voucher', value: voucher });
  return ok({
    provider: provider.id,
    unit: provider.unit,
    remaining: available.value,
    unlimited: false,
    ...(facts.length ? { facts } : {}),
    readAt: ctx.http.now(),
  });
}

/** A 403 whose words name the balance is an empty balance, not a refused key. */
const forbiddenKind = (status: number, body: unknown): ErrorKind | undefined => {
  if (status !== 403) return undefined;
  const error = isRecord(body) ? body['error'] : undefined;
  const words = isRecord(error) ? [error['message'], error['type']] : [error, isRecord(body) ? body['message'] : undefined];
  return OUT_OF_BALANCE.test(words.filter((word) => typeof word === 'string').join(' ')) ? 'insufficient' : 'auth';
};

/** A 200 without `code: 0` and `status: true`: an error in the server's words, else in ours. */
function unsuccessful(body: unknown, ctx: ReadContext, status: number): Result<never> {
  const record = isRecord(body) ? body : {};
  const message = record['message'] ?? record['msg'];
  const said = typeof message === 'string' && message.trim() ? message : `code ${shown(record['code'])}, status ${shown(record['status'])}`;
  // The pipeline's reading of error words (auth, insufficient, rate limit).
  return errorInWords(said, ctx, status);
}

/** A body field for an error message: numbers and booleans as they are, anything else by its type. */
function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined ? 'missing' : typeof value === 'string' ? 'a string' : 'not a number';
}
