// The popup's state: stored items bridged into signals, plus a ticking clock
// for "updated 3 min ago". Reads storage only; the background does the network.
import { computed, signal } from '@preact/signals';
import { assess } from '@/lib/assess';
import { daysLeft } from '@/lib/forecast';
import type { History } from '@/lib/history';
import { sendMessage } from '@/lib/messages';
import {
  accountsItem,
  DEFAULT_SETTINGS,
  engineItem,
  getHistories,
  readItems,
  settingsItem,
  statesItem,
} from '@/lib/storage';
import { popupState } from './popup-preload';
import { storedSignal } from './stored';

export function createPopupModel(
  now: () => number = Date.now,
  initial = popupState ?? readItems(accountsItem, statesItem, settingsItem, engineItem),
) {
  const accounts = storedSignal(accountsItem);
  const states = storedSignal(statesItem);
  const settings = storedSignal(settingsItem);
  const engine = storedSignal(engineItem);
  const histories = signal<Record<string, History | undefined>>({});
  const clock = signal(now());
  const refreshing = signal(false);
  const loaded = signal(false);

  const loadHistories = async () => {
    histories.value = await getHistories(accounts.value.value.map((a) => a.id));
  };
  // The engine writes states and histories together: a new state means new history.
  const stopHistories = states.value.subscribe(() => void loadHistories());

  const ready = initial.then(([a, st, se, e]) => {
    accounts.value.value = a;
    states.value.value = st;
    settings.value.value = se;
    engine.value.value = e;
    loaded.value = true;
  });
  const timer = setInterval(() => (clock.value = now()), 30_000);

  const assessments = computed(() => {
    const interval = { ...DEFAULT_SETTINGS, ...settings.value.value }.intervalMinutes;
    return accounts.value.value.map((account) => {
      const state = states.value.value[account.id];
      const cycle = state?.snapshot?.cycle;
      return {
        assessment: assess(account, state, clock.value, interval, daysLeft(histories.value[account.id], clock.value, cycle)),
        state,
        history: histories.value[account.id],
      };
    });
  });

  async function refresh() {
    refreshing.value = true;
    try {
      await sendMessage({ type: 'refresh' });
    } finally {
      refreshing.value = false;
      clock.value = now();
    }
  }

  return {
    ready,
    loaded,
    assessments,
    lastCycleAt: computed(() => engine.value.value.lastCycleAt),
    clock,
    refreshing,
    refresh,
    /** After the first paint: ask the background to refresh data older than the interval. */
    refreshIfStale: () => sendMessage({ type: 'popup-opened' }).catch(() => undefined),
    dispose() {
      clearInterval(timer);
      stopHistories();
      [accounts, states, settings, engine].forEach((s) => s.stop());
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
