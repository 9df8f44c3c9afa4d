import { signal, type Signal } from '@preact/signals';
import type { Account } from '@/lib/account';
import type { History } from '@/lib/history';
import type { Trend } from './account-trend';

/**
 * The trend (forecasts and sparkline) and the histories it draws are their own
 * chunk, fetched after the first paint: the balances never wait for them, and
 * keeping them out of the first load keeps the popup inside its 20 KB budget.
 */
export const LazyTrend = signal<typeof Trend | null>(null);

/** Loads the trend chunk and starts following the histories; resolves with the unwatch function. */
export function loadTrend(
  accounts: Signal<Account[]>,
  histories: Signal<Record<string, History | undefined>>,
): Promise<() => void> {
  return import('./account-trend').then((m) => {
    LazyTrend.value = m.Trend;
    return m.followHistories(accounts, histories);
  });
}
