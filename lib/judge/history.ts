// A bounded history of one account's balance, small enough for storage.local:
// full resolution for two days, hourly to 30 days, daily to 400 days, so one
// account stays under 64 KB however long it is polled (product issue: history).

import { spendable, type BalanceSnapshot } from '../model/balance';
import { HISTORY_MAX_SERIES, type History, type HistorySeries, type StoredSample } from '../store/types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The hard bound on `JSON.stringify(history).length` for one account. */
export const HISTORY_MAX_BYTES = 64 * 1024;

/** Age limits (from the newest sample) and the bucket each age is thinned to. */
const TIERS = [
  { upTo: 2 * DAY, step: 5 * MINUTE }, // the poll interval: a refresh within 5 minutes replaces the poll
  { upTo: 30 * DAY, step: HOUR },
  { upTo: 400 * DAY, step: DAY },
];

/** Room for the samples appended within the hour before the next thinning: at most 11, of at most ~80 characters. */
const HOUR_OF_SAMPLES_BYTES = 2048;

/** A reading as the forecasts and the History page see it; times in epoch milliseconds. */
export interface HistorySample {
  at: number;
  balance: number | null;
  cycleUsed?: number;
  cycleStart?: number;
  /** The cycle's quota, where it was recorded (samples stored before issue 21 lack it). */
  cycleLimit?: number;
  /** A signed-in site's windows: `Limit.id` → percent used. */
  limits?: Record<string, number>;
}

/** A series read back: its samples, and the key and unit they were recorded under. */
export interface SeriesSamples {
  for?: string;
  unit?: string;
  samples: HistorySample[];
}

/**
 * Records `snapshot` and thins older samples. Returns `history` itself when the
 * snapshot adds nothing (older than the last sample, or nothing to record),
 * so the caller can skip the storage write. A reading in another unit than the
 * current series starts a new series, so yuan are never drawn after dollars.
 */
export function appendSample(history: History | undefined, snapshot: BalanceSnapshot): History {
  let current = history ?? { v: 1, samples: [] };
  const sample = sampleOf(snapshot);
  if (!sample) return current;
  if (current.samples.length && current.unit !== undefined && current.unit !== snapshot.unit) {
    current = newSeries(current, current.unit);
  }
  const last = current.samples.at(-1);
  // An older reading is ignored; one in the same second is newer news and replaces the last.
  if (last && sample.at < last[0] * 1000) return history ?? current;
  const names = limitNames(current.limits, sample);
  const meta = { unit: snapshot.unit, ...(names.length ? { limits: names } : {}) };
  if (last && sameBucket(last[0] * 1000, sample.at, HOUR) && lastCycleStart(current) === sample.cycleStart) {
    // Within the hour only the newest 5-minute bucket changes; older tiers are thinned on the hour.
    // A sample in the newest bucket replaces it, and then carries its cycle start if it had one.
    const replaces = sameBucket(last[0] * 1000, sample.at, TIERS[0]!.step);
    const stored = toStored(sample, replaces && last.length > 3, names);
    const samples = current.samples.slice(0, replaces ? -1 : undefined);
    samples.push(stored);
    return { ...current, ...meta, samples };
  }
  const flat = [...flatten(current), { ...sample, series: current.before?.length ?? 0 }];
  return fitBudget(regroup({ ...current, ...meta }, thin(flat)));
}

/**
 * Closes the current series (recorded under another key, or in `unit` when it did
 * not say) and starts an empty one: the earlier readings stay for the History
 * page, and nothing is compared across the break.
 */
export function newSeries(history: History, unit: string | undefined): History {
  if (!history.samples.length) return history;
  const closed: HistorySeries = { ...seriesMeta(history), samples: history.samples };
  if (closed.unit === undefined && unit !== undefined) closed.unit = unit;
  const before = [...(history.before ?? []), closed].slice(-HISTORY_MAX_SERIES);
  return { v: 1, before, samples: [] };
}

/** How far apart thinning keeps readings that are `age` ms older than the newest: 5 minutes, an hour or a day. */
export function keptStep(age: number): number {
  return (TIERS.find((tier) => age <= tier.upTo) ?? TIERS.at(-1)!).step;
}

export function historyBytes(history: History): number {
  return JSON.stringify(history).length;
}

/** The current series, oldest first, cycle starts filled in. */
export function historySamples(history: History | undefined): HistorySample[] {
  return history ? decode(history) : [];
}

/** Every series with samples, oldest first; `fallbackUnit` names the unit of series stored without one. */
export function allSeries(history: History | undefined, fallbackUnit?: string): SeriesSamples[] {
  if (!history) return [];
  return [...(history.before ?? []), history].flatMap((series): SeriesSamples[] => {
    const unit = series.unit ?? fallbackUnit;
    const samples = decode(series);
    return samples.length ? [{ ...(series.for ? { for: series.for } : {}), ...(unit ? { unit } : {}), samples }] : [];
  });
}

/**
 * A top-up: the spendable balance rose by more than 1% (at least 0.01) since
 * the last sample. Small rises are refunds or rounding; a rise that comes with
 * a new subscription cycle (start moved, or `used` fell) is the quota resetting.
 */
export function detectTopUp(previous: History | undefined, snapshot: BalanceSnapshot): { amount: number } | null {
  // Another unit is another series: 73 yuan after 10 dollars is no top-up.
  if (previous?.unit !== undefined && previous.unit !== snapshot.unit) return null;
  const last = historySamples(previous).at(-1);
  const next = sampleOf(snapshot);
  if (!last || !next || next.at <= last.at) return null;
  const amount = topUpBetween(last, next);
  return amount === null ? null : { amount };
}

/** What was added between two readings of one series, or null when the rise (if any) is not a top-up. */
export function topUpBetween(last: HistorySample, next: HistorySample): number | null {
  if (last.balance === null || next.balance === null) return null;
  const cycleReset =
    next.cycleStart !== undefined && (next.cycleStart !== last.cycleStart || next.cycleUsed! < (last.cycleUsed ?? 0));
  const amount = round(next.balance - last.balance);
  return !cycleReset && amount > Math.max(0.01, Math.abs(last.balance) * 0.01) ? amount : null;
}

/** `[epoch ms, balance]` of the last `spanMs`, thinned to at most `maxPoints` evenly spaced ones. */
export function sparklinePoints(
  history: History | undefined,
  now: number,
  spanMs = 7 * DAY,
  maxPoints = 60,
): Array<[number, number]> {
  const points = historySamples(history)
    .filter((sample) => sample.at >= now - spanMs && sample.at <= now && sample.balance !== null)
    .map((sample): [number, number] => [sample.at, sample.balance!]);
  const first = points[0];
  if (!first || points.length <= maxPoints) return points;
  const step = (now - first[0]) / maxPoints;
  const bucket = (at: number) => Math.min(maxPoints - 1, Math.floor((at - first[0]) / step));
  return points.filter((point, i) => {
    const next = points[i + 1];
    return !next || bucket(next[0]) !== bucket(point[0]);
  });
}

function decode(series: HistorySeries): HistorySample[] {
  let cycleStart: number | undefined;
  let cycleLimit: number | undefined;
  const names = series.limits ?? [];
  return series.samples.map((stored): HistorySample => {
    const [seconds, balance, third, start, limit] = stored as [number, number | null, unknown, number?, number?];
    const at = seconds * 1000;
    if (Array.isArray(third)) {
      const limits: Record<string, number> = {};
      third.forEach((percent: number | null, i) => {
        const id = names[i];
        if (percent !== null && id !== undefined) limits[id] = percent;
      });
      return { at, balance, limits };
    }
    if (typeof third !== 'number') return { at, balance };
    if (start !== undefined) [cycleStart, cycleLimit] = [start * 1000, limit];
    const sample: HistorySample = { at, balance, cycleUsed: third, cycleStart };
    if (cycleLimit !== undefined) sample.cycleLimit = cycleLimit;
    return sample;
  });
}

function sampleOf(snapshot: BalanceSnapshot): HistorySample | null {
  const balance = spendable(snapshot);
  const cycle = snapshot.cycle;
  const limits = snapshot.limits?.length ? snapshot.limits : undefined;
  if (balance === null && !cycle && !limits) return null;
  const sample: HistorySample = { at: toSecond(snapshot.readAt), balance: balance === null ? null : round(balance) };
  if (cycle) {
    sample.cycleUsed = round(cycle.used);
    sample.cycleStart = toSecond(cycle.start);
    sample.cycleLimit = round(cycle.limit);
  } else if (limits) {
    // Whole percents, as the sites show them: a year of five windows then stays near 55 KB.
    sample.limits = Object.fromEntries(limits.map((limit) => [limit.id, Math.round(limit.usedPercent)]));
  }
  return sample;
}

/** The ids a series' percent arrays follow: the ones it has, then any new in `sample`. */
function limitNames(names: readonly string[] | undefined, sample: HistorySample): string[] {
  const known = [...(names ?? [])];
  for (const id of Object.keys(sample.limits ?? {})) if (!known.includes(id)) known.push(id);
  return known;
}

type Flat = HistorySample & { series: number };

/**
 * Keeps, for each tier, the last sample of every bucket; a cycle change or a new
 * series splits a bucket so the last reading before it survives. Buckets are
 * aligned to the clock, so thinning again later never moves a kept sample.
 */
function thin(samples: Flat[]): Flat[] {
  const newest = samples.at(-1)?.at ?? 0;
  return samples.filter((sample, i) => {
    const tier = TIERS.find((candidate) => newest - sample.at <= candidate.upTo);
    if (!tier) return false;
    const next = samples[i + 1];
    return (
      !next ||
      !sameBucket(next.at, sample.at, tier.step) ||
      next.cycleStart !== sample.cycleStart ||
      next.series !== sample.series
    );
  });
}

/** Every series' samples in one list, oldest first, each knowing its series' index. */
function flatten(history: History): Flat[] {
  return [...(history.before ?? []), history].flatMap((series, index) =>
    decode(series).map((sample) => Object.assign(sample, { series: index })),
  );
}

/** The flat list back into series; `history` gives each one's key, unit and limit ids. */
function regroup(history: History, samples: Flat[]): History {
  const all: HistorySeries[] = [...(history.before ?? []), history];
  const encoded = all.map((series, index): HistorySeries => {
    const own = samples.filter((sample) => sample.series === index);
    const names = (series.limits ?? []).filter((id) => own.some((sample) => sample.limits?.[id] !== undefined));
    const { limits: _, ...meta } = seriesMeta(series);
    return {
      ...meta,
      ...(names.length ? { limits: names } : {}),
      samples: own.map((sample, i) => toStored(sample, sample.cycleStart !== own[i - 1]?.cycleStart, names)),
    };
  });
  const current = encoded.pop()!;
  const before = encoded.filter((series) => series.samples.length);
  return { v: 1, ...current, ...(before.length ? { before } : {}) };
}

function seriesMeta(series: HistorySeries): Omit<HistorySeries, 'samples'> {
  return {
    ...(series.for !== undefined ? { for: series.for } : {}),
    ...(series.unit !== undefined ? { unit: series.unit } : {}),
    ...(series.limits?.length ? { limits: series.limits } : {}),
  };
}

function toStored(sample: HistorySample, withCycleStart: boolean, names: readonly string[]): StoredSample {
  const { at, balance, cycleUsed, cycleStart, cycleLimit, limits } = sample;
  const seconds = at / 1000;
  if (limits && names.length) {
    const percents = names.map((id) => limits[id] ?? null);
    while (percents.length && percents.at(-1) === null) percents.pop();
    return [seconds, balance, percents];
  }
  if (cycleUsed === undefined || cycleStart === undefined) return [seconds, balance];
  if (!withCycleStart) return [seconds, balance, cycleUsed];
  return cycleLimit === undefined
    ? [seconds, balance, cycleUsed, cycleStart / 1000]
    : [seconds, balance, cycleUsed, cycleStart / 1000, cycleLimit];
}

/**
 * The tiers alone keep a year of polling near 45 KB; this makes 64 KB a hard
 * bound even for absurdly large values, by dropping the oldest samples. It
 * stringifies only when a cheap upper bound says the history might be too big.
 */
function fitBudget(history: History): History {
  const budget = HISTORY_MAX_BYTES - HOUR_OF_SAMPLES_BYTES;
  while (sampleCount(history) > 1 && bytesAtMost(history) > budget && historyBytes(history) > budget) {
    const flat = flatten(history);
    history = regroup(history, flat.slice(Math.ceil(flat.length / 10)));
  }
  return history;
}

function sampleCount(history: History): number {
  return (history.before ?? []).reduce((count, series) => count + series.samples.length, history.samples.length);
}

/** Every sample at the width of each field's widest value: a few comparisons per sample, no strings. */
function bytesAtMost(history: History): number {
  const widest = [0, 0, 0, 0, 0];
  const present = [0, 0, 0, 0, 0];
  let bytes = 16;
  for (const series of [...(history.before ?? []), history]) {
    bytes += 64 + JSON.stringify(series.limits ?? []).length; // its key, unit and names
    for (const sample of series.samples) {
      bytes++;
      for (let field = 0; field < sample.length; field++) {
        const value = sample[field];
        // A percent is at most "null" or "100", and a comma.
        if (Array.isArray(value)) bytes += 2 + 5 * value.length;
        else {
          widest[field] = Math.max(widest[field]!, Math.abs(value ?? 1000)); // "null" is as wide as 1000
          present[field]!++;
        }
      }
    }
  }
  // Fields 0 and 3 are whole seconds; 1, 2 and 4 have up to two decimals. Each field adds a comma or bracket.
  const chars = widest.map((value, field) => charsAtMost(value, field !== 0 && field !== 3) + 1);
  return present.reduce((total, count, field) => total + count * chars[field]!, bytes);
}

/** Sign, digits, and for cents the point and two decimals; exponent notation never exceeds 24. */
function charsAtMost(abs: number, cents: boolean): number {
  return abs >= 1e15 ? 24 : 1 + (abs >= 1 ? Math.floor(Math.log10(abs)) + 2 : 1) + (cents ? 3 : 0);
}

function lastCycleStart(history: History): number | undefined {
  for (let i = history.samples.length - 1; i >= 0; i--) {
    const sample = history.samples[i]!;
    if (sample.length < 3 || Array.isArray(sample[2])) return undefined;
    if (sample[3] !== undefined) return sample[3] * 1000;
  }
  return undefined;
}

function sameBucket(a: number, b: number, step: number): boolean {
  return Math.floor(a / step) === Math.floor(b / step);
}

/** Whole seconds, in milliseconds: what survives the stored round trip. */
function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** Cents for USD; credits are whole or near enough. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
