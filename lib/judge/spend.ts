// What the History page reads out of the stored series (issue 21): days in the
// user's time zone, spend per day, top-ups and gaps. Pure: the zone, the range
// and the polling interval are passed in, so DST and gaps are table-tested.
import { keptStep, topUpBetween, type HistorySample } from './history';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One calendar day in a time zone: [start, end) in epoch ms (23 or 25 hours long across DST). */
export interface Day {
  start: number;
  end: number;
  /** `YYYY-MM-DD` in that zone. */
  key: string;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const name = timeZone ?? '';
  let format = zoneFormats.get(name);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(name, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `ms`, as if it were UTC: its difference from `ms` is the zone's offset. */
function wallClock(ms: number, timeZone: string | undefined): { y: number; m: number; d: number; asUtc: number } {
  const parts: Record<string, number> = {};
  for (const part of zoneFormat(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year: y = 1970, month: m = 1, day: d = 1, hour = 0, minute = 0, second = 0 } = parts;
  return { y, m, d, asUtc: Date.UTC(y, m - 1, d, hour % 24, minute, second) };
}

/** The first instant of the calendar day y-m-d in `timeZone` (a day whose midnight DST skips starts at 1:00). */
function startOfDay(y: number, m: number, d: number, timeZone: string | undefined): number {
  const midnight = Date.UTC(y, m - 1, d);
  let guess = midnight;
  // Two rounds settle the offset even across a DST change.
  for (let i = 0; i < 2; i++) guess = midnight - (wallClock(guess, timeZone).asUtc - guess);
  // Where midnight does not exist the guess lands on the day before: step to the day's first hour.
  while (wallClock(guess, timeZone).asUtc < midnight) guess += HOUR / 2;
  while (wallClock(guess - MINUTE, timeZone).asUtc >= midnight) guess -= HOUR / 2;
  return guess;
}

const dayKey = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The calendar days in `timeZone` that [from, to] touches, oldest first. */
export function daysBetween(from: number, to: number, timeZone?: string): Day[] {
  const days: Day[] = [];
  if (!(to >= from)) return days;
  let { y, m, d } = wallClock(from, timeZone);
  let start = startOfDay(y, m, d, timeZone);
  while (start <= to && days.length < 1000) {
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    const [ny, nm, nd] = [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
    const end = startOfDay(ny, nm, nd, timeZone);
    days.push({ start, end, key: dayKey(y, m, d) });
    [y, m, d, start] = [ny, nm, nd, end];
  }
  return days;
}

/**
 * Spend per day of one account in one unit: each fall of the balance between
 * two readings of the same series, shared among the days the interval covers in
 * proportion to time (a night with the browser closed spreads over the night,
 * not onto the morning). A rise (a top-up, a refund, a cycle's quota coming
 * back) is never negative spend, and nothing is counted across two series.
 */
export function spendPerDay(series: readonly (readonly HistorySample[])[], days: readonly Day[]): number[] {
  const spent = days.map(() => 0);
  if (!days.length) return spent;
  for (const samples of series) {
    let day = 0;
    for (let i = 1; i < samples.length; i++) {
      const [a, b] = [samples[i - 1]!, samples[i]!];
      if (a.balance === null || b.balance === null || !(b.balance < a.balance) || b.at <= a.at) continue;
      const drop = a.balance - b.balance;
      while (day > 0 && days[day]!.start > a.at) day--;
      while (day < days.length - 1 && days[day]!.end <= a.at) day++;
      for (let k = day; k < days.length && days[k]!.start < b.at; k++) {
        const overlap = Math.min(b.at, days[k]!.end) - Math.max(a.at, days[k]!.start);
        if (overlap > 0) spent[k]! += (drop * overlap) / (b.at - a.at);
      }
    }
  }
  return spent.map((amount) => Math.round(amount * 1e6) / 1e6);
}

/** The readings of one series at which money was added: `[epoch ms, amount]`. */
export function topUps(samples: readonly HistorySample[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let i = 1; i < samples.length; i++) {
    const amount = topUpBetween(samples[i - 1]!, samples[i]!);
    if (amount !== null) found.push([samples[i]!.at, amount]);
  }
  return found;
}

/**
 * True when two consecutive readings are further apart than polling and the
 * history's thinning explain: the browser was closed or the account failed.
 * `newest` is the series' newest reading (thinning depends on age), `intervalMs`
 * the refresh interval.
 */
export function isGap(prevAt: number, nextAt: number, newest: number, intervalMs: number): boolean {
  return nextAt - prevAt > 3 * Math.max(keptStep(newest - prevAt), intervalMs) + 5 * MINUTE;
}

/** Percent used of a subscription cycle's quota, where its limit was recorded. */
export function cycleUsedPercent(sample: HistorySample): number | undefined {
  if (sample.cycleUsed === undefined || !sample.cycleLimit || sample.cycleLimit <= 0) return undefined;
  return Math.max(0, Math.min(100, (sample.cycleUsed / sample.cycleLimit) * 100));
}
