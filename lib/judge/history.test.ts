import { describe, expect, it } from 'vitest';
import type { BalanceSnapshot } from '../model/balance';
import { limitSnapshot } from '../testing';
import {
  allSeries,
  appendSample,
  newSeries,
  detectTopUp,
  HISTORY_MAX_BYTES,
  historyBytes,
  historySamples,
  sparklinePoints,
} from './history';
import type { History } from '../store/types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2025, 0, 1);

function snapshot(
  readAt: number,
  remaining: number | null,
  cycle?: { used: number; start: number },
): BalanceSnapshot {
  return {
    provider: 'apertis',
    unit: 'USD',
    remaining,
    unlimited: remaining === null,
    readAt,
    ...(cycle && {
      cycle: {
        plan: 'pro',
        status: 'active',
        limit: 3000,
        used: cycle.used,
        remaining: 3000 - cycle.used,
        start: cycle.start,
        end: cycle.start + 30 * DAY,
        paygFallback: false,
      },
    }),
  };
}

/**
 * Polls a subscription account every 5 minutes for two years with realistic,
 * varied values: uneven spend, a top-up whenever the balance runs low, a new
 * cycle every 30 days, alarms firing a little late. Keeps the history at one year.
 */
function pollTwoYears() {
  let history: History | undefined;
  let aYear: History | undefined;
  const readAts: number[] = [];
  let balance = 1843.27;
  let used = 0;
  // Cycles start mid-hour, so a reset falls inside the buckets thinning keeps one sample of.
  let cycleStart = START - 7 * HOUR - 23 * MINUTE;
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let at = START; at < START + 730 * DAY; at += 5 * MINUTE) {
    if (at >= cycleStart + 30 * DAY) [cycleStart, used] = [cycleStart + 30 * DAY, 0];
    if (at === START + 365 * DAY) aYear = history;
    const spend = random() * random() * 0.9;
    balance = balance < 100 ? balance + 2000 : balance - spend;
    used += spend;
    const readAt = at + Math.floor(random() * 20_000);
    readAts.push(Math.floor(readAt / 1000) * 1000);
    history = appendSample(history, snapshot(readAt, balance, { used, start: cycleStart }));
  }
  return { aYear: aYear!, twoYears: history!, readAts };
}

const { aYear, twoYears, readAts } = pollTwoYears();

describe('appendSample', () => {
  it.each([
    ['one year', aYear],
    ['two years', twoYears],
  ])('keeps %s of 5-minute polling under 64 KB', (_, history) => {
    expect(historyBytes(history)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(JSON.stringify(history).length).toBe(historyBytes(history));
  });

  it('keeps every sample of the last two days', () => {
    const newest = historySamples(aYear).at(-1)!.at;
    const recent = (times: number[]) => times.filter((at) => at > newest - 2 * DAY && at <= newest);
    expect(recent(historySamples(aYear).map((sample) => sample.at))).toEqual(recent(readAts));
    expect(recent(readAts).length).toBeGreaterThanOrEqual(2 * 24 * 12 - 1);
  });

  it.each([
    ['2 to 30 days old: one an hour', 3 * DAY, 29 * DAY, HOUR],
    ['30 to 400 days old: one a day', 31 * DAY, 399 * DAY, DAY],
  ])('thins samples %s', (_, youngest, oldest, step) => {
    const samples = historySamples(twoYears);
    const newest = samples.at(-1)!.at;
    const tier = samples.filter((sample) => sample.at <= newest - youngest && sample.at >= newest - oldest);
    const buckets = new Set(tier.map((sample) => `${Math.floor(sample.at / step)}:${sample.cycleStart}`));
    expect(tier.length).toBe(buckets.size);
    expect(tier.length).toBeGreaterThanOrEqual((oldest - youngest) / step - 1);
  });

  it('drops samples older than 400 days', () => {
    const samples = historySamples(twoYears);
    expect(samples.at(-1)!.at - samples[0]!.at).toBeLessThanOrEqual(400 * DAY);
  });

  it('keeps samples oldest to newest through thinning', () => {
    const times = historySamples(twoYears).map((sample) => sample.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('keeps the last reading of each cycle through thinning', () => {
    const samples = historySamples(twoYears);
    const resets = samples.filter((sample, i) => i > 0 && sample.cycleStart !== samples[i - 1]!.cycleStart);
    expect(resets.length).toBeGreaterThanOrEqual(12);
    for (const reset of resets) {
      const before = samples[samples.indexOf(reset) - 1]!;
      expect(reset.cycleStart! - before.at).toBeLessThanOrEqual(5 * MINUTE + 20_000);
    }
  });

  it('ignores a sample older than the last', () => {
    const history = appendSample(appendSample(undefined, snapshot(START, 10)), snapshot(START + 5 * MINUTE, 9));
    expect(appendSample(history, snapshot(START + 4 * MINUTE, 50))).toBe(history);
  });

  it('a sample in the same second as the last replaces it: the newest reading wins', () => {
    const history = appendSample(appendSample(undefined, snapshot(START, 10)), snapshot(START + 5 * MINUTE, 9));
    const next = appendSample(history, snapshot(START + 5 * MINUTE + 400, 8.5));
    expect(historySamples(next).map((s) => s.balance)).toEqual([10, 8.5]);
  });

  it('records nothing for an unlimited key without a cycle', () => {
    expect(appendSample(undefined, snapshot(START, null))).toEqual({ v: 1, samples: [] });
  });

  it('stores seconds and cents, and a cycle start and quota only where the cycle changes', () => {
    const second = START + HOUR;
    let history = appendSample(undefined, snapshot(START + 5 * MINUTE + 123, 12.3456, { used: 1.004, start: START }));
    history = appendSample(history, snapshot(START + 10 * MINUTE, null, { used: 2, start: START }));
    history = appendSample(history, snapshot(second + MINUTE, 3000, { used: 0, start: second }));
    expect(history.samples).toEqual([
      [START / 1000 + 300, 12.35, 1, START / 1000, 3000],
      [START / 1000 + 600, null, 2],
      [second / 1000 + 60, 3000, 0, second / 1000, 3000],
    ]);
  });
});

describe('detectTopUp', () => {
  const cycle = { used: 100, start: START };
  const previous = appendSample(undefined, snapshot(START, 20, cycle));
  const later = START + 5 * MINUTE;

  it.each([
    ['a jump up is a top-up', snapshot(later, 70, cycle), { amount: 50 }],
    ['spend is not', snapshot(later, 19.5, { used: 100.5, start: START }), null],
    ['a rise within 1% is a refund, not a top-up', snapshot(later, 20.15, cycle), null],
    ['a new cycle start is a quota reset', snapshot(later, 3000, { used: 0, start: later }), null],
    ['used falling in the same cycle is a quota reset', snapshot(later, 3000, { used: 0, start: START }), null],
    ['an unlimited key has nothing to top up', snapshot(later, null, cycle), null],
    ['a sample not newer than the last says nothing', snapshot(START, 70, cycle), null],
  ])('%s', (_, next, expected) => {
    expect(detectTopUp(previous, next)).toEqual(expected);
  });

  it('says nothing without history', () => {
    expect(detectTopUp(undefined, snapshot(START, 70))).toBeNull();
  });
});

describe('sparklinePoints', () => {
  it('returns at most 60 points of the last 7 days, oldest first, ending at the newest', () => {
    const newest = historySamples(aYear).at(-1)!;
    const points = sparklinePoints(aYear, newest.at);
    expect(points.length).toBeLessThanOrEqual(60);
    expect(points.length).toBeGreaterThan(50);
    expect(points[0]![0]).toBeGreaterThanOrEqual(newest.at - 7 * DAY);
    expect(points.at(-1)).toEqual([newest.at, newest.balance]);
    expect(points.map(([at]) => at)).toEqual(points.map(([at]) => at).sort((a, b) => a - b));
  });

  it('returns every point of a short history', () => {
    let history: History | undefined;
    for (let i = 0; i < 5; i++) history = appendSample(history, snapshot(START + i * 5 * MINUTE, 10 - i));
    const expected = [0, 1, 2, 3, 4].map((i) => [START + i * 5 * MINUTE, 10 - i]);
    expect(sparklinePoints(history, START + HOUR)).toEqual(expected);
  });
});

describe('series and limits', () => {
  const windows = (at: number, percents: number[]) =>
    limitSnapshot(
      ['five_hour', 'seven_day', 'seven_day_opus', 'seven_day_sonnet', 'extra_usage'].map((id, i) => ({
        id,
        kind: 'session' as const,
        usedPercent: percents[i] ?? 0,
      })),
      at,
    );

  // Some 9,000 appends, each thinning the whole history as the engine does once per reading: ~4.5 s alone on
  // the 2-core machine, past Vitest's 5 s default beside the other test files.
  it("keeps a year of a signed-in site's five windows, polled every 5 minutes, under 64 KB", () => {
    let history: History | undefined;
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    // Hourly until the last two days, then every 5 minutes: what thinning keeps of 5-minute polling, in a tenth of the time.
    const end = START + 365 * DAY;
    for (let at = START; at < end; at += at < end - 2 * DAY ? HOUR : 5 * MINUTE) {
      history = appendSample(history, windows(at + Math.floor(random() * 20_000), [0, 1, 2, 3, 4].map(() => random() * 100)));
    }
    expect(historyBytes(history!)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    const samples = historySamples(history);
    expect(samples.at(-1)!.at - samples[0]!.at).toBeGreaterThan(360 * DAY);
    expect(Object.keys(samples.at(-1)!.limits!)).toHaveLength(5);
  }, 30_000);

  it.each([
    ['records each window in whole percents', [windows(START, [42.4, 17.5])], [{ five_hour: 42, seven_day: 18, seven_day_opus: 0, seven_day_sonnet: 0, extra_usage: 0 }]],
    [
      'a window missing from one reading is missing from that sample only',
      [windows(START, [10, 20]), limitSnapshot([{ id: 'seven_day', kind: 'weekly', usedPercent: 25 }], START + 5 * MINUTE)],
      [{ five_hour: 10, seven_day: 20, seven_day_opus: 0, seven_day_sonnet: 0, extra_usage: 0 }, { seven_day: 25 }],
    ],
    [
      'a new window joins the names',
      [limitSnapshot([{ id: 'a', kind: 'weekly', usedPercent: 1 }], START), limitSnapshot([{ id: 'b', kind: 'weekly', usedPercent: 2 }], START + DAY)],
      [{ a: 1 }, { b: 2 }],
    ],
  ])('%s', (_, snapshots, expected) => {
    const history = snapshots.reduce<History | undefined>((h, snap) => appendSample(h, snap), undefined);
    expect(historySamples(history).map((sample) => sample.limits)).toEqual(expected);
  });

  it('a reading in another unit starts a new series; the earlier one stays, in its unit', () => {
    let history = appendSample(undefined, snapshot(START, 10));
    history = appendSample(history, snapshot(START + HOUR, 9));
    history = appendSample(history, { ...snapshot(START + 2 * HOUR, 70), unit: 'CNY' });
    expect(historySamples(history).map((s) => s.balance)).toEqual([70]);
    expect(allSeries(history).map((series) => [series.unit, series.samples.map((s) => s.balance)])).toEqual([
      ['USD', [10, 9]],
      ['CNY', [70]],
    ]);
    expect(detectTopUp(history, { ...snapshot(START + 3 * HOUR, 700), unit: 'CNY' })).toEqual({ amount: 630 });
  });

  it('newSeries closes the current series under the unit it was read in, and keeps at most 8', () => {
    let history: History = appendSample(undefined, snapshot(START, 10));
    history = { ...history, unit: undefined } as unknown as History;
    for (let i = 1; i <= 10; i++) {
      history = newSeries(history, i === 1 ? 'EUR' : 'USD');
      history = appendSample(history, snapshot(START + i * DAY, 10 - i));
    }
    expect(history.before).toHaveLength(8);
    expect(allSeries(history)).toHaveLength(9);
    expect(allSeries(history)[0]!.samples[0]!.balance).toBe(8);
    expect(newSeries({ v: 1, samples: [] }, 'USD')).toEqual({ v: 1, samples: [] });
  });

  it('thinning keeps the last reading of each series, and the bound covers them all', () => {
    let history: History | undefined;
    for (let at = START; at < START + 40 * DAY; at += 5 * MINUTE) {
      if (at === START + 10 * DAY + 7 * MINUTE * 5) history = newSeries(history!, 'USD');
      history = appendSample(history, snapshot(at, 1000 - (at - START) / HOUR));
    }
    const [first, second] = allSeries(history);
    expect(first!.samples.at(-1)!.at).toBe(START + 10 * DAY + 6 * 5 * MINUTE);
    expect(second!.samples[0]!.at).toBeGreaterThan(first!.samples.at(-1)!.at);
    expect(second!.samples[0]!.at).toBeLessThan(START + 11 * DAY);
    expect(historyBytes(history!)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
  });

  it('an unreadable current series with earlier ones has nothing current', () => {
    expect(historySamples({ v: 1, samples: [], before: [{ samples: [[1, 2]] }] })).toEqual([]);
    expect(allSeries({ v: 1, samples: [], before: [{ samples: [[1, 2]] }] }, 'USD')).toEqual([
      { unit: 'USD', samples: [{ at: 1000, balance: 2 }] },
    ]);
  });
});
