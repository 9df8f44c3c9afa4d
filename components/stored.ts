import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { Account } from '@/lib/account';
import { fingerprint } from '@/lib/store/fingerprint';
import { readStates, stateKeysOf, statesFrom } from '@/lib/store/records';
import { parseState } from '@/lib/store/schema';
import {
  accountsItem,
  activityItem,
  DEFAULT_SETTINGS,
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

const STATE = 'state:';

/**
 * The one bridge from storage into signals for the popup and the settings
 * page: read once, then follow every change (each account's result lands under
 * its own key, so one landing result updates one account). Every value is
 * parsed on the way in, like the first read. `stop()` unwatches.
 */
export function createStoreBridge(initial: Promise<StoredView> = readStoredView()) {
  const accounts = signal<Account[]>([]);
  const settings = signal<Settings>(DEFAULT_SETTINGS);
  const activity = signal<Activity>({ reading: {} });
  const states = signal<Record<string, AccountState>>({});

  const byId = (id: string) => accounts.value.find((a) => a.id === id);
  // Whatever changed while the first read was in flight is applied after it, in order.
  let pending: Array<Record<string, { newValue?: unknown }>> | null = [];

  const apply = (changes: Record<string, { newValue?: unknown }>) => {
    if (accountsItem.key in changes) {
      accounts.value = accountsItem.parse(changes[accountsItem.key]!.newValue);
      // A changed key, provider or base URL changes which stored states apply.
      void readStates(accounts.value).then((next) => (states.value = next));
    }
    if (settingsItem.key in changes) settings.value = settingsItem.parse(changes[settingsItem.key]!.newValue);
    if (activityItem.key in changes) activity.value = activityItem.parse(changes[activityItem.key]!.newValue);
    let nextStates: Record<string, AccountState> | undefined;
    for (const [key, { newValue }] of Object.entries(changes)) {
      if (key.startsWith(STATE)) {
        const account = byId(key.slice(STATE.length));
        if (!account) continue;
        nextStates ??= { ...states.value };
        const state = parseState(newValue, fingerprint(account));
        if (state) nextStates[account.id] = state;
        else delete nextStates[account.id];
      }
    }
    if (nextStates) states.value = nextStates;
  };

  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    if (pending) pending.push(changes);
    else apply(changes);
  };
  browser.storage.onChanged.addListener(listener);

  const ready = initial.then(([a, se, act, st]) => {
    accounts.value = a;
    settings.value = se;
    activity.value = act;
    states.value = st;
    const queued = pending ?? [];
    pending = null;
    queued.forEach(apply);
  });

  return {
    ready,
    accounts,
    settings,
    activity,
    states,
    stop: () => browser.storage.onChanged.removeListener(listener),
  };
}

export type StoreBridge = ReturnType<typeof createStoreBridge>;
