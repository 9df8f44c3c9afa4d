/**
 * Delay before the next scheduled attempt after `failures` consecutive failures:
 * exponential from one interval, capped at eight intervals, with jitter in
 * [50%, 100%] so many failing accounts don't retry in lockstep.
 */
export function backoffDelay(failures: number, intervalMs: number, random: () => number): number {
  if (failures <= 0) return 0;
  const exponential = Math.min(intervalMs * 2 ** (failures - 1), intervalMs * 8);
  return Math.round(exponential * (0.5 + random() * 0.5));
}
