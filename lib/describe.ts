// Words for an account's state, shared by the tooltip, notifications and popup.
import type { Assessment } from './judge/assess';
import type { BalanceError, ErrorKind } from './errors';
import type { Formatter } from './format';
import type { MessageKey, Translate } from './i18n';

const ERROR_WORDS: Record<ErrorKind, MessageKey> = {
  auth: 'errorAuth',
  insufficient: 'errorInsufficient',
  'not-found': 'errorNotFound',
  'invalid-request': 'errorInvalidRequest',
  'rate-limited': 'errorRateLimited',
  maintenance: 'errorMaintenance',
  server: 'errorServer',
  disabled: 'errorDisabled',
  timeout: 'errorTimeout',
  network: 'errorNetwork',
  'bad-response': 'errorBadResponse',
  'bad-url': 'errorBadUrl',
  permission: 'errorPermission',
};

/** "API key rejected", "Rate limited, next try at 14:05", ... */
export function describeError(error: Pick<BalanceError, 'kind' | 'retryAt'>, t: Translate, f: Formatter): string {
  if (error.kind === 'rate-limited' && error.retryAt !== undefined) {
    return t('errorRateLimitedUntil', f.time(error.retryAt));
  }
  return t(ERROR_WORDS[error.kind]);
}

/** The short balance text: "$12.50 left", "Unlimited", "1,200 credits left". */
export function describeBalance(a: Assessment, t: Translate, f: Formatter): string {
  if (a.balance === null) return a.cycleLeft !== null ? t('cycleLeft', f.percent(a.cycleLeft)) : t('unlimited');
  const parts = [t('amountLeft', f.amount(a.balance, a.unit))];
  if (a.cycleLeft !== null) parts.push(t('cycleLeft', f.percent(a.cycleLeft)));
  return parts.join(' · ');
}

/** One tooltip line per account: its balance, or its problem. */
export function describeAccountLine(
  a: Assessment,
  error: BalanceError | undefined,
  t: Translate,
  f: Formatter,
): string {
  const name = a.account.name;
  if (a.health === 'pending') return `${name}: ${t('notReadYet')}`;
  if (error && !(a.health === 'low' && error.kind === 'insufficient')) {
    const problem = describeError(error, t, f);
    return a.balance !== null || a.cycleLeft !== null
      ? `${name}: ${problem} (${t('lastKnown', describeBalance(a, t, f))})`
      : `${name}: ${problem}`;
  }
  const balance = describeBalance(a, t, f);
  const mark = a.health === 'low' ? ` — ${t('lowMark')}` : a.stale ? ` — ${t('staleMark')}` : '';
  return `${name}: ${balance}${mark}`;
}
