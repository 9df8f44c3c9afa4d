import { signal, type Signal } from '@preact/signals';
import type { Account } from '@/lib/model/account';
import type { History } from '@/lib/store/types';
import type * as Details from './account-trend';

/**
 * An account's details (its figures beside what is left, its cycle, the trend
 * and the histories it draws, its provider's name) are their own chunk, fetched after the first
 * paint: what is left never waits for them, and keeping them out of the first
 * load keeps the popup inside its 20 KB budget.
 */
export const LazyDetails = signal<Pick<typeof Details, 'RowDetails'> | null>(null);

/** Loads the trend chunk and starts following the histories; resolves with the unwatch function. */
export function loadTrend(
  accounts: Signal<Account[]>,
  histories: Signal<Record<string, History | undefined>>,
): Promise<() => void> {
  return import('./account-trend').then((m) => {
    LazyDetails.value = { RowDetails: m.RowDetails };
    return m.followHistories(accounts, histories);
  });
}
