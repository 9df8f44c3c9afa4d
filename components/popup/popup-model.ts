// The popup's state: stored items bridged into signals, plus a ticking clock
// for "updated 3 min ago". Reads storage only; the background does the network.
import { computed, signal } from '@preact/signals';
import { assess, popupOrder, totalsByUnit } from '@/lib/judge/assess';
import { sendMessage } from '@/lib/background/messages';
import { popupState } from './popup-preload';
import { createStoreBridge } from '../shared/stored';
import { loadTrend } from './trend-loader';
import type { History } from '@/lib/store/types';

/** A read marked as started longer ago than this was cut off (the worker stopped): not shown as running. */
const READ_GIVE_UP_MS = 30_000;

export function createPopupModel(now: () => number = Date.now, initial = popupState) {
  const store = createStoreBridge(initial);
  /** Filled after the first paint, by the trend chunk (loadTrend). */
  const histories = signal<Record<string, History | undefined>>({});
  let stopHistories: (() => void) | undefined;
  const clock = signal(now());
  const refreshing = signal(false);
  const loaded = signal(false);
  const ready = store.ready.then(() => (loaded.value = true));
  const timer = setInterval(() => (clock.value = now()), 30_000);
  // A result that lands is read "now": with an older clock its sample counts as in the future, and
  // the sparkline and forecast of a row opened right after a refresh would leave it out (the refresh
  // message is answered once started, before any result lands).
  const stopClock = store.states.subscribe(() => (clock.value = now()));

  const assessments = computed(() => {
    const interval = store.settings.value.intervalMinutes;
    const items = store.accounts.value.map((account) => {
      const state = store.states.value[account.id];
      return {
        assessment: assess(account, state, clock.value, interval),
        state,
        history: histories.value[account.id],
      };
    });
    return popupOrder(items, store.settings.value.popupOrder);
  });

  /** Accounts a refresh is reading now, whose result has not landed yet. */
  const reading = computed(() => {
    const { reading: started } = store.activity.value;
    const ids = new Set<string>();
    for (const [id, since] of Object.entries(started)) {
      const last = store.states.value[id]?.lastAttemptAt ?? -Infinity;
      if (since > last && clock.value - since < READ_GIVE_UP_MS) ids.add(id);
    }
    return ids;
  });

  const failed = signal(false);
  /** Every account (a row's own Refresh is in its details); a Retry-After is honoured either way. */
  async function refresh() {
    refreshing.value = true;
    failed.value = false;
    clock.value = now();
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
    reading,
    /** When a balance was last actually read: a cycle that read nothing does not count. */
    lastReadAt: computed(() => {
      const times = Object.values(store.states.value).flatMap((s) => (s.snapshot ? [s.snapshot.readAt] : []));
      return times.length ? Math.max(...times) : undefined;
    }),
    /** Watched accounts whose latest read failed: "Updated 2 min ago · 3 failed". */
    failedCount: computed(() => assessments.value.filter(({ assessment: a, state }) => a.health !== 'paused' && state?.error).length),
    totals: computed(() => totalsByUnit(assessments.value.map((i) => i.assessment))),
    failed,
    clock,
    refreshing,
    refresh,
    /** After the first paint: the trend and the histories it draws. */
    loadTrend: () =>
      loadTrend(store.accounts, histories).then((stop) => void (stopHistories = stop), () => undefined),
    /** After the first paint: ask the background to refresh data older than the interval. */
    refreshIfStale: () => sendMessage({ type: 'popup-opened' }).catch(() => undefined),
    dispose() {
      clearInterval(timer);
      stopClock();
      store.stop();
      stopHistories?.();
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
