import { signal } from '@preact/signals';
import { browser } from '@/lib/browser-api';
import type { Account } from '@/lib/model/account';
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
  // Whatever changes while the first read is in flight is applied after it, in order. The read is asked
  // for before this listener exists, in the same task: no change can land in between.
  let pending: Array<Record<string, { newValue?: unknown }>> | null = [];

  const apply = (changes: Record<string, { newValue?: unknown }>) => {
    if (accountsItem.key in changes) {
      const before = new Map(accounts.value.map((a) => [a.id, fingerprint(a)]));
      accounts.value = accountsItem.parse(changes[accountsItem.key]!.newValue);
      // A changed key, provider or base URL changes which stored state applies: only those accounts
      // (and new ones) are read again. A rename, pin or snooze keeps what is shown, so a result
      // that lands meanwhile is never replaced by an older read.
      const changed = accounts.value.filter((a) => before.get(a.id) !== fingerprint(a));
      const kept = new Set(accounts.value.filter((a) => !changed.includes(a)).map((a) => a.id));
      states.value = Object.fromEntries(Object.entries(states.value).filter(([id]) => kept.has(id)));
      if (changed.length) void readStates(changed).then((read) => (states.value = { ...states.value, ...read }));
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
