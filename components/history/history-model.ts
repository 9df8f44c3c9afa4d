// The History page's state: the store bridge (accounts, states, settings), every
// account's history, following each new reading as it lands, and the user's
// choice of range and accounts. The view is one computation over them.
import { computed, effect, signal } from '@preact/signals';
import { browser } from '@/lib/browser-api';
import { fingerprint } from '@/lib/store/fingerprint';
import { parseHistory, readHistories } from '@/lib/store/histories';
import { historyKey } from '@/lib/store/records';
import { historyViewItem, type RangeId } from '@/lib/store/history-view';
import type { History } from '@/lib/store/types';
import type { Account } from '@/lib/model/account';
import { accountUnit } from '@/lib/providers/registry';
import { allSeries } from '@/lib/judge/history';
import { HISTORY_ACCOUNT_QUERY } from '@/lib/options-link';
import { createStoreBridge } from '../shared/stored';
import { buildHistoryView, csvReadings } from './history-data';

export function createHistoryModel(search: string, now: () => number = Date.now) {
  const store = createStoreBridge();
  const histories = signal<Record<string, History | undefined>>({});
  const range = signal<RangeId>('7d');
  // An open row's "History" (lib/options-link.ts historyPath) shows that account alone.
  const wanted = new URLSearchParams(search).get(HISTORY_ACCOUNT_QUERY);
  const selected = signal<ReadonlySet<string> | null>(wanted ? new Set([wanted]) : null);
  const clock = signal(now());
  const loaded = signal(false);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  // Each account's unit from its last reading: a signal that changes only when a unit does, so a refresh
  // (every account's state written) does not rebuild the page; new readings arrive with the histories.
  const units = signal<Record<string, string | undefined>>({});
  const stopUnits = effect(() => {
    const next = Object.fromEntries(store.accounts.value.map((a) => [a.id, store.states.value[a.id]?.snapshot?.unit]));
    if (JSON.stringify(next) !== JSON.stringify(units.peek())) units.value = next;
  });

  const input = computed(() => {
    const accounts = store.accounts.value;
    // An account removed meanwhile is not "selected": when the ones chosen are all gone (the account a row's
    // "History" opened on), the page shows them all; none chosen by the user stays none.
    const chosen = selected.value && [...selected.value].filter((id) => accounts.some((a) => a.id === id));
    const gone = selected.value !== null && selected.value.size > 0 && !chosen?.length;
    return {
      accounts,
      units: units.value,
      histories: histories.value,
      now: clock.value,
      range: range.value,
      selected: chosen && !gone ? new Set(chosen) : null,
      intervalMs: store.settings.value.intervalMinutes * 60_000,
      timeZone,
    };
  });
  const view = computed(() => buildHistoryView(input.value));

  // A new reading lands under `history:<id>`: that account's history is parsed again. Readings of one
  // refresh land one by one; they are applied together, at most once a second, and the clock moves then.
  let landed: Record<string, unknown> = {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const apply = () => {
    timer = undefined;
    const next = { ...histories.value };
    for (const account of store.accounts.value) {
      if (historyKey(account.id) in landed) next[account.id] = parseHistory(landed[historyKey(account.id)], fingerprint(account));
    }
    landed = {};
    histories.value = next;
    clock.value = now();
  };
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    for (const [key, change] of Object.entries(changes)) if (key.startsWith('history:')) landed[key] = change.newValue;
    if (Object.keys(landed).length && !timer) timer = setTimeout(apply, 1000);
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
    /** The unit an account's amounts are in: its last reading's, else its newest series', else its provider's. */
    unitOf(account: Account): string | undefined {
      return units.value[account.id] ?? allSeries(histories.value[account.id]).at(-1)?.unit ?? accountUnit(account);
    },
    stop() {
      if (timer) clearTimeout(timer);
      stopUnits();
      browser.storage.onChanged.removeListener(onChanged);
      unwatch();
      store.stop();
    },
  };
}

export type HistoryModel = ReturnType<typeof createHistoryModel>;
