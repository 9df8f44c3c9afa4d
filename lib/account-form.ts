// The options form's rules, as a pure function: raw field text in, either a
// valid account or one message per field at fault.
import { DEFAULT_CYCLE_WARN_PERCENT, DEFAULT_WARN_BELOW, type Account } from './account';
import type { ProviderId } from './balance';
import { normalizeBaseUrl, sameOrigin, validateKey } from './base-url';
import type { MessageKey } from './i18n';
import { PROVIDERS } from './providers/registry';

export interface AccountFormValues {
  provider: ProviderId;
  name: string;
  key: string;
  baseUrl: string;
  warnBelow: string;
  cycleWarnPercent: string;
  warnDaysLeft: string;
}

export type AccountField = keyof AccountFormValues;
export type FieldErrors = Partial<Record<AccountField, MessageKey>>;

export function emptyForm(provider: ProviderId = 'apertis'): AccountFormValues {
  return {
    provider,
    name: '',
    key: '',
    baseUrl: PROVIDERS[provider].officialBaseUrl,
    warnBelow: String(DEFAULT_WARN_BELOW[provider]),
    cycleWarnPercent: String(DEFAULT_CYCLE_WARN_PERCENT),
    warnDaysLeft: '',
  };
}

export function formFromAccount(account: Account): AccountFormValues {
  return {
    provider: account.provider,
    name: account.name,
    key: '', // never put a saved key back into the page; empty keeps it
    baseUrl: account.baseUrl,
    warnBelow: String(account.warnBelow),
    cycleWarnPercent: String(account.cycleWarnPercent),
    warnDaysLeft: account.warnDaysLeft === undefined ? '' : String(account.warnDaysLeft),
  };
}

const MAX_NAME = 60;

/**
 * Agents are configured with an OpenAI-style base such as `https://api.apertis.ai/v1`;
 * users paste that. The balance paths already start with the API prefix, so drop it.
 */
export function stripApiSuffix(provider: ProviderId, url: string): string {
  const suffix = provider === 'apertis' ? /\/v1\/*$/ : /\/api(\/v1)?\/*$/;
  return url.trim().replace(suffix, '');
}

/**
 * "2,5" is a decimal comma (Russian); "1,000" and "1 000" group thousands; so
 * a comma followed by exactly three digits is read as grouping, never as 1.
 */
export function parseNumber(text: string, max: number): number | null {
  let trimmed = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  trimmed = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed) ? trimmed.replace(/,/g, '') : trimmed.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value <= max ? value : null;
}

/**
 * Checks the form. `existing` is the account being edited: its key is kept
 * when the key field is left empty.
 */
export function validateAccountForm(
  values: AccountFormValues,
  id: string,
  existing?: Account,
): { ok: true; account: Account; keyChanged: boolean } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = values.name.trim().slice(0, MAX_NAME);
  if (!name) errors.name = 'fieldRequired';

  const baseUrl = normalizeBaseUrl(stripApiSuffix(values.provider, values.baseUrl));
  if (!baseUrl.ok) errors.baseUrl = 'errorBadUrl';

  // A saved key may only go where it went before: a new provider or origin needs it typed again.
  const sameDestination =
    !!existing &&
    baseUrl.ok &&
    existing.provider === values.provider &&
    sameOrigin(existing.baseUrl, baseUrl.value);
  let key = existing?.key ?? '';
  if (values.key.trim() || !sameDestination) {
    const checked = validateKey(values.key);
    if (!values.key.trim()) errors.key = existing && baseUrl.ok ? 'keyRequiredForNewOrigin' : 'fieldRequired';
    else if (!checked.ok) errors.key = 'keyInvalid';
    else key = checked.value;
  }

  const warnBelow = parseNumber(values.warnBelow, 1e12);
  if (warnBelow === null) errors.warnBelow = 'numberInvalid';
  const cycleWarnPercent = values.provider === 'apertis' ? parseNumber(values.cycleWarnPercent, 100) : DEFAULT_CYCLE_WARN_PERCENT;
  if (cycleWarnPercent === null) errors.cycleWarnPercent = 'percentInvalid';
  const warnDaysLeft = values.warnDaysLeft.trim() ? parseNumber(values.warnDaysLeft, 3650) : undefined;
  if (warnDaysLeft === null) errors.warnDaysLeft = 'numberInvalid';

  if (Object.keys(errors).length || !baseUrl.ok || warnBelow === null || cycleWarnPercent === null || warnDaysLeft === null) {
    return { ok: false, errors };
  }
  const account: Account = {
    id,
    provider: values.provider,
    name,
    key,
    baseUrl: baseUrl.value,
    warnBelow,
    cycleWarnPercent,
    ...(warnDaysLeft !== undefined ? { warnDaysLeft } : {}),
  };
  const keyChanged = !existing || existing.key !== key || existing.baseUrl !== account.baseUrl || existing.provider !== account.provider;
  return { ok: true, account, keyChanged };
}
