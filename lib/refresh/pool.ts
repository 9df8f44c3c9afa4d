/**
 * A shared bound on tasks in flight: every refresh, however it was started,
 * takes its reads from the same pool, so an alarm and a Refresh click together
 * still make at most `limit` requests at once. A slow task holds only its own slot.
 */
export function createLimiter(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    active--;
    waiting.shift()?.();
  };
  return async function run<R>(task: () => Promise<R>): Promise<R> {
    if (active >= Math.max(1, limit)) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
