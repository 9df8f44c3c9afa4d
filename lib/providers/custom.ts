// Custom endpoint ("bring your own gateway"): one GET to a path the user gives,
// the remaining amount at a dot path the user gives, divided by an optional
// divisor, in a unit the user names. /work/shared/api/providers.md "Custom endpoint"
import type { BalanceSnapshot } from '../model/balance';
import { fail, ok, type Result } from '../model/errors';
import type { MessageKey } from '../words/i18n';
import { atPath, decimal, errorInBody, getJson, isDotPath, MAX_RAW } from './pipeline';
import type { ProviderInfo, ReadContext } from './types';

const MAX_PATH_CHARS = 200;
// Whitespace, controls, and what would leave the path: a query, a fragment, a backslash.
const PATH_FORBIDDEN = /[\s\u0000-\u001f\u007f-\u009f?#\\]/;
// `..` climbs out of the base URL's prefix; URL parsing also reads `%2e` as a dot.
const DOT_DOT = /^(?:\.|%2e){2}$/i;
const DIVISOR = /^\d+(?:\.\d+)?$/;
const UNIT = /^[\p{L}\p{N}._-](?:[\p{L}\p{N} ._-]{0,14}[\p{L}\p{N}._-])?$/u;
export const HEADER_CHOICES = ['Authorization: Bearer', 'X-API-Key'] as const;

/** The request path: `/` first, at most 200 characters, nothing that leaves the path or climbs out of the base. */
export function checkPath(value: string): MessageKey | undefined {
  if (!value) return 'fieldRequired';
  if (!value.startsWith('/') || value.length > MAX_PATH_CHARS || PATH_FORBIDDEN.test(value)) return 'pathInvalid';
  return value.split('/').some((segment) => DOT_DOT.test(segment)) ? 'pathInvalid' : undefined;
}

/** Where the remaining amount is in the answer: a plain dot path. */
export function checkBalanceField(value: string): MessageKey | undefined {
  if (!value) return 'fieldRequired';
  return isDotPath(value) ? undefined : 'dotPathInvalid';
}

/** Optional: a plain decimal greater than 0. */
export function checkDivisor(value: string): MessageKey | undefined {
  if (!value) return undefined;
  return parseDivisor(value) === undefined ? 'divisorInvalid' : undefined;
}

/** A currency code (USD) or a short label (credits): 1-16 letters, digits, spaces, `.`, `_`, `-`. */
export function checkUnit(value: string): MessageKey | undefined {
  if (!value) return 'fieldRequired';
  return /^[A-Z]{3}$/.test(value) || UNIT.test(value) ? undefined : 'unitInvalid';
}

function parseDivisor(value: string): number | undefined {
  if (!DIVISOR.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export const info = {
  id: 'custom',
  label: 'Custom endpoint',
  baseUrl: '',
  keyHint: 'keyHintCustom',
  warnBelow: 5,
  unitOption: 'unit',
  fields: [
    { name: 'path', label: 'labelPath', hint: 'pathHint', placeholder: '/v1/balance', check: checkPath },
    { name: 'balanceField', label: 'labelBalanceField', hint: 'balanceFieldHint', placeholder: 'data.0.balance', check: checkBalanceField },
    { name: 'divisor', label: 'labelDivisor', hint: 'divisorHint', placeholder: '1', check: checkDivisor },
    { name: 'unit', label: 'labelUnit', hint: 'unitHint', initial: 'USD', check: checkUnit },
    { name: 'header', label: 'labelHeader', choices: HEADER_CHOICES },
  ],
} as const satisfies ProviderInfo;

/** The stored options checked again (stored data is untrusted); a `bad-response` naming the setting when one is wrong. */
function settings(options: Readonly<Record<string, string>>): Result<{ path: string; field: string; divisor: number; unit: string }> {
  const path = options['path'] ?? '';
  const field = options['balanceField'] ?? '';
  const divisor = options['divisor'] ?? '';
  const unit = options['unit'] ?? '';
  if (checkPath(path)) return fail('bad-response', 'The Path setting is missing or invalid; edit the account');
  if (checkBalanceField(field)) return fail('bad-response', 'The Balance field setting is missing or invalid; edit the account');
  if (checkDivisor(divisor)) return fail('bad-response', 'The Divisor setting is invalid; edit the account');
  if (checkUnit(unit)) return fail('bad-response', 'The Unit setting is missing or invalid; edit the account');
  return ok({ path, field, divisor: divisor ? (parseDivisor(divisor) ?? 1) : 1, unit });
}

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const set = settings(ctx.options);
  if (!set.ok) return set;
  const { path, field, divisor, unit } = set.value;
  const reply = await getJson(ctx, path, ctx.options['header'] === 'X-API-Key' ? 'x-api-key' : 'bearer');
  if (!reply.ok) return reply;
  const { body, status } = reply.value;
  const failed = errorInBody(body, ctx, status);
  if (failed) return failed;
  const raw = atPath(body, field);
  if (raw === undefined) return fail('bad-response', `The field ${field} was not found in the answer`, { status });
  const value = decimal(raw, field);
  if (!value.ok) return value;
  const remaining = value.value / divisor + 0;
  if (!Number.isFinite(remaining) || Math.abs(remaining) > MAX_RAW) {
    return fail('bad-response', `${field} divided by ${divisor}: expected a finite number no larger than ${MAX_RAW}`, { status });
  }
  // Below zero is an overdrawn balance, shown as such.
  return ok({ provider: info.id, unit, remaining, unlimited: false, readAt: ctx.http.now() });
}
