// The first read the pages draw from, in a module of its own that imports only
// the store.
import type { Account } from '@/lib/model/account';
import { firstReadKeys, idsHint, IDS_HINT } from '@/lib/store/first-read';
import { readStates, statesFrom } from '@/lib/store/records';
import {
  accountsItem,
  activityItem,
  itemsFrom,
  settingsItem,
  type AccountState,
  type Activity,
  type Settings,
} from '@/lib/store/storage';
import { browser } from '@/lib/browser-api';

export type StoredView = [Account[], Settings, Activity, Record<string, AccountState>];

/**
 * The first read both pages paint from. The states live under one key per
 * account, so their names depend on the account list: the ids the last page
 * saw (only ids, never keys, in the page's localStorage) are read along with
 * the lists in one call, and only accounts added since take a second call.
 * (The popup's first paint does not wait for it: the early script paints the
 * screen the background rendered ahead of time, components/popup/first-screen.ts.)
 */
export async function readStoredView(): Promise<StoredView> {
  const hint = idsHint();
  const keys = firstReadKeys(hint);
  const stored = await browser.storage.local.get(keys);
  const [accounts, settings, activity] = await itemsFrom(stored, accountsItem, settingsItem, activityItem);
  const known = new Set(hint);
  const missed = accounts.filter((a) => !known.has(a.id));
  const states = {
    ...statesFrom(stored, accounts.filter((a) => known.has(a.id))),
    ...(missed.length ? await readStates(missed) : {}),
  };
  try {
    localStorage.setItem(IDS_HINT, JSON.stringify(accounts.map((a) => a.id)));
  } catch {
    // No page storage (private window settings): the first paint just takes the second call.
  }
  return [accounts, settings, activity, states];
}
