// What the History page draws (issue 21), computed from the stored series in one
// pure pass: per unit, each account's balance on a time grid, its top-ups and
// its spend per day; each limit's percent used; the CSV's rows. Amounts in
// different units are never on one axis or added.
import { accountUnit } from '@/lib/providers/registry';
import type { Account } from '@/lib/model/account';
import { allSeries, type HistorySample, type SeriesSamples } from '@/lib/judge/history';
import { cycleUsedPercent, daysBetween, isGap, spendPerDay, topUps, type Day } from '@/lib/judge/spend';
import type { History } from '@/lib/store/types';
import type { RangeId } from '@/lib/store/history-view';
import type { CsvReading } from '@/lib/words/csv';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Each range's span and the grid its lines are drawn on (a few hundred points at most). */
export const RANGES: Record<RangeId, { span: number; step: number }> = {
  '24h': { span: DAY, step: 5 * MINUTE },
  '7d': { span: 7 * DAY, step: 30 * MINUTE },
  '30d': { span: 30 * DAY, step: 2 * HOUR },
  '90d': { span: 90 * DAY, step: 6 * HOUR },
  '1y': { span: 365 * DAY, step: DAY },
};

/** The spend chart stacks this many accounts apart, the biggest spenders; the rest are one grey bar. */
export const SPEND_STACKED = 8;

/** The performance mark each drawn chart leaves, which `npm run bench` reads. */
export const CHART_DRAWN = 'history-chart-drawn';

/** The measure the CSV and the limits chart name a subscription's cycle by. */
export const CYCLE_LIMIT = 'cycle';

/** A chart value: a number, `null` for a gap the line breaks at, `undefined` for no point (the line spans it). */
export type Point = number | null | undefined;

export interface AccountLine {
  id: string;
  name: string;
  /** Index into the chart palette: by spend rank in a unit's group, by position among the accounts with limits. */
  color: number;
  values: Point[];
}

export interface TopUpMark {
  account: string;
  amount: number;
}

export interface UnitGroup {
  unit: string;
  /** Grid times, epoch seconds (uPlot's x). */
  x: number[];
  lines: AccountLine[];
  /** Per grid point: the balance where a top-up shows (the line's value), with who and how much. */
  topUpAt: Point[];
  topUpMarks: Map<number, TopUpMark[]>;
  days: Day[];
  /** Per account (same order as `lines`), per day. */
  spend: number[][];
  /** Per account, over the range. */
  spendTotals: number[];
  total: number;
}

export interface LimitLine extends AccountLine {
  /** `Limit.id`, or CYCLE_LIMIT for a subscription's quota. */
  limit: string;
  /** Which of its account's limits this is (0, 1, ...): lines of one account share a colour, not a dash. */
  variant: number;
}

export interface HistoryView {
  groups: UnitGroup[];
  limits: { x: number[]; lines: LimitLine[] } | null;
  /** No account has any reading stored at all. */
  nothingRecorded: boolean;
  from: number;
  to: number;
  /** Where the spend chart's axis ends: now for 24 hours, else the end of today, so today's bar is never cut. */
  axisTo: number;
}

export interface HistoryInput {
  accounts: readonly Account[];
  /** Each account's unit as its last reading says (for series stored before they named theirs). */
  units: Readonly<Record<string, string | undefined>>;
  histories: Readonly<Record<string, History | undefined>>;
  now: number;
  range: RangeId;
  /** The accounts shown; null for all. */
  selected: ReadonlySet<string> | null;
  intervalMs: number;
  timeZone?: string;
}

/** An account's series, the ones without a unit named by its current reading or its provider. */
function seriesOf(account: Account, input: HistoryInput): SeriesSamples[] {
  const fallback = input.units[account.id] ?? accountUnit(account);
  return allSeries(input.histories[account.id], fallback);
}

/**
 * The range's bounds: the last 24 hours, or whole calendar days in the user's zone ending today
 * ("7 days" is today and the six before it), so every day's bar and row is a whole day but today's.
 */
export function rangeBounds(range: RangeId, now: number, timeZone?: string): { from: number; to: number; days: Day[] } {
  const { span } = RANGES[range];
  if (range === '24h') {
    // The first and last calendar day cut to the 24 hours: the bars add up to "spent in the last 24 hours".
    const from = now - span;
    const days = daysBetween(from, now, timeZone).map((day) => ({ ...day, start: Math.max(day.start, from), end: Math.min(day.end, now) }));
    return { from, to: now, days };
  }
  const days = daysBetween(now - span + DAY, now, timeZone);
  return { from: days[0]?.start ?? now - span, to: now, days };
}

export function buildHistoryView(input: HistoryInput): HistoryView {
  const { step } = RANGES[input.range];
  const { from, to, days } = rangeBounds(input.range, input.now, input.timeZone);
  // Clock-aligned buckets, so a refresh does not shift every point along.
  const first = Math.floor(from / step) * step;
  const buckets = Math.floor((to - first) / step) + 1;
  const bucketOf = (at: number) => Math.floor((at - first) / step);
  const x = Array.from({ length: buckets }, (_, i) => Math.max(from, Math.min(to, first + i * step)) / 1000);
  const groups = new Map<string, UnitGroup>();
  const limitLines: LimitLine[] = [];
  let nothingRecorded = true;

  let limitAccounts = 0;
  input.accounts.forEach((account) => {
    const series = seriesOf(account, input);
    if (series.length) nothingRecorded = false;
    if (input.selected && !input.selected.has(account.id)) return;
    const byUnit = new Map<string, HistorySample[][]>();
    for (const one of series) {
      if (one.unit === undefined) continue;
      const inRange = withinRange(one.samples, from, to);
      if (inRange.length) byUnit.set(one.unit, [...(byUnit.get(one.unit) ?? []), inRange]);
    }
    for (const [unit, segments] of byUnit) {
      const withBalance = segments.filter((segment) => segment.some((sample) => sample.balance !== null));
      if (!withBalance.length) continue;
      const group = groups.get(unit) ?? newGroup(unit, x, days);
      groups.set(unit, group);
      const line = gridLine(withBalance, (sample) => sample.balance ?? undefined, bucketOf, buckets, from, to, input.intervalMs);
      if (!line.some((value) => typeof value === 'number')) continue;
      group.lines.push({ id: account.id, name: account.name, color: 0, values: line });
      for (const segment of withBalance) {
        for (const [at, amount] of topUps(segment)) {
          if (at < from) continue;
          const i = bucketOf(at);
          const value = line[i];
          if (typeof value === 'number' && group.topUpAt[i] === undefined) group.topUpAt[i] = value;
          group.topUpMarks.set(i, [...(group.topUpMarks.get(i) ?? []), { account: account.name, amount }]);
        }
      }
      const spend = spendPerDay(withBalance, days);
      group.spend.push(spend);
      const total = spend.reduce((sum, amount) => sum + amount, 0);
      group.spendTotals.push(total);
      group.total += total;
    }
    // Limits: every window of every series, percent used, whatever the unit.
    const segments = series.map((one) => withinRange(one.samples, from, to));
    const ids = new Set<string>();
    for (const segment of segments) {
      for (const sample of segment) {
        for (const id of Object.keys(sample.limits ?? {})) ids.add(id);
        if (cycleUsedPercent(sample) !== undefined) ids.add(CYCLE_LIMIT);
      }
    }
    let variant = 0;
    const color = limitAccounts;
    for (const limit of ids) {
      const percent = (sample: HistorySample) =>
        limit === CYCLE_LIMIT ? cycleUsedPercent(sample) : sample.limits?.[limit];
      const values = gridLine(segments, percent, bucketOf, buckets, from, to, input.intervalMs);
      if (values.some((value) => typeof value === 'number')) {
        limitLines.push({ id: account.id, name: account.name, color, limit, variant: variant++, values });
      }
    }
    if (variant) limitAccounts++;
  });

  const sorted = [...groups.values()].filter((group) => group.lines.length).map(bySpend);
  // The unit with the most accounts first: for most users that is their dollars.
  sorted.sort((a, b) => b.lines.length - a.lines.length || (a.unit < b.unit ? -1 : 1));
  for (const group of sorted) group.total = Math.round(group.total * 1e6) / 1e6;
  return {
    groups: sorted,
    limits: limitLines.length ? { x, lines: limitLines } : null,
    nothingRecorded,
    from,
    to,
    axisTo: input.range === '24h' ? to : Math.max(to, (days.at(-1)?.start ?? to) + DAY),
  };
}

/** The readings in [from, to] and the one before: a fall that began before the range counts its part inside. */
function withinRange(samples: readonly HistorySample[], from: number, to: number): HistorySample[] {
  let first = samples.findIndex((sample) => sample.at >= from);
  if (first < 0) first = samples.length;
  return samples.slice(Math.max(0, first - 1)).filter((sample) => sample.at <= to);
}

/**
 * The group's accounts biggest spender first, coloured by that rank: the accounts the spend chart stacks
 * apart (SPEND_STACKED) have colours of their own, the same on their line, their bar and the legend.
 */
function bySpend(group: UnitGroup): UnitGroup {
  const order = group.lines.map((_, k) => k).sort((a, b) => group.spendTotals[b]! - group.spendTotals[a]! || a - b);
  return {
    ...group,
    lines: order.map((k, rank) => ({ ...group.lines[k]!, color: rank < SPEND_STACKED ? rank : SPEND_STACKED + (rank % 2) })),
    spend: order.map((k) => group.spend[k]!),
    spendTotals: order.map((k) => group.spendTotals[k]!),
  };
}

function newGroup(unit: string, x: number[], days: Day[]): UnitGroup {
  return { unit, x, lines: [], topUpAt: x.map(() => undefined), topUpMarks: new Map(), days, spend: [], spendTotals: [], total: 0 };
}

/**
 * One account's values on the grid: the last reading in each bucket; a break
 * (`null`) after a reading followed by a gap the polling does not explain, and
 * between two series, so neither is drawn as a straight fall.
 */
function gridLine(
  segments: readonly (readonly HistorySample[])[],
  value: (sample: HistorySample) => number | undefined,
  bucketOf: (at: number) => number,
  buckets: number,
  from: number,
  to: number,
  intervalMs: number,
): Point[] {
  const line: Point[] = new Array(buckets).fill(undefined);
  const newest = segments.at(-1)?.at(-1)?.at ?? 0;
  let last: HistorySample | undefined;
  segments.forEach((segment, s) => {
    let previous: HistorySample | undefined;
    for (const sample of segment) {
      const v = value(sample);
      if (v === undefined || !Number.isFinite(v)) continue;
      if (sample.at >= from) {
        if (previous && isGap(previous.at, sample.at, newest, intervalMs)) breakBetween(line, previous.at, sample.at, bucketOf);
        const i = bucketOf(sample.at);
        if (i >= 0 && i < buckets) line[i] = v;
      }
      previous = sample;
    }
    const next = segments[s + 1]?.[0];
    if (previous && next) breakBetween(line, previous.at, next.at, bucketOf);
    if (previous) last = previous;
  });
  // An account that stopped reporting (removed from the schedule, failing) ends where its readings end.
  if (last && isGap(last.at, to, newest, intervalMs)) breakBetween(line, last.at, to + 2 * (to - from), bucketOf);
  return line;
}

/**
 * A break between two readings: `null` in every bucket strictly between them (uPlot spans `undefined`,
 * and a single `null` would only cut the line for one bucket, then draw it straight across the rest).
 */
function breakBetween(line: Point[], fromAt: number, toAt: number, bucketOf: (at: number) => number): void {
  const end = Math.min(line.length, bucketOf(toAt));
  for (let i = Math.max(0, bucketOf(fromAt) + 1); i < end; i++) if (line[i] === undefined) line[i] = null;
}

/**
 * The CSV's rows for the shown accounts and range, oldest first: a balance, the
 * quota left of a subscription's cycle, each limit's percent used. Names and
 * units are text; no key, no base URL.
 */
export function csvReadings(
  input: HistoryInput,
  providerName: (account: Account) => string,
): CsvReading[] {
  const { from } = rangeBounds(input.range, input.now, input.timeZone);
  const rows: CsvReading[] = [];
  for (const account of input.accounts) {
    if (input.selected && !input.selected.has(account.id)) continue;
    const provider = providerName(account);
    for (const series of seriesOf(account, input)) {
      const unit = series.unit ?? '';
      for (const sample of series.samples) {
        if (sample.at < from || sample.at > input.now) continue;
        const base = { at: sample.at, account: account.name, provider };
        if (sample.balance !== null) rows.push({ ...base, measure: 'balance', value: sample.balance, unit });
        if (sample.cycleUsed !== undefined && sample.cycleLimit !== undefined) {
          rows.push({ ...base, measure: 'quota_left', value: Math.max(0, sample.cycleLimit - sample.cycleUsed), unit: 'quota' });
        }
        for (const [id, percent] of Object.entries(sample.limits ?? {})) {
          rows.push({ ...base, measure: `limit:${id}`, value: percent, unit: '%' });
        }
      }
    }
  }
  // Oldest first; readings of the same second in the order of the account list.
  return rows.sort((a, b) => a.at - b.at);
}
