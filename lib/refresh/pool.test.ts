import { describe, expect, it } from 'vitest';
import { mapWithLimit } from './pool';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapWithLimit', () => {
  it.each([
    { items: 10, limit: 3, peak: 3 },
    { items: 2, limit: 6, peak: 2 },
    { items: 7, limit: 1, peak: 1 },
  ])('runs $items tasks with at most $limit in flight', async ({ items, limit, peak }) => {
    let inFlight = 0;
    let seen = 0;
    const out = await mapWithLimit(Array.from({ length: items }, (_, i) => i), limit, async (i) => {
      seen = Math.max(seen, ++inFlight);
      await tick();
      inFlight--;
      return i * 2;
    });
    expect(seen).toBe(peak);
    expect(out).toEqual(Array.from({ length: items }, (_, i) => i * 2));
  });

  it('lets fast tasks finish while a slow one is still running', async () => {
    const finished: number[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const run = mapWithLimit([0, 1, 2, 3], 2, async (i) => {
      if (i === 0) await slow;
      else await tick();
      finished.push(i);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toEqual([1, 2, 3]);
    release();
    await run;
    expect(finished).toEqual([1, 2, 3, 0]);
  });

  it('returns an empty list for no items', async () => {
    expect(await mapWithLimit([], 6, async () => 1)).toEqual([]);
  });
});
