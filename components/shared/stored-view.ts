// The first read both pages paint from, in a module of its own that imports
// only the store: the popup starts it before Preact and signals are evaluated.
import type { Account } from '@/lib/account';
import { readStates, stateKeysOf, statesFrom } from '@/lib/store/records';
import {
  accountsItem,
  activityItem,
  readItemsAnd,
  settingsItem,
  type AccountState,
  type Activity,
  type Settings,
} from '@/lib/store/storage';

export type StoredView = [Account[], Settings, Activity, Record<string, AccountState>];

/** Which account ids the last page saw: a guess that lets the first paint read everything in one call. */
const IDS_HINT = 'credit-gauge:account-ids';

function idsHint(): string[] {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(IDS_HINT) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The first read both pages paint from. The states live under one key per
 * account, so their names depend on the account list: the ids the last page
 * saw (only ids, never keys, in the page's localStorage) are read along with
 * the lists in one call, and only accounts added since take a second call.
 */
export async function readStoredView(): Promise<StoredView> {
  const hint = idsHint();
  const [[accounts, settings, activity], stored] = await readItemsAnd(stateKeysOf(hint), accountsItem, settingsItem, activityItem);
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
