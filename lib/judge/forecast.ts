// Burn rate and run-out forecasts from an account's history, as data: the popup
// puts them into words ("runs out in about 3 days"). Every function takes `now`.

import type { Cycle } from '../model/balance';
import type { History } from '../store/types';
import { historySamples } from './history';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Longer than this between two samples, the browser was closed: we did not watch. */
const MAX_OBSERVED_STEP = 3 * HOUR;
const MIN_SAMPLES = 3;
const MIN_OBSERVED = HOUR;
/**
 * Days-left warnings are on by default, so the forecast they act on needs more than the hour a
 * sparkline's words need: "a few hours" of observed spend before a number can turn a card red.
 */
export const WARN_MIN_OBSERVED = 3 * HOUR;
/** A balance lasting longer than this is steady; "runs out in 800 days" says nothing. */
const STEADY_AFTER_DAYS = 365;

export type BalanceForecast = { kind: 'runs-out'; at: number; days: number; perDay: number } | { kind: 'steady' };

export type CycleForecast =
  /** `percent`: projected share of the quota used by the cycle end; `at`: the cycle end. */
  { kind: 'over-quota'; percent: number; at: number } | { kind: 'lasts'; percent: number };

/**
 * Spend per day, in the account's unit, over the samples of the last `windowMs`.
 * Only observed steps count: a step where the balance rose (top-up, cycle reset)
 * or that spans a gap of more than 3 hours is left out, time and amount alike,
 * since we cannot tell what happened inside it. So a closed browser neither
 * dilutes the rate (idle days) nor inflates it (days of spend in one step).
 * `null` with fewer than 3 samples or under an hour of observed steps.
 */
export function burnRatePerDay(history: History | undefined, now: number, windowMs = 3 * DAY, minObserved = MIN_OBSERVED): number | null {
  const spent = historySamples(history).flatMap((sample): Array<[number, number]> =>
    sample.balance === null ? [] : [[sample.at, -sample.balance]],
  );
  return ratePerDay(spent, now, windowMs, minObserved);
}

export function forecastBalance(history: History | undefined, now: number, minObserved = MIN_OBSERVED): BalanceForecast | null {
  const last = historySamples(history)
    .filter((sample) => sample.at <= now)
    .at(-1);
  const perDay = burnRatePerDay(history, now, 3 * DAY, minObserved);
  if (!last || last.balance === null || perDay === null) return null;
  if (last.balance <= 0) return { kind: 'runs-out', at: last.at, days: 0, perDay };
  const lastsDays = last.balance / perDay;
  if (perDay <= 0 || lastsDays > STEADY_AFTER_DAYS) return { kind: 'steady' };
  const at = last.at + lastsDays * DAY;
  return { kind: 'runs-out', at, days: Math.max(0, (at - now) / DAY), perDay };
}

/** Projects the current cycle's use to its end, from the samples of this cycle only. */
export function forecastCycle(history: History | undefined, cycle: Cycle, now: number): CycleForecast | null {
  const perDay = cycleUsePerDay(history, cycle, now);
  if (perDay === null || cycle.limit <= 0 || now >= cycle.end) return null;
  const percent = ((cycle.used + (perDay * (cycle.end - now)) / DAY) / cycle.limit) * 100;
  return percent > 100 ? { kind: 'over-quota', percent, at: cycle.end } : { kind: 'lasts', percent };
}

/**
 * Days until the balance (or, given `cycle`, the cycle quota) runs out, for the
 * "warn when fewer than N days left" threshold: `Infinity` when it is not
 * running out (steady, or the quota outlasts the cycle), `null` when unknown.
 */
export function daysLeft(history: History | undefined, now: number, cycle?: Cycle, minObserved = WARN_MIN_OBSERVED): number | null {
  const balance = forecastBalance(history, now, minObserved);
  const candidates = balance ? [balance.kind === 'runs-out' ? balance.days : Infinity] : [];
  const perDay = cycle ? cycleUsePerDay(history, cycle, now, minObserved) : null;
  if (cycle && perDay !== null && now < cycle.end) {
    const quotaDays = perDay > 0 ? Math.max(0, cycle.limit - cycle.used) / perDay : Infinity;
    candidates.push(now + quotaDays * DAY < cycle.end ? quotaDays : Infinity);
  }
  return candidates.length ? Math.min(...candidates) : null;
}

function cycleUsePerDay(history: History | undefined, cycle: Cycle, now: number, minObserved = MIN_OBSERVED): number | null {
  // Stored starts are whole seconds.
  const start = Math.floor(cycle.start / 1000) * 1000;
  const used = historySamples(history).flatMap((sample): Array<[number, number]> =>
    sample.cycleStart === start && sample.cycleUsed !== undefined ? [[sample.at, sample.cycleUsed]] : [],
  );
  return ratePerDay(used, now, 3 * DAY, minObserved);
}

/** Growth per day of spend or cycle use, over observed steps only (see `burnRatePerDay`). */
function ratePerDay(series: Array<[number, number]>, now: number, windowMs: number, minObserved: number): number | null {
  const recent = series.filter(([at]) => at >= now - windowMs && at <= now);
  if (recent.length < MIN_SAMPLES) return null;
  let grown = 0;
  let observed = 0;
  for (let i = 1; i < recent.length; i++) {
    const [from, before] = recent[i - 1]!;
    const [to, after] = recent[i]!;
    if (to - from > MAX_OBSERVED_STEP || after < before) continue;
    grown += after - before;
    observed += to - from;
  }
  return observed < minObserved ? null : (grown / observed) * DAY;
}
