// What the popup's rows and the notifications' buttons change on one account:
// pin and snooze. Written over what is stored now, one writer at a time, like
// every other edit of the accounts list (lib/store/storage.ts).
import { SNOOZE_MS, type Account } from './account';
import { updateAccounts } from './store/storage';

function change(id: string, edit: (account: Account) => Account): Promise<Account[]> {
  return updateAccounts((list) => list.map((a) => (a.id === id ? edit(a) : a)));
}

/** A pinned account leads its group in the popup and is never folded away. */
export function setPinned(id: string, pinned: boolean): Promise<Account[]> {
  return change(id, ({ pinned: _, ...rest }) => (pinned ? { ...rest, pinned: true as const } : rest));
}

/** Silences the account's notifications for 24 hours from `now`; `now === null` ends the snooze. */
export function snooze(id: string, now: number | null): Promise<Account[]> {
  return change(id, ({ snoozedUntil: _, ...rest }) => (now === null ? rest : { ...rest, snoozedUntil: now + SNOOZE_MS }));
}
