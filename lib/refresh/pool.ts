/**
 * A shared bound on tasks in flight: every refresh, however it was started,
 * takes its reads from the same pool, so an alarm and a Refresh click together
 * still make at most `limit` requests at once. A slow task holds only its own slot.
 */
export function createLimiter(limit: number) {
  const max = Math.max(1, limit);
  let active = 0;
  const waiting: Array<() => void> = [];
  return async function run<R>(task: () => Promise<R>): Promise<R> {
    // A waiter is handed the finishing task's slot directly: nobody can slip in between.
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
