// A bounded history of one account's balance, small enough for storage.local:
// full resolution for two days, hourly to 30 days, daily to 400 days, so one
// account stays under 64 KB however long it is polled (product issue: history).

import { spendable, type BalanceSnapshot } from '../model/balance';
import type { History, StoredSample } from '../store/types';

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

/** A reading as the forecasts see it; times in epoch milliseconds. */
export interface HistorySample {
  at: number;
  balance: number | null;
  cycleUsed?: number;
  cycleStart?: number;
}

/**
 * Records `snapshot` and thins older samples. Returns `history` itself when the
 * snapshot adds nothing (older than the last sample, or nothing to record),
 * so the caller can skip the storage write.
 */
export function appendSample(history: History | undefined, snapshot: BalanceSnapshot): History {
  const current = history ?? { v: 1, samples: [] };
  const sample = sampleOf(snapshot);
  const last = current.samples.at(-1);
  // An older reading is ignored; one in the same second is newer news and replaces the last.
  if (!sample || (last && sample.at < last[0] * 1000)) return current;
  if (last && sameBucket(last[0] * 1000, sample.at, HOUR) && lastCycleStart(current) === sample.cycleStart) {
    // Within the hour only the newest 5-minute bucket changes; older tiers are thinned on the hour.
    // A sample in the newest bucket replaces it, and then carries its cycle start if it had one.
    const replaces = sameBucket(last[0] * 1000, sample.at, TIERS[0]!.step);
    const stored = toStored(sample, replaces && last[3] !== undefined);
    const samples = current.samples.slice(0, replaces ? -1 : undefined);
    samples.push(stored);
    return { v: 1, samples };
  }
  return fitBudget(encode(thin([...historySamples(current), sample])));
}

export function historyBytes(history: History): number {
  return JSON.stringify(history).length;
}

/** Oldest first, cycle starts filled in. */
export function historySamples(history: History | undefined): HistorySample[] {
  let cycleStart: number | undefined;
  return (history?.samples ?? []).map(([seconds, balance, cycleUsed, start]) => {
    if (cycleUsed === undefined) return { at: seconds * 1000, balance };
    if (start !== undefined) cycleStart = start * 1000;
    return { at: seconds * 1000, balance, cycleUsed, cycleStart };
  });
}

/**
 * A top-up: the spendable balance rose by more than 1% (at least 0.01) since
 * the last sample. Small rises are refunds or rounding; a rise that comes with
 * a new subscription cycle (start moved, or `used` fell) is the quota resetting.
 */
export function detectTopUp(previous: History | undefined, snapshot: BalanceSnapshot): { amount: number } | null {
  const last = historySamples(previous).at(-1);
  const next = sampleOf(snapshot);
  if (!last || !next || last.balance === null || next.balance === null || next.at <= last.at) return null;
  const cycleReset =
    next.cycleStart !== undefined &&
    (next.cycleStart !== last.cycleStart || next.cycleUsed! < (last.cycleUsed ?? 0));
  const amount = round(next.balance - last.balance);
  return !cycleReset && amount > Math.max(0.01, Math.abs(last.balance) * 0.01) ? { amount } : null;
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

function sampleOf(snapshot: BalanceSnapshot): HistorySample | null {
  const balance = spendable(snapshot);
  const cycle = snapshot.cycle;
  if (balance === null && !cycle) return null;
  const sample: HistorySample = { at: toSecond(snapshot.readAt), balance: balance === null ? null : round(balance) };
  if (cycle) {
    sample.cycleUsed = round(cycle.used);
    sample.cycleStart = toSecond(cycle.start);
  }
  return sample;
}

/**
 * Keeps, for each tier, the last sample of every bucket; a cycle change splits
 * a bucket so the last reading before a reset survives. Buckets are aligned to
 * the clock, so thinning again later never moves a kept sample.
 */
function thin(samples: HistorySample[]): HistorySample[] {
  const newest = samples.at(-1)?.at ?? 0;
  return samples.filter((sample, i) => {
    const tier = TIERS.find((candidate) => newest - sample.at <= candidate.upTo);
    if (!tier) return false;
    const next = samples[i + 1];
    return !next || !sameBucket(next.at, sample.at, tier.step) || next.cycleStart !== sample.cycleStart;
  });
}

function encode(samples: HistorySample[]): History {
  const stored = samples.map((sample, i) => toStored(sample, sample.cycleStart !== samples[i - 1]?.cycleStart));
  return { v: 1, samples: stored };
}

function toStored({ at, balance, cycleUsed, cycleStart }: HistorySample, withCycleStart: boolean): StoredSample {
  if (cycleUsed === undefined || cycleStart === undefined) return [at / 1000, balance];
  return withCycleStart ? [at / 1000, balance, cycleUsed, cycleStart / 1000] : [at / 1000, balance, cycleUsed];
}

/**
 * The tiers alone keep a year of polling near 45 KB; this makes 64 KB a hard
 * bound even for absurdly large values, by dropping the oldest samples. It
 * stringifies only when a cheap upper bound says the history might be too big.
 */
function fitBudget(history: History): History {
  const budget = HISTORY_MAX_BYTES - HOUR_OF_SAMPLES_BYTES;
  while (history.samples.length > 1 && bytesAtMost(history) > budget && historyBytes(history) > budget) {
    history = encode(historySamples(history).slice(Math.ceil(history.samples.length / 10)));
  }
  return history;
}

/** Every sample at the width of each field's widest value: a few comparisons per sample, no strings. */
function bytesAtMost(history: History): number {
  const widest = [0, 0, 0, 0];
  const present = [0, 0, 0, 0];
  for (const sample of history.samples) {
    for (let field = 0; field < sample.length; field++) {
      widest[field] = Math.max(widest[field]!, Math.abs(sample[field] ?? 1000)); // "null" is as wide as 1000
      present[field]!++;
    }
  }
  // Fields 0 and 3 are whole seconds; 1 and 2 have up to two decimals. Each field adds a comma or bracket.
  const chars = widest.map((value, field) => charsAtMost(value, field === 1 || field === 2) + 1);
  return 16 + present.reduce((bytes, count, field) => bytes + count * chars[field]!, history.samples.length);
}

/** Sign, digits, and for cents the point and two decimals; exponent notation never exceeds 24. */
function charsAtMost(abs: number, cents: boolean): number {
  return abs >= 1e15 ? 24 : 1 + (abs >= 1 ? Math.floor(Math.log10(abs)) + 2 : 1) + (cents ? 3 : 0);
}

function lastCycleStart(history: History): number | undefined {
  for (let i = history.samples.length - 1; i >= 0; i--) {
    const sample = history.samples[i]!;
    if (sample.length < 3) return undefined;
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
