// Builds and sends the browser notification for one alert. Ids are stable per
// account and reason, so a repeat replaces rather than stacks.
import type { Assessment } from '../judge/assess';
import type { AlertEvent } from '../refresh/engine';
import type { Account } from '../model/account';
import type { Formatter } from '../words/format';
import type { MessageKey, Translate } from '../words/i18n';
import { topUpPage } from '../providers/registry';
import { limitNameInSentence } from '../words/describe';
import { describeReset } from '../words/describe-row';

export interface NotificationContent {
  title: string;
  message: string;
}

const ID_SEPARATOR = '|';

// One slot per account for a limit crossing and one for a reset: a newer one replaces the older.
export const NOTIFICATION_REASONS = ['lowBalance', 'lowCycle', 'cycleOut', 'keyRejected', 'daysLeft', 'topUp', 'limit', 'limitReset'] as const;
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];

export const isNotificationReason = (reason: string): reason is NotificationReason =>
  (NOTIFICATION_REASONS as readonly string[]).includes(reason);

export type NotificationButton = 'topUp' | 'snooze';

const BUTTON_TITLES: Record<NotificationButton, MessageKey> = { topUp: 'notifyButtonTopUp', snooze: 'notifyButtonSnooze' };

/**
 * A notification's buttons, in order. A click reports only the button's index, which the handler
 * maps back through this same list, computed from the stored account as when it was shown.
 * A top-up notice asks nothing of the user; a rejected key is not fixed by paying.
 */
export function notificationButtons(account: Pick<Account, 'provider' | 'baseUrl'>, reason: NotificationReason): NotificationButton[] {
  if (reason === 'topUp' || reason === 'limitReset') return [];
  // A full window waits for its reset: paying is not the answer (nor is a Top up page).
  if (reason === 'limit') return ['snooze'];
  return reason !== 'keyRejected' && topUpPage(account) ? ['topUp', 'snooze'] : ['snooze'];
}

/**
 * The `buttons` option, left out entirely where the browser has none (Firefox: clicking the
 * notification itself opens the popup, where both actions are).
 */
export function buttonOptions(
  buttons: readonly NotificationButton[],
  t: Translate,
  supported: boolean,
): { buttons?: Array<{ title: string }> } {
  return supported && buttons.length ? { buttons: buttons.map((button) => ({ title: t(BUTTON_TITLES[button]) })) } : {};
}

export function notificationId(accountId: string, reason: NotificationReason): string {
  return `${accountId}${ID_SEPARATOR}${reason}`;
}

export function parseNotificationId(id: string): { accountId: string; reason: string } | null {
  const at = id.lastIndexOf(ID_SEPARATOR);
  return at > 0 ? { accountId: id.slice(0, at), reason: id.slice(at + 1) } : null;
}

export function notificationContent(
  event: AlertEvent,
  a: Assessment,
  t: Translate,
  f: Formatter,
  now: number = Date.now(),
): NotificationContent {
  const name = a.account.name;
  switch (event.reason) {
    case 'topUp':
      return { title: t('notifyTopUpTitle', name), message: t('notifyTopUpBody', f.amount(event.amount, a.unit)) };
    case 'keyRejected':
      return { title: t('notifyKeyTitle', name), message: t('notifyKeyBody') };
    case 'lowBalance':
      return {
        title: t('notifyLowTitle', name),
        message:
          a.balance === null || a.balance <= 0
            ? t('notifyOutBody')
            : t('notifyLowBody', [f.amount(a.balance, a.unit), f.amount(a.account.warnBelow, a.unit)]) + forecast(a, t, f),
      };
    case 'lowCycle':
      return { title: t('notifyCycleLowTitle', name), message: t('notifyCycleLowBody', f.percent(a.cycleLeft ?? 0)) };
    case 'cycleOut':
      return {
        title: t('notifyCycleOutTitle', name),
        message:
          a.cycleRenews && a.cycleEnd !== undefined
            ? t('notifyCycleOutBody', f.date(a.cycleEnd))
            : t('notifyCycleOutNoRenewBody'),
      };
    case 'daysLeft':
      return { title: t('notifyDaysTitle', name), message: t('notifyDaysBody', f.duration(a.daysLeft ?? 0)) };
    case 'limit': {
      // "Claude: weekly limit 92% used" — "Resets Tue 9:00 AM."
      const reset = describeReset(event.limit, t, f, now);
      return {
        title: t('notifyLimitTitle', [name, limitNameInSentence(event.limit, t), f.percentUsed(event.limit.usedPercent)]),
        message: reset ? t('notifyLimitBody', reset) : t('notifyLimitBodyNoReset'),
      };
    }
    case 'limitReset':
      return { title: t('notifyLimitResetTitle', [name, limitNameInSentence(event.limit, t)]), message: t('notifyLimitResetBody', f.percentUsed(event.limit.usedPercent)) };
  }
}

/**
 * How long is left at the current pace, after what is left (issue 11): it says how soon to act.
 * None when unknown, not running out (Infinity) or already out (the balance words say that).
 */
function forecast(a: Assessment, t: Translate, f: Formatter): string {
  const days = a.daysLeft;
  return days !== null && Number.isFinite(days) && days > 0 ? ` ${t('notifyForecast', f.duration(days))}` : '';
}
