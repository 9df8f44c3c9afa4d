import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each([
    { case: 'one request runs once after the delay', requests: [0], runs: 1 },
    { case: 'a burst within the delay runs once', requests: [0, 10, 50, 190], runs: 1 },
    { case: 'requests a delay apart run each time', requests: [0, 250, 500], runs: 3 },
  ])('$case', async ({ requests, runs }) => {
    const task = vi.fn(async () => {});
    const c = coalesce(task, 200);
    let at = 0;
    for (const t of requests) {
      await vi.advanceTimersByTimeAsync(t - at);
      at = t;
      c.request();
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(runs);
  });

  it('flush runs a pending request at once and waits for it', async () => {
    const task = vi.fn(async () => {});
    const c = coalesce(task, 200);
    c.request();
    await c.flush();
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs never overlap, and a failing run does not stop later ones', async () => {
    let active = 0;
    let peak = 0;
    const task = vi.fn(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 300));
      active--;
      if (task.mock.calls.length === 1) throw new Error('boom');
    });
    const c = coalesce(task, 100);
    c.request();
    await vi.advanceTimersByTimeAsync(150);
    c.request();
    await vi.advanceTimersByTimeAsync(2000);
    const last = c.now();
    await vi.advanceTimersByTimeAsync(1000);
    await last;
    expect(task).toHaveBeenCalledTimes(3);
    expect(peak).toBe(1);
  });
});
