import { signal } from '@preact/signals';
import type { Trend } from './account-trend';

/**
 * The trend (forecasts and sparkline) is its own chunk, fetched after the first
 * paint: it needs the histories, which are read after the first paint too, and
 * keeping it out of the first load keeps the popup inside its 20 KB budget.
 */
export const LazyTrend = signal<typeof Trend | null>(null);

export function loadTrend(): Promise<void> {
  return import('./account-trend').then((m) => void (LazyTrend.value = m.Trend));
}
