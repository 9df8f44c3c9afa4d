// The options form's rules, as a pure function: raw field text in, either a
// valid account or one message per field at fault.
import { accountFlags, DEFAULT_CLOSE_DAYS, DEFAULT_CYCLE_WARN_PERCENT, DEFAULT_LIMIT_WARN_PERCENT, DEFAULT_WARN_DAYS, type Account } from './model/account';
import type { ProviderId } from './model/balance';
import { checkBaseUrl, sameOrigin, sessionOriginAllowed, validateKey, type BadUrlReason } from './net/base-url';
import type { MessageKey } from './words/i18n';
import { accountUnit, PROVIDER_LIST, providerInfo, type ProviderInfo } from './providers/registry';

export interface AccountFormValues {
  provider: ProviderId;
  name: string;
  key: string;
  baseUrl: string;
  warnBelow: string;
  cycleWarnPercent: string;
  warnDaysLeft: string;
  closeDaysLeft: string;
  /** Signed-in sites: "Warn when a limit is above (%)" and "Tell me when a limit resets". */
  limitWarnPercent: string;
  limitResetNotify: boolean;
  /** The provider's own fields, by name (a signed-in site's chosen organisation is `org`). */
  options: Record<string, string>;
}

export type AccountField = Exclude<keyof AccountFormValues, 'options'> | `options.${string}`;
export type FieldErrors = Partial<Record<AccountField, MessageKey>>;

/** The first provider listed is the default; an unknown id falls back to it. */
const infoOf = (id: ProviderId): ProviderInfo => providerInfo(id) ?? PROVIDER_LIST[0]!;

/** A provider's fields with their defaults. */
function defaultOptions(info: ProviderInfo): Record<string, string> {
  return Object.fromEntries((info.fields ?? []).map((f) => [f.name, f.initial ?? f.choices?.[0] ?? '']));
}

export function emptyForm(provider: ProviderId = PROVIDER_LIST[0]!.id): AccountFormValues {
  const info = infoOf(provider);
  return {
    provider: info.id,
    name: '',
    key: '',
    baseUrl: info.baseUrl,
    warnBelow: String(info.warnBelow),
    cycleWarnPercent: String(DEFAULT_CYCLE_WARN_PERCENT),
    warnDaysLeft: String(DEFAULT_WARN_DAYS),
    closeDaysLeft: String(DEFAULT_CLOSE_DAYS),
    limitWarnPercent: String(DEFAULT_LIMIT_WARN_PERCENT),
    limitResetNotify: true,
    options: defaultOptions(info),
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
    warnDaysLeft: String(account.warnDaysLeft ?? DEFAULT_WARN_DAYS),
    closeDaysLeft: String(account.closeDaysLeft ?? DEFAULT_CLOSE_DAYS),
    limitWarnPercent: String(account.limitWarnPercent ?? DEFAULT_LIMIT_WARN_PERCENT),
    limitResetNotify: account.limitResetNotify !== false,
    options: { ...defaultOptions(infoOf(account.provider)), ...account.options },
  };
}

/** The form for another provider: its defaults, keeping what the user typed that still applies. */
export function switchProvider(current: AccountFormValues, provider: ProviderId): AccountFormValues {
  const before = emptyForm(current.provider);
  const after = emptyForm(provider);
  return {
    ...current,
    provider: after.provider,
    // Follow the provider's defaults unless the user changed them.
    baseUrl: current.baseUrl === before.baseUrl ? after.baseUrl : current.baseUrl,
    warnBelow: current.warnBelow === before.warnBelow ? after.warnBelow : current.warnBelow,
    options: after.options,
  };
}

const MAX_NAME = 60;

/** The precise reason a base URL was refused, in the form's words. */
const URL_WORDS: Record<BadUrlReason, MessageKey> = {
  empty: 'fieldRequired',
  'too-long': 'urlTooLong',
  spaces: 'urlSpaces',
  invalid: 'urlInvalid',
  'needs-https': 'urlNeedsHttps',
  scheme: 'urlScheme',
  credentials: 'urlCredentials',
  query: 'urlQuery',
  fragment: 'urlFragment',
};

/**
 * Agents are configured with an OpenAI-style base such as `https://api.apertis.ai/v1`;
 * users paste that. The balance paths already start with the API prefix, so drop it.
 */
export function stripApiSuffix(provider: ProviderId, url: string): string {
  const suffix = infoOf(provider).apiSuffix;
  return suffix ? url.trim().replace(suffix, '') : url.trim();
}

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i;

/** A bare host gets its scheme: `https://`, or `http://` on this machine (local gateways). */
export function withScheme(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  if (LOOPBACK.test(trimmed)) return `http://${trimmed}`;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/**
 * The provider a pasted key or base URL can only belong to, or undefined when
 * nothing marks it (most keys are a bare `sk-…`). Preselects the control; the
 * key still goes only to the provider shown when the user saves.
 */
export function inferProvider(key: string, baseUrl: string): ProviderId | undefined {
  const byKey = PROVIDER_LIST.filter((p) => p.keyMarks?.some((mark) => mark.test(key.trim())));
  if (byKey.length === 1) return byKey[0]!.id;
  let host = '';
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl.trim()) ? baseUrl.trim() : `https://${baseUrl.trim()}`).host;
  } catch {
    return undefined;
  }
  const byHost = PROVIDER_LIST.filter((p) => p.baseUrl && new URL(p.baseUrl).host === host);
  return byHost.length === 1 ? byHost[0]!.id : undefined;
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

  const info = infoOf(values.provider);
  const baseUrl = checkBaseUrl(stripApiSuffix(info.id, withScheme(values.baseUrl)));
  if (!baseUrl.ok) errors.baseUrl = URL_WORDS[baseUrl.reason];
  // A signed-in site's login is only ever asked of that site (or of a local fake of it).
  else if (info.session && !sessionOriginAllowed(baseUrl.value, info.baseUrl)) errors.baseUrl = 'urlSessionOnly';

  // The provider's own fields: each checked by its definition, choices kept to what is offered.
  const options: Record<string, string> = {};
  for (const f of info.fields ?? []) {
    const value = (values.options[f.name] ?? '').trim();
    const problem = f.choices ? (f.choices.includes(value) ? undefined : 'fieldRequired') : f.check?.(value);
    if (problem) errors[`options.${f.name}`] = problem;
    options[f.name] = value;
  }
  // The organisation chosen for a signed-in site, when the login has several.
  const org = info.session ? (values.options['org'] ?? '').trim() : '';
  if (org && /^[\w-]{1,64}$/.test(org)) options['org'] = org;

  // A saved key may only go where it went before: a new provider or origin needs it typed again.
  const sameDestination =
    !!existing &&
    baseUrl.ok &&
    existing.provider === info.id &&
    sameOrigin(existing.baseUrl, baseUrl.value);
  let key = existing?.key ?? '';
  // A signed-in site has no key: the browser's own login reads it.
  if (info.session) key = '';
  else if (values.key.trim() || !sameDestination) {
    const checked = validateKey(values.key);
    if (!values.key.trim()) errors.key = existing && baseUrl.ok ? 'keyRequiredForNewOrigin' : 'fieldRequired';
    else if (!checked.ok) errors.key = 'keyInvalid';
    else key = checked.value;
  }

  const warnBelow = parseNumber(values.warnBelow, 1e12);
  if (warnBelow === null) errors.warnBelow = 'numberInvalid';
  const cycleWarnPercent = info.cycle ? parseNumber(values.cycleWarnPercent, 100) : DEFAULT_CYCLE_WARN_PERCENT;
  if (cycleWarnPercent === null) errors.cycleWarnPercent = 'percentInvalid';
  // Empty or 0 turns a days warning off.
  const warnDaysLeft = values.warnDaysLeft.trim() ? parseNumber(values.warnDaysLeft, 3650) : 0;
  if (warnDaysLeft === null) errors.warnDaysLeft = 'numberInvalid';
  const closeDaysLeft = values.closeDaysLeft.trim() ? parseNumber(values.closeDaysLeft, 3650) : 0;
  if (closeDaysLeft === null) errors.closeDaysLeft = 'numberInvalid';
  const limitWarnPercent = info.limits ? parseNumber(values.limitWarnPercent, 100) : DEFAULT_LIMIT_WARN_PERCENT;
  if (limitWarnPercent === null || limitWarnPercent < 1) errors.limitWarnPercent = 'percentInvalid';

  if (
    Object.keys(errors).length ||
    !baseUrl.ok ||
    warnBelow === null ||
    cycleWarnPercent === null ||
    warnDaysLeft === null ||
    closeDaysLeft === null ||
    limitWarnPercent === null ||
    limitWarnPercent < 1
  ) {
    return { ok: false, errors };
  }
  const account: Account = {
    id,
    provider: info.id,
    name,
    key,
    baseUrl: baseUrl.value,
    warnBelow,
    cycleWarnPercent,
    warnDaysLeft,
    closeDaysLeft,
    ...(info.fields?.length || Object.keys(options).length ? { options } : {}),
    ...(info.limits ? { limitWarnPercent, ...(values.limitResetNotify ? {} : { limitResetNotify: false as const }) } : {}),
    // Paused, pinned and snoozed are set outside the form: an edit keeps them.
    ...(existing ? accountFlags(existing) : {}),
  };
  const warnUnit = accountUnit(account);
  if (warnUnit) account.warnUnit = warnUnit;
  const keyChanged =
    !existing ||
    existing.key !== key ||
    existing.baseUrl !== account.baseUrl ||
    existing.provider !== account.provider ||
    JSON.stringify(existing.options ?? {}) !== JSON.stringify(account.options ?? {});
  return { ok: true, account, keyChanged };
}
