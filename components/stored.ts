import { signal, type Signal } from '@preact/signals';

/** The part of a WXT storage item a view needs: read once, then watch. */
interface Watchable<T> {
  getValue(): Promise<T>;
  watch(cb: (value: T) => void): () => void;
}

/**
 * Bridges a storage item into a signal: `ready` resolves after the first read,
 * later changes (from the background) flow in until `stop()`.
 */
export function storedSignal<T>(item: Watchable<T>, initial: T): { value: Signal<T>; ready: Promise<void>; stop: () => void } {
  const value = signal(initial);
  const stop = item.watch((next) => (value.value = next));
  const ready = item.getValue().then((v) => {
    value.value = v;
  });
  return { value, ready, stop };
}
