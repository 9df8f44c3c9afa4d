import { signal } from '@preact/signals';
import { browser } from '@/lib/browser-api';
import type { Account } from '@/lib/account';
import { fingerprint } from '@/lib/store/fingerprint';
import { readStates } from '@/lib/store/records';
import { readStoredView, type StoredView } from './stored-view';
import { parseState } from '@/lib/store/schema';
import {
  accountsItem,
  activityItem,
  DEFAULT_SETTINGS,
  settingsItem,
  type AccountState,
  type Activity,
  type Settings,
} from '@/lib/store/storage';

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
