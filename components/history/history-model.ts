// The History page's state: the store bridge (accounts, states, settings), every
// account's history, following each new reading as it lands, and the user's
// choice of range and accounts. The view is one computation over them.
import { computed, signal } from '@preact/signals';
import { browser } from '@/lib/browser-api';
import { fingerprint } from '@/lib/store/fingerprint';
import { parseHistory, readHistories } from '@/lib/store/histories';
import { historyKey } from '@/lib/store/records';
import { historyViewItem, type RangeId } from '@/lib/store/history-view';
import type { History } from '@/lib/store/types';
import type { Account } from '@/lib/model/account';
import { createStoreBridge } from '../shared/stored';
import { buildHistoryView, csvReadings } from './history-data';

export function createHistoryModel(search: string, now: () => number = Date.now) {
  const store = createStoreBridge();
  const histories = signal<Record<string, History | undefined>>({});
  const range = signal<RangeId>('7d');
  // `history.html?account=<id>` (lib/options-link.ts historyPath): an open row's "History" shows that account alone.
  const wanted = new URLSearchParams(search).get('account');
  const selected = signal<ReadonlySet<string> | null>(wanted ? new Set([wanted]) : null);
  const clock = signal(now());
  const loaded = signal(false);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const input = computed(() => {
    const accounts = store.accounts.value;
    // An account removed meanwhile is not "selected": with none left the page shows them all.
    const chosen = selected.value && [...selected.value].filter((id) => accounts.some((a) => a.id === id));
    return {
      accounts,
      states: store.states.value,
      histories: histories.value,
      now: clock.value,
      range: range.value,
      selected: chosen?.length ? new Set(chosen) : null,
      intervalMs: store.settings.value.intervalMinutes * 60_000,
      timeZone,
    };
  });
  const view = computed(() => buildHistoryView(input.value));

  // A new reading lands under `history:<id>`: that account's history is parsed again, and the clock moves.
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    let next: Record<string, History | undefined> | undefined;
    for (const account of store.accounts.value) {
      const change = changes[historyKey(account.id)];
      if (!change) continue;
      next ??= { ...histories.value };
      next[account.id] = parseHistory(change.newValue, fingerprint(account));
    }
    if (next) {
      histories.value = next;
      clock.value = now();
    }
  };
  browser.storage.onChanged.addListener(onChanged);
  // An account added, or whose key changed, is read again.
  const seen = new Map<string, string>();
  const unwatch = store.accounts.subscribe((accounts: Account[]) => {
    const changed = accounts.filter((a) => seen.get(a.id) !== fingerprint(a));
    seen.clear();
    for (const a of accounts) seen.set(a.id, fingerprint(a));
    if (!changed.length || !loaded.value) return;
    void readHistories(changed).then((read) => (histories.value = { ...histories.value, ...read }));
  });

  const ready = Promise.all([store.ready, historyViewItem.getValue()]).then(async ([, choice]) => {
    range.value = choice.range;
    histories.value = await readHistories(store.accounts.value);
    clock.value = now();
    loaded.value = true;
  });

  return {
    ready,
    loaded,
    accounts: store.accounts,
    states: store.states,
    range,
    selected,
    view,
    setRange(next: RangeId) {
      range.value = next;
      clock.value = now();
      void historyViewItem.setValue({ range: next });
    },
    /** The CSV of what is shown: the range and accounts chosen. */
    csv: (providerName: (account: Account) => string) => csvReadings(input.value, providerName),
    stop() {
      browser.storage.onChanged.removeListener(onChanged);
      unwatch();
      store.stop();
    },
  };
}

export type HistoryModel = ReturnType<typeof createHistoryModel>;
