// The popup's state: stored items bridged into signals, plus a ticking clock
// for "updated 3 min ago". Reads storage only; the background does the network.
import { signal } from '@preact/signals';
import { sendMessage } from '@/lib/background/messages';
import { readStoredView } from '../shared/stored-view';
import { createStoreBridge } from '../shared/stored';
import { loadTrend } from './trend-loader';
import type { History } from '@/lib/store/types';
import { derivePopupView } from './popup-view';

export function createPopupModel(now: () => number = Date.now, initial = readStoredView()) {
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

  const view = derivePopupView(store, clock, histories);

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
    ...view,
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
