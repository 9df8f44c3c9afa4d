// What the popup's rows and the notifications' buttons change on one account:
// pin and snooze. Written over what is stored now, one writer at a time, like
// every other edit of the accounts list (lib/store/storage.ts).
import { browser } from 'wxt/browser';
import { SNOOZE_MS, type Account } from '../model/account';
import { NOTIFICATION_REASONS, notificationId } from './notify';
import { updateAccounts } from '../store/writes';

function change(id: string, edit: (account: Account) => Account): Promise<Account[]> {
  return updateAccounts((list) => list.map((a) => (a.id === id ? edit(a) : a)));
}

/** A pinned account leads its group in the popup and is never folded away. */
export function setPinned(id: string, pinned: boolean): Promise<Account[]> {
  return change(id, ({ pinned: _, ...rest }) => (pinned ? { ...rest, pinned: true as const } : rest));
}

/**
 * Silences the account's notifications for 24 hours from `now`, and takes away the ones it is
 * showing (snoozing says "stop telling me about this one"); `now === null` ends the snooze.
 */
export async function snooze(id: string, now: number | null): Promise<Account[]> {
  const accounts = await change(id, ({ snoozedUntil: _, ...rest }) => (now === null ? rest : { ...rest, snoozedUntil: now + SNOOZE_MS }));
  if (now !== null) await clearNotifications(id);
  return accounts;
}

/** Takes away every notification the account is showing, whatever its reason. */
export async function clearNotifications(id: string): Promise<void> {
  await Promise.all(NOTIFICATION_REASONS.map((reason) => browser.notifications.clear(notificationId(id, reason))));
}
