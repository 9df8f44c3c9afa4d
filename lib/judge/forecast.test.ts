import { describe, expect, it } from 'vitest';
import type { BalanceSnapshot, Cycle } from '../model/balance';
import { burnRatePerDay, daysLeft, forecastBalance, forecastCycle } from './forecast';
import type { History } from '../store/types';
import { appendSample } from './history';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEP = 5 * MINUTE;
const START = Date.UTC(2025, 0, 1);
/** 0.1 per 5-minute poll. */
const PER_DAY = 28.8;

interface Reading {
  remaining: number | null;
  cycle?: { used: number; start: number };
}

function cycleOf(start: number, used: number, limit = 1000): Cycle {
  return {
    plan: 'pro',
    status: 'active',
    limit,
    used,
    remaining: limit - used,
    start,
    end: start + 30 * DAY,
    paygFallback: false,
  };
}

/** Appends a reading every 5 minutes from `from` to `to`, both included. */
function poll(history: History | undefined, from: number, to: number, read: (at: number) => Reading): History {
  for (let at = from; at <= to; at += STEP) {
    const { remaining, cycle } = read(at);
    const snapshot: BalanceSnapshot = {
      provider: 'apertis',
      unit: 'USD',
      remaining,
      unlimited: remaining === null,
      readAt: at,
      ...(cycle && { cycle: cycleOf(cycle.start, cycle.used) }),
    };
    history = appendSample(history, snapshot);
  }
  return history!;
}

/** Spends 0.1 per poll from `balance` at `from`. */
const burning = (balance: number, from: number) => (at: number) => ({
  remaining: balance - ((at - from) / STEP) * 0.1,
});

describe('burnRatePerDay and forecastBalance', () => {
  it('steady burn: runs out when the balance divided by the rate says', () => {
    const now = START + 2 * DAY;
    const history = poll(undefined, START, now, burning(100, START));
    const forecast = forecastBalance(history, now);
    expect(forecast).toMatchObject({ kind: 'runs-out', perDay: expect.closeTo(PER_DAY, 6) });
    if (forecast?.kind !== 'runs-out') return;
    expect(Math.abs(forecast.at - (now + (42.4 / PER_DAY) * DAY))).toBeLessThan(MINUTE);
    expect(forecast.days).toBeCloseTo(42.4 / PER_DAY, 4);
  });

  it('a top-up mid-window is left out, not counted as negative spend', () => {
    const now = START + 2 * DAY;
    const topUpAt = START + DAY;
    const history = poll(undefined, START, now, (at) => ({
      remaining: burning(100, START)(at).remaining + (at >= topUpAt ? 50 : 0),
    }));
    expect(burnRatePerDay(history, now)).toBeCloseTo(PER_DAY, 6);
    expect(forecastBalance(history, now)).toMatchObject({ kind: 'runs-out', days: expect.closeTo(92.4 / PER_DAY, 4) });
  });

  it.each([
    ['idle while the browser was closed, so nothing was spent', 0],
    ['busy while the browser was closed, so much was spent', 300],
  ])('a 3-day gap, %s, neither dilutes nor inflates the rate', (_, spentInGap) => {
    const reopened = START + 4 * DAY;
    const now = reopened + 12 * HOUR;
    let history = poll(undefined, START, START + DAY, burning(1000, START));
    history = poll(history, reopened, now, burning(1000 - 28.8 - 0.1 - spentInGap, reopened));
    expect(burnRatePerDay(history, now, 7 * DAY)).toBeCloseTo(PER_DAY, 6);
    expect(burnRatePerDay(history, now)).toBeCloseTo(PER_DAY, 6);
  });

  it('says nothing right after a long gap, with too little seen since', () => {
    const reopened = START + 4 * DAY;
    let history = poll(undefined, START, START + DAY, burning(1000, START));
    history = poll(history, reopened, reopened + STEP, burning(900, reopened));
    expect(forecastBalance(history, reopened + STEP)).toBeNull();
  });

  it('a subscription cycle reset is left out of the balance rate', () => {
    const reset = START + DAY;
    const now = START + 2 * DAY;
    const history = poll(undefined, START, now, (at) => {
      const start = at < reset ? reset - 30 * DAY : reset;
      const used = 500 * Number(at < reset) + ((at - Math.max(START, start)) / STEP) * 0.1;
      return { remaining: 1000 - used, cycle: { used, start } };
    });
    expect(burnRatePerDay(history, now)).toBeCloseTo(PER_DAY, 6);
  });

  it('a flat balance is steady', () => {
    const now = START + DAY;
    expect(forecastBalance(poll(undefined, START, now, () => ({ remaining: 42 })), now)).toEqual({ kind: 'steady' });
  });

  it('a balance that would last over a year is steady', () => {
    const now = START + DAY;
    const history = poll(undefined, START, now, burning(20_000, START));
    expect(forecastBalance(history, now)).toEqual({ kind: 'steady' });
  });

  it('an empty balance has run out', () => {
    const now = START + DAY;
    const history = poll(undefined, START, now, (at) => ({ remaining: Math.max(0, 20 - ((at - START) / STEP) * 0.1) }));
    expect(forecastBalance(history, now)).toMatchObject({ kind: 'runs-out', days: 0 });
  });

  it.each([
    ['no history', undefined, START],
    ['two samples', poll(undefined, START, START + STEP, burning(10, START)), START + STEP],
    ['three samples over ten minutes', poll(undefined, START, START + 2 * STEP, burning(10, START)), START + 2 * STEP],
    ['a history that stopped four days ago', poll(undefined, START, START + DAY, burning(10, START)), START + 5 * DAY],
    ['an unlimited key', poll(undefined, START, START + DAY, () => ({ remaining: null })), START + DAY],
  ])('too little data says nothing: %s', (_, history, now) => {
    expect(burnRatePerDay(history, now)).toBeNull();
    expect(forecastBalance(history, now)).toBeNull();
    expect(daysLeft(history, now)).toBeNull();
  });
});

describe('forecastCycle', () => {
  const now = START + 10 * DAY;
  const start = START;
  /** Uses 28.8 a day over the last day of a cycle that began 10 days ago, reaching 624 now. */
  const history = poll(undefined, now - DAY, now, (at) => ({
    remaining: null,
    cycle: { used: 624 - ((now - at) / STEP) * 0.1, start },
  }));

  it.each([
    [
      'on pace for 120% of the quota by the cycle end',
      1000,
      { kind: 'over-quota', percent: 120, at: start + 30 * DAY },
    ],
    ['quota lasts past the cycle end', 2400, { kind: 'lasts', percent: 50 }],
  ])('%s', (_, limit, expected) => {
    const forecast = forecastCycle(history, cycleOf(start, 624, limit), now);
    expect(forecast).toMatchObject({ ...expected, percent: expect.closeTo(expected.percent, 6) });
  });

  it('counts only the current cycle', () => {
    const reset = START + 30 * DAY;
    const later = reset + 6 * HOUR;
    // The old cycle burnt twice as fast.
    let spanning = poll(undefined, reset - DAY, reset - STEP, (at) => ({
      remaining: null,
      cycle: { used: 900 + ((at - reset) / STEP) * 0.2, start },
    }));
    spanning = poll(spanning, reset, later, (at) => ({
      remaining: null,
      cycle: { used: ((at - reset) / STEP) * 0.1, start: reset },
    }));
    const used = 7.2;
    const expected = ((used + PER_DAY * (30 - 0.25)) / 1000) * 100;
    expect(forecastCycle(spanning, cycleOf(reset, used), later)).toMatchObject({
      kind: 'lasts',
      percent: expect.closeTo(expected, 6),
    });
    expect(forecastCycle(spanning, cycleOf(reset, 0.2), reset + 2 * STEP)).toBeNull();
  });

  it('says nothing once the cycle has ended', () => {
    expect(forecastCycle(history, { ...cycleOf(start, 624), end: now - HOUR }, now)).toBeNull();
  });
});

describe('daysLeft', () => {
  const now = START + 10 * DAY;
  const quotaHistory = poll(undefined, now - DAY, now, (at) => ({
    remaining: null,
    cycle: { used: 624 - ((now - at) / STEP) * 0.1, start: START },
  }));

  it.each([
    [
      'a burning balance: days until it runs out',
      poll(undefined, now - DAY, now, burning(71.2, now - DAY)),
      undefined,
      42.4 / PER_DAY,
    ],
    ['a flat balance: never', poll(undefined, now - DAY, now, () => ({ remaining: 5 })), undefined, Infinity],
    ['a quota running out before the cycle ends: days until then', quotaHistory, cycleOf(START, 624, 1000), 376 / PER_DAY],
    ['a quota lasting past the cycle end: never', quotaHistory, cycleOf(START, 624, 2400), Infinity],
  ])('%s', (_, history, cycle, expected) => {
    const days = daysLeft(history, now, cycle);
    if (expected === Infinity) expect(days).toBe(Infinity);
    else expect(days).toBeCloseTo(expected, 4);
  });
});
