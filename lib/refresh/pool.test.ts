import { describe, expect, it } from 'vitest';
import { createLimiter } from './pool';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLimiter', () => {
  it.each([
    { case: 'never more than the limit in flight', tasks: 20, limit: 6, peak: 6 },
    { case: 'fewer tasks than the limit all run at once', tasks: 3, limit: 6, peak: 3 },
    { case: 'a limit below one still runs tasks, one at a time', tasks: 4, limit: 0, peak: 1 },
  ])('$case', async ({ tasks, limit, peak }) => {
    const run = createLimiter(limit);
    let active = 0;
    let seen = 0;
    const out = await Promise.all(
      Array.from({ length: tasks }, (_, i) =>
        run(async () => {
          active++;
          seen = Math.max(seen, active);
          await tick();
          active--;
          return i * 2;
        }),
      ),
    );
    expect(seen).toBe(peak);
    expect(out).toEqual(Array.from({ length: tasks }, (_, i) => i * 2));
  });

  it('a hung task holds only its own slot: the others finish', async () => {
    const run = createLimiter(2);
    const done: number[] = [];
    void run(() => new Promise(() => {}));
    await Promise.all([1, 2, 3].map((i) => run(async () => void done.push(i))));
    expect(done).toEqual([1, 2, 3]);
  });

  it('a failing task frees its slot and rejects only its own caller', async () => {
    const run = createLimiter(1);
    const failed = run(async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await run(async () => 'next')).toBe('next');
  });

  it('a task started just as another finishes never takes a slot a waiter was promised', async () => {
    const run = createLimiter(1);
    let active = 0;
    let peak = 0;
    const task = async () => {
      peak = Math.max(peak, ++active);
      await tick();
      active--;
    };
    const first = run(task);
    const waiter = run(task);
    await first; // the waiter now holds the slot, before it has resumed
    const late = run(task);
    await Promise.all([waiter, late]);
    expect(peak).toBe(1);
  });
});
