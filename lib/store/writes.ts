// The two read-modify-write edits of stored items, one writer at a time across every open page.
// Apart from storage.ts so that the popup's first load, which only reads, does not carry them.
import type { Account } from '../model/account';
import { accountsItem, settingsItem, type Settings } from './storage';

/**
 * Read-modify-write of the accounts list, one at a time across every open
 * extension page (two settings tabs never undo each other's edits).
 */
export function updateAccounts(change: (accounts: Account[]) => Account[]): Promise<Account[]> {
  return exclusive('credit-gauge:accounts', async () => {
    const next = change(await accountsItem.getValue());
    await accountsItem.setValue(next);
    return next;
  });
}

/**
 * Writes only the settings that changed, over what is stored now: two quick
 * clicks on different toggles never restore each other's old value.
 */
export function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  return exclusive('credit-gauge:settings', async () => {
    const next = { ...(await settingsItem.getValue()), ...patch };
    await settingsItem.setValue(next);
    return next;
  });
}

// Web Locks span every page of the extension; without them (tests), one context's edits still queue.
const queues = new Map<string, Promise<unknown>>();
function exclusive<T>(name: string, run: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request(name, run) as Promise<T>;
  const next = (queues.get(name) ?? Promise.resolve()).then(run, run);
  queues.set(name, next.catch(() => undefined));
  return next;
}
