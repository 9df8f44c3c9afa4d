import { describe, expect, it } from 'vitest';
import type { HistorySample } from './history';
import { cycleUsedPercent, daysBetween, isGap, spendPerDay, topUps } from './spend';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const utc = (iso: string) => Date.parse(iso);
/** `[ISO time, balance]` pairs as one series. */
const series = (...points: Array<[string, number | null]>): HistorySample[] =>
  points.map(([at, balance]) => ({ at: utc(at), balance }));

describe('daysBetween', () => {
  it.each([
    ['UTC: three whole days', '2026-12-01T10:00:00Z', '2026-12-03T10:00:00Z', 'UTC', ['2026-12-01', 24], ['2026-12-03', 24], 3],
    ['Berlin: the spring change makes a 23-hour day', '2026-03-29T05:00:00Z', '2026-03-29T06:00:00Z', 'Europe/Berlin', ['2026-03-29', 23], ['2026-03-29', 23], 1],
    ['Berlin: the autumn change makes a 25-hour day', '2026-10-25T05:00:00Z', '2026-10-25T06:00:00Z', 'Europe/Berlin', ['2026-10-25', 25], ['2026-10-25', 25], 1],
    ['Santiago: a day whose midnight is skipped starts at 1:00', '2026-09-06T12:00:00Z', '2026-09-06T13:00:00Z', 'America/Santiago', ['2026-09-06', 23], ['2026-09-06', 23], 1],
    ['Kolkata: days start at 18:30 UTC', '2026-12-01T18:00:00Z', '2026-12-01T19:00:00Z', 'Asia/Kolkata', ['2026-12-01', 24], ['2026-12-02', 24], 2],
  ])('%s', (_, from, to, zone, [firstKey, firstHours], [lastKey, lastHours], count) => {
    const days = daysBetween(utc(from), utc(to), zone);
    expect(days).toHaveLength(count);
    expect(days[0]!.key).toBe(firstKey);
    expect((days[0]!.end - days[0]!.start) / HOUR).toBe(firstHours);
    expect(days.at(-1)!.key).toBe(lastKey);
    expect((days.at(-1)!.end - days.at(-1)!.start) / HOUR).toBe(lastHours);
    days.slice(1).forEach((day, i) => expect(day.start).toBe(days[i]!.end));
  });

  it('Kolkata and Santiago days start where the zone says', () => {
    expect(daysBetween(utc('2026-12-02T00:00:00Z'), utc('2026-12-02T00:00:00Z'), 'Asia/Kolkata')[0]!.start).toBe(utc('2026-12-01T18:30:00Z'));
    expect(daysBetween(utc('2026-09-06T12:00:00Z'), utc('2026-09-06T12:00:00Z'), 'America/Santiago')[0]!.start).toBe(utc('2026-09-06T04:00:00Z'));
  });

  it('an empty or reversed range has no days', () => {
    expect(daysBetween(10, 5)).toEqual([]);
    expect(daysBetween(Number.NaN, 5)).toEqual([]);
  });
});

describe('spendPerDay', () => {
  const utcDays = daysBetween(utc('2026-12-01T00:00:00Z'), utc('2026-12-03T12:00:00Z'), 'UTC');
  it.each<[string, HistorySample[][], number[]]>([
    ['steady spend in one day is the sum of the falls', [series(['2026-12-01T10:00:00Z', 10], ['2026-12-01T11:00:00Z', 9.5], ['2026-12-01T12:00:00Z', 8])], [2, 0, 0]],
    [
      'a top-up is not negative spend: only the falls count',
      [series(['2026-12-01T10:00:00Z', 10], ['2026-12-01T11:00:00Z', 8], ['2026-12-01T12:00:00Z', 20], ['2026-12-01T13:00:00Z', 18])],
      [4, 0, 0],
    ],
    ['an overdrawn balance keeps counting below zero', [series(['2026-12-02T10:00:00Z', 1], ['2026-12-02T11:00:00Z', -0.5])], [0, 1.5, 0]],
    [
      'a gap (browser closed overnight) is shared among the days it covers, by time',
      [series(['2026-12-01T23:00:00Z', 10], ['2026-12-02T03:00:00Z', 6])],
      [1, 3, 0],
    ],
    [
      'a gap of two days spreads over all three',
      [series(['2026-12-01T12:00:00Z', 100], ['2026-12-03T12:00:00Z', 52])],
      [12, 24, 12],
    ],
    [
      'a series break is never spend: a new key at a lower balance counts from its own first reading',
      [series(['2026-12-01T10:00:00Z', 500], ['2026-12-01T11:00:00Z', 499]), series(['2026-12-01T12:00:00Z', 20], ['2026-12-01T13:00:00Z', 19])],
      [2, 0, 0],
    ],
    ['an unlimited reading (no balance) is skipped, not read as zero', [series(['2026-12-01T10:00:00Z', 10], ['2026-12-01T11:00:00Z', null], ['2026-12-01T12:00:00Z', 9])], [0, 0, 0]],
    ['a fall that began before the range counts only its part inside', [series(['2026-11-30T12:00:00Z', 30], ['2026-12-01T12:00:00Z', 6])], [12, 0, 0]],
    ['readings after the range count nothing', [series(['2026-12-04T10:00:00Z', 30], ['2026-12-04T12:00:00Z', 6])], [0, 0, 0]],
    ['no readings, no spend', [], [0, 0, 0]],
  ])('%s', (_, input, expected) => {
    expect(spendPerDay(input, utcDays)).toEqual(expected);
  });

  it('a cycle reset brings the quota back and is not spend', () => {
    const samples: HistorySample[] = [
      { at: utc('2026-12-01T10:00:00Z'), balance: 5, cycleUsed: 2990, cycleStart: utc('2026-11-01T00:00:00Z'), cycleLimit: 3000 },
      { at: utc('2026-12-01T11:00:00Z'), balance: 3000, cycleUsed: 0, cycleStart: utc('2026-12-01T10:30:00Z'), cycleLimit: 3000 },
      { at: utc('2026-12-01T12:00:00Z'), balance: 2990, cycleUsed: 10, cycleStart: utc('2026-12-01T10:30:00Z'), cycleLimit: 3000 },
    ];
    expect(spendPerDay([samples], utcDays)).toEqual([10, 0, 0]);
    expect(topUps(samples)).toEqual([]);
  });

  it('a day is the local one: 23:30 UTC is the next day in Berlin', () => {
    const berlin = daysBetween(utc('2026-12-01T00:00:00Z'), utc('2026-12-02T12:00:00Z'), 'Europe/Berlin');
    expect(berlin.map((day) => day.key)).toEqual(['2026-12-01', '2026-12-02']);
    const late = series(['2026-12-01T23:10:00Z', 10], ['2026-12-01T23:30:00Z', 7]);
    expect(spendPerDay([late], berlin)).toEqual([0, 3]);
    expect(spendPerDay([late], daysBetween(utc('2026-12-01T00:00:00Z'), utc('2026-12-02T12:00:00Z'), 'UTC'))).toEqual([3, 0]);
  });

  it('the 23-hour DST day holds 23 hours of spend', () => {
    const days = daysBetween(utc('2026-03-28T12:00:00Z'), utc('2026-03-30T12:00:00Z'), 'Europe/Berlin');
    const hourly: HistorySample[] = [];
    for (let at = utc('2026-03-27T23:00:00Z'); at <= utc('2026-03-30T22:00:00Z'); at += HOUR) {
      hourly.push({ at, balance: 1000 - (at - utc('2026-03-27T23:00:00Z')) / HOUR });
    }
    expect(days.map((day) => day.key)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(spendPerDay([hourly], days)).toEqual([24, 23, 24]);
  });
});

describe('topUps', () => {
  it.each<[string, HistorySample[], Array<[number, number]>]>([
    ['a rise of more than 1% is a top-up, at the reading that shows it', series(['2026-12-01T10:00:00Z', 10], ['2026-12-01T11:00:00Z', 60]), [[utc('2026-12-01T11:00:00Z'), 50]]],
    ['a rise within 1% is a refund', series(['2026-12-01T10:00:00Z', 100], ['2026-12-01T11:00:00Z', 100.5]), []],
    ['falls are not', series(['2026-12-01T10:00:00Z', 10], ['2026-12-01T11:00:00Z', 5]), []],
    ['from overdrawn back to positive', series(['2026-12-01T10:00:00Z', -2], ['2026-12-01T11:00:00Z', 18]), [[utc('2026-12-01T11:00:00Z'), 20]]],
  ])('%s', (_, samples, expected) => {
    expect(topUps(samples)).toEqual(expected);
  });
});

describe('isGap', () => {
  const newest = utc('2026-12-06T12:00:00Z');
  it.each([
    ['5 minutes apart, polled every 5: no gap', newest - HOUR, newest - HOUR + 5 * MINUTE, 5 * MINUTE, false],
    ['3 hours apart in the last two days: the browser was closed', newest - 10 * HOUR, newest - 7 * HOUR, 5 * MINUTE, true],
    ['an hour apart at 10 days old: thinning, not a gap', newest - 10 * DAY, newest - 10 * DAY + HOUR, 5 * MINUTE, false],
    ['polled hourly: an hour apart is no gap', newest - 3 * HOUR, newest - 2 * HOUR, HOUR, false],
    ['a day apart at 60 days old: thinning', newest - 60 * DAY, newest - 59 * DAY, 5 * MINUTE, false],
    ['five days apart at 60 days old: a gap', newest - 60 * DAY, newest - 55 * DAY, 5 * MINUTE, true],
  ])('%s', (_, prev, next, interval, expected) => {
    expect(isGap(prev, next, newest, interval)).toBe(expected);
  });
});

describe('cycleUsedPercent', () => {
  it.each<[string, HistorySample, number | undefined]>([
    ['used of the recorded quota', { at: 0, balance: 0, cycleUsed: 750, cycleLimit: 3000 }, 25],
    ['without a recorded quota there is no percent', { at: 0, balance: 0, cycleUsed: 750 }, undefined],
    ['a zero quota says nothing', { at: 0, balance: 0, cycleUsed: 0, cycleLimit: 0 }, undefined],
    ['overuse is drawn at 100', { at: 0, balance: 0, cycleUsed: 3500, cycleLimit: 3000 }, 100],
  ])('%s', (_, sample, expected) => {
    expect(cycleUsedPercent(sample)).toBe(expected);
  });
});
