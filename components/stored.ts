import { signal, type Signal } from '@preact/signals';

import type { StoredItem } from '@/lib/store/storage';

/**
 * Bridges a storage item into a signal that follows later changes (from the
 * background) until `stop()`. The first value comes from one batched read
 * (`readItems`), so a page waits on a single storage call before painting.
 */
export function storedSignal<T>(item: StoredItem<T>): { value: Signal<T>; stop: () => void } {
  const value = signal(item.fallbackValue);
  const stop = item.watch((next) => (value.value = next));
  return { value, stop };
}
