import { describe, expect, it } from 'vitest';
import { appendSample, newSeries } from '@/lib/judge/history';
import type { BalanceSnapshot } from '@/lib/model/balance';
import type { History } from '@/lib/store/types';
import { toCsv } from '@/lib/words/csv';
import { cycleSnapshot, limitSnapshot, makeAccount, paygSnapshot } from '@/lib/testing';
import { buildHistoryView, csvReadings, type HistoryInput } from './history-data';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 6, 12, 0);

const work = makeAccount({ id: 'w', name: 'Work, "main"', key: 'sk-work-secret-1111' });
const lab = makeAccount({ id: 'l', name: '=cmd|calc', key: 'sk-lab-secret-2222' });
const claude = makeAccount({ id: 'c', name: 'Claude Max', provider: 'claude', key: '', baseUrl: 'https://claude.ai' });

/** A history of `snapshots` in order. */
const historyOf = (...snapshots: BalanceSnapshot[]) => snapshots.reduce<History | undefined>((h, s) => appendSample(h, s), undefined)!;
/** Hourly readings of `balances`, the last one an hour before NOW. */
const hourly = (balances: number[], unit = 'USD') =>
  balances.map((balance, i) => ({ ...paygSnapshot(balance, NOW - (balances.length - i) * HOUR), unit }));

function input(histories: Record<string, History | undefined>, extra: Partial<HistoryInput> = {}): HistoryInput {
  return {
    accounts: [work, lab, claude],
    units: { w: 'USD', l: 'USD' },
    histories,
    now: NOW,
    range: '7d',
    selected: null,
    intervalMs: 5 * MINUTE,
    timeZone: 'UTC',
    ...extra,
  };
}

/** Every number anywhere in the view: none may be NaN or infinite. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value instanceof Map) return numbersIn([...value.values()]);
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('buildHistoryView', () => {
  it('with nothing recorded says so: no groups, no limits', () => {
    const view = buildHistoryView(input({}));
    expect(view).toMatchObject({ groups: [], limits: null, nothingRecorded: true });
  });

  it.each<[string, Record<string, History>, (view: ReturnType<typeof buildHistoryView>) => void]>([
    [
      'steady spend: one USD group, the totals add up',
      { w: historyOf(...hourly([10, 9, 8])), l: historyOf(...hourly([5, 4.5])) },
      (view) => {
        expect(view.groups.map((g) => g.unit)).toEqual(['USD']);
        expect(view.groups[0]!.spendTotals).toEqual([2, 0.5]);
        expect(view.groups[0]!.total).toBe(2.5);
      },
    ],
    [
      'a top-up is marked on the line and is not spend',
      { w: historyOf(...hourly([10, 8, 58, 57])) },
      (view) => {
        const group = view.groups[0]!;
        expect(group.total).toBe(3);
        expect([...group.topUpMarks.values()].flat()).toEqual([{ account: 'Work, "main"', amount: 50 }]);
        expect(group.topUpAt.filter((value) => typeof value === 'number')).toEqual([58]);
      },
    ],
    [
      'a unit change starts a new series in its own group; nothing is added across units',
      { w: newSeriesThen(historyOf(...hourly([10, 9, 8, 7])), hourly([70, 65], 'CNY')) },
      (view) => {
        expect(view.groups.map((g) => [g.unit, g.total])).toEqual([
          ['CNY', 5],
          ['USD', 3],
        ]);
      },
    ],
    [
      'a key change: the new key at a lower balance is a break in the line, never spend',
      { w: newSeriesThen(historyOf(...hourly([500, 499, 498, 497, 496, 495, 494, 493])), hourly([20, 19])) },
      (view) => {
        const group = view.groups[0]!;
        expect(group.total).toBe(8);
        expect(group.lines[0]!.values).toContain(null);
      },
    ],
    [
      'an overdrawn balance is drawn below zero and its spend counted',
      { w: historyOf(...hourly([1, -0.5, -2])) },
      (view) => {
        expect(view.groups[0]!.total).toBe(3);
        expect(view.groups[0]!.lines[0]!.values.filter((v) => typeof v === 'number')).toEqual([1, -0.5, -2]);
      },
    ],
    [
      'a night with the browser closed is a break in the line',
      { w: historyOf(paygSnapshot(10, NOW - 20 * HOUR), paygSnapshot(9.9, NOW - 19 * HOUR - 55 * MINUTE), paygSnapshot(7, NOW - 8 * HOUR)) },
      (view) => {
        const values = view.groups[0]!.lines[0]!.values;
        expect(values).toContain(null);
        expect(view.groups[0]!.total).toBe(3);
      },
    ],
    [
      "an account removed took its history: another id's history is not drawn",
      { gone: historyOf(...hourly([10, 9])), w: historyOf(...hourly([3, 2])) },
      (view) => {
        expect(view.groups[0]!.lines.map((line) => line.id)).toEqual(['w']);
      },
    ],
    [
      "a signed-in site's windows are lines in percent; a subscription's cycle too",
      {
        c: historyOf(
          limitSnapshot([{ id: 'five_hour', kind: 'session', usedPercent: 40 }, { id: 'seven_day', kind: 'weekly', usedPercent: 80 }], NOW - 2 * HOUR),
          limitSnapshot([{ id: 'five_hour', kind: 'session', usedPercent: 60 }], NOW - HOUR),
        ),
        w: historyOf(cycleSnapshot(2500, 5000, NOW - HOUR)),
      },
      (view) => {
        expect(view.limits!.lines.map((line) => [line.id, line.limit, line.variant])).toEqual([
          ['w', 'cycle', 0],
          ['c', 'five_hour', 0],
          ['c', 'seven_day', 1],
        ]);
        expect(view.limits!.lines[0]!.values.filter((v) => typeof v === 'number')).toEqual([50]);
        expect(view.limits!.lines[1]!.values.filter((v) => typeof v === 'number')).toEqual([40, 60]);
      },
    ],
    [
      'readings older than the range are not drawn, and say nothing in range',
      { w: historyOf(...hourly([10, 9]).map((s) => ({ ...s, readAt: s.readAt - 30 * DAY }))) },
      (view) => {
        expect(view.groups).toEqual([]);
        expect(view.nothingRecorded).toBe(false);
      },
    ],
  ])('%s', (_, histories, check) => {
    const view = buildHistoryView(input(histories));
    check(view);
    expect(numbersIn(view).every(Number.isFinite)).toBe(true);
  });

  it("the range's totals count only the range: a fall that began before it counts its part inside", () => {
    // $48 spent evenly over the 48 hours before NOW: the last 24 hours hold $24.
    const view = buildHistoryView(input({ w: historyOf(paygSnapshot(100, NOW - 48 * HOUR), paygSnapshot(52, NOW)) }, { range: '24h' }));
    expect(view.groups[0]!.total).toBe(24);
    expect(view.groups[0]!.days.map((day) => day.key)).toEqual(['2026-12-05', '2026-12-06']);
    expect(view.groups[0]!.spend[0]).toEqual([12, 12]);
  });

  it('"7 days" is today and the six whole days before it, in the user zone', () => {
    const view = buildHistoryView(input({ w: historyOf(...hourly([10, 9])) }, { timeZone: 'Europe/Berlin' }));
    const days = view.groups[0]!.days;
    expect(days.map((day) => day.key)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(view.from).toBe(Date.UTC(2026, 10, 29, 23));
    expect(days.slice(0, 6).every((day) => day.end - day.start === DAY)).toBe(true);
  });

  it('a gap is broken all the way across, and a line ends where an account stopped reporting', () => {
    const history = historyOf(paygSnapshot(10, NOW - 60 * HOUR), paygSnapshot(9, NOW - 59 * HOUR), paygSnapshot(7, NOW - 20 * HOUR), paygSnapshot(6.5, NOW - 19 * HOUR));
    const values = buildHistoryView(input({ w: history })).groups[0]!.lines[0]!.values;
    const numbers = values.flatMap((value, i) => (typeof value === 'number' ? [i] : []));
    // Between the two runs of readings every bucket is a break: nothing is drawn across the 39 hours.
    const [a, b] = [numbers[1]!, numbers[2]!];
    expect(values.slice(a + 1, b).every((value) => value === null)).toBe(true);
    // After the last reading (19 hours ago), no value is carried on to now.
    expect(values.slice(numbers.at(-1)! + 1).every((value) => value === null)).toBe(true);
  });

  it('no account chosen in the filter shows none, and its CSV is the header alone', () => {
    const histories = { w: historyOf(...hourly([10, 9])) };
    expect(buildHistoryView(input(histories, { selected: new Set() })).groups).toEqual([]);
    expect(csvReadings(input(histories, { selected: new Set() }), (a) => a.provider)).toEqual([]);
  });

  it('the filter shows the accounts chosen', () => {
    const histories = { w: historyOf(...hourly([10, 9])), l: historyOf(...hourly([5, 4])) };
    const view = buildHistoryView(input(histories, { selected: new Set(['l']) }));
    expect(view.groups[0]!.lines.map((line) => line.id)).toEqual(['l']);
  });

  it('a group lists its accounts biggest spender first, each coloured by that rank, the ninth on sharing two colours', () => {
    const accounts = Array.from({ length: 11 }, (_, i) => makeAccount({ id: `a${i}`, name: `A${i}` }));
    const histories = Object.fromEntries(accounts.map((a, i) => [a.id, historyOf(...hourly([100, 100 - i]))]));
    const view = buildHistoryView(input(histories, { accounts, units: {} }));
    const group = view.groups[0]!;
    expect(group.lines.map((line) => line.id)).toEqual(['a10', 'a9', 'a8', 'a7', 'a6', 'a5', 'a4', 'a3', 'a2', 'a1', 'a0']);
    expect(group.lines.map((line) => line.color)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 8]);
    expect(group.spendTotals).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('a year of days in the user zone, each range on its own grid', () => {
    const view = buildHistoryView(input({ w: historyOf(...hourly([10, 9])) }, { range: '1y' }));
    expect(view.groups[0]!.days).toHaveLength(365);
    expect(view.groups[0]!.x.length).toBeLessThanOrEqual(367);
  });
});

describe('csvReadings', () => {
  const histories = {
    w: historyOf(paygSnapshot(10, NOW - 2 * HOUR), paygSnapshot(-0.5, NOW - HOUR)),
    l: historyOf(cycleSnapshot(2500, 5000, NOW - 90 * MINUTE)),
    c: historyOf(limitSnapshot([{ id: 'five_hour', kind: 'session', usedPercent: 42 }], NOW - 30 * MINUTE)),
  };
  const rows = csvReadings(input(histories), (account) => account.provider);

  it('one row per reading and measure, oldest first', () => {
    expect(rows.map((row) => [row.account, row.measure, row.value, row.unit])).toEqual([
      ['Work, "main"', 'balance', 10, 'USD'],
      ['=cmd|calc', 'balance', 100, 'USD'],
      ['=cmd|calc', 'quota_left', 2500, 'quota'],
      ['Work, "main"', 'balance', -0.5, 'USD'],
      ['Claude Max', 'limit:five_hour', 42, '%'],
    ]);
  });

  it('holds no key, and a formula-like name is inert', () => {
    const text = toCsv(rows);
    for (const account of [work, lab]) expect(text).not.toContain(account.key);
    expect(text).toContain(`"Work, ""main"""`);
    expect(text).toContain(`'=cmd|calc`);
  });

  it('only the accounts and range shown', () => {
    const one = csvReadings(input(histories, { selected: new Set(['c']) }), (account) => account.provider);
    expect(one.map((row) => row.account)).toEqual(['Claude Max']);
    const day = csvReadings(input(histories, { range: '24h', now: NOW + DAY - 45 * MINUTE }), (account) => account.provider);
    expect(day.map((row) => row.measure)).toEqual(['limit:five_hour']);
  });
});

function newSeriesThen(history: History, snapshots: BalanceSnapshot[]): History {
  return snapshots.reduce((h, s) => appendSample(h, s), newSeries(history, undefined));
}
