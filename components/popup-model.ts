// The popup's state: stored items bridged into signals, plus a ticking clock
// for "updated 3 min ago". Reads storage only; the background does the network.
import { computed, signal } from '@preact/signals';
import { assess } from '@/lib/judge/assess';
import { daysLeft } from '@/lib/forecast';
import type { History } from '@/lib/history';
import { sendMessage } from '@/lib/messages';
import {
  accountsItem,
  getHistories,
  settingsItem,
  statesItem,
  withDefaults,
} from '@/lib/store/storage';
import { popupState } from './popup-preload';
import { storedSignal } from './stored';

export function createPopupModel(now: () => number = Date.now, initial = popupState) {
  const accounts = storedSignal(accountsItem);
  const states = storedSignal(statesItem);
  const settings = storedSignal(settingsItem);
  const histories = signal<Record<string, History | undefined>>({});
  const clock = signal(now());
  const refreshing = signal(false);
  const loaded = signal(false);

  const loadHistories = async () => {
    histories.value = await getHistories(accounts.value.value.map((a) => a.id));
  };
  // The engine writes states and histories together: a new state means new history.
  const stopHistories = states.value.subscribe(() => void loadHistories());

  const ready = initial.then(([a, st, se]) => {
    accounts.value.value = a;
    states.value.value = st;
    settings.value.value = se;
    loaded.value = true;
  });
  const timer = setInterval(() => (clock.value = now()), 30_000);

  const assessments = computed(() => {
    const interval = withDefaults(settings.value.value).intervalMinutes;
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

  const failed = signal(false);
  async function refresh() {
    refreshing.value = true;
    failed.value = false;
    try {
      failed.value = !(await sendMessage({ type: 'refresh' })).ok;
    } catch {
      failed.value = true; // the background could not be reached
    } finally {
      refreshing.value = false;
      clock.value = now();
    }
  }

  return {
    ready,
    loaded,
    assessments,
    /** When a balance was last actually read: a cycle that read nothing does not count. */
    lastReadAt: computed(() => {
      const times = Object.values(states.value.value).flatMap((s) => (s?.snapshot ? [s.snapshot.readAt] : []));
      return times.length ? Math.max(...times) : undefined;
    }),
    failed,
    clock,
    refreshing,
    refresh,
    /** After the first paint: ask the background to refresh data older than the interval. */
    refreshIfStale: () => sendMessage({ type: 'popup-opened' }).catch(() => undefined),
    dispose() {
      clearInterval(timer);
      stopHistories();
      [accounts, states, settings].forEach((s) => s.stop());
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
