// Turns an account and its stored state into what the user should be told:
// one assessment that the badge, tooltip, notifications and popup all read.
import { DEFAULT_CLOSE_DAYS, DEFAULT_LIMIT_WARN_PERCENT, DEFAULT_WARN_DAYS, isSnoozed, LIMIT_CLOSE_PERCENT, type Account } from '../model/account';
import { cycleLeftPercent, SESSION_MIN_INTERVAL_MINUTES, spendable, type Limit, type Unit } from '../model/balance';
import type { ErrorKind } from '../model/errors';
import type { AccountState } from '../store/storage';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A server renews a cycle within minutes of its end; one still not renewed after this needs a look. */
export const CYCLE_RENEWAL_GRACE_MS = HOUR;
const NO_RENEWAL: ReadonlySet<string> = new Set(['suspended', 'cancelled', 'canceled']);

export type Health =
  | 'paused' // the user paused it: not read, not on the badge, not notified
  | 'pending' // never read yet
  | 'ok'
  | 'close' // getting close: under twice the threshold
  | 'low' // under a threshold, or out of credits/quota
  | 'failing' // several reads in a row failed
  | 'signed-out' // a signed-in site answered as to a visitor: sign in there again (issue 20)
  | 'rejected'; // the server rejected the key

/** A signed-in site's limit as every view reads it: how full, how soon, how bad. */
export interface LimitView {
  limit: Limit;
  /** At or above the account's "Warn when a limit is above (%)": red. */
  low: boolean;
  /** From 75% used, or the pace so far fills it before it resets: amber. */
  close: boolean;
  /** When the pace so far in this window reaches 100%, when that is before the reset (epoch ms); a full window: when read. */
  fullAt?: number;
  /** Its reset time has passed since the reading: what it says now is unknown until the next read. */
  past?: true;
}

export interface Assessment {
  account: Account;
  health: Health;
  /** Spendable balance in `unit` (the reading's; '' before any), null when unlimited or unknown. */
  balance: number | null;
  /** The key has no limit at all (not merely no cap of its own). */
  unlimited: boolean;
  /** The reading is in another unit than "Warn below" was set in: the threshold is not applied. */
  unitMismatch: boolean;
  unit: Unit;
  /** Percent of the subscription cycle left, when subscribed. */
  cycleLeft: number | null;
  /** When the current subscription cycle ends (epoch ms), when subscribed. */
  cycleEnd?: number;
  balanceLow: boolean;
  /** Under twice the balance threshold (and the balance is one that gets spent). */
  balanceClose: boolean;
  cycleLow: boolean;
  cycleClose: boolean;
  cycleOut: boolean;
  /** The spendable balance is below zero. */
  overdrawn: boolean;
  /** The provider says the balance is gone (402) or will not be spent by the API. */
  outOfCredits: boolean;
  /** When the last good value was read. */
  snapshotAt?: number;
  /** The subscription cycle's end has passed and the server has not started a new one. */
  cycleEnded: boolean;
  /** The plan renews its quota at the cycle end (not suspended or cancelled). */
  cycleRenews: boolean;
  /** Forecast days left under the account's "low when fewer than N days" threshold (default 1). */
  daysLow: boolean;
  /** Forecast days left under its "getting close" days threshold (default 3). */
  daysClose: boolean;
  /** The days thresholds in effect (0: off). */
  warnDays: number;
  closeDays: number;
  /**
   * The measure that will stop the agent, which every view leads with: the cycle quota for an
   * active subscription that never falls back to PAYG, else the spendable balance.
   */
  lead: 'balance' | 'quota' | 'limit';
  /** A signed-in site's limits, the one that binds first (lead 'limit' shows it). */
  limits: LimitView[];
  limitLow: boolean;
  limitClose: boolean;
  /** The "Warn when a limit is above (%)" in effect. */
  limitWarn: number;
  /** Notifications are silenced until `account.snoozedUntil`. */
  snoozed: boolean;
  /** Forecast days until the balance runs out, when there is enough history. */
  daysLeft: number | null;
  /** The latest read failed with this kind (the last good values may still show). */
  errorKind?: ErrorKind;
  /** The last good value is older than three intervals. */
  stale: boolean;
}

/** Consecutive failures after which an account counts as failing, not just unlucky. */
export const FAILING_AFTER = 3;
/** "Getting close" starts at this multiple of the threshold. */
export const CLOSE_FACTOR = 2;

/**
 * The one computation of how an account is doing, from what is stored about it
 * and the time now: the badge, tooltip, notifications, popup and settings page
 * all read this, with the same inputs.
 */
export function assess(
  account: Account,
  state: AccountState | undefined,
  now: number,
  intervalMinutes: number,
): Assessment {
  const snapshot = state?.snapshot;
  const errorKind = state?.error?.kind;
  const balance = snapshot ? spendable(snapshot) : null;
  const cycleLeft = snapshot ? cycleLeftPercent(snapshot) : null;
  // Amounts only exist with a reading, and a reading names its unit. (The registry, which knows an
  // account's unit beforehand, stays out of the popup's first load.)
  const unit = snapshot?.unit ?? '';

  // A 402 means the balance is gone, whatever the last good value said; so does a
  // balance the provider says the API will not spend.
  const outOfCredits = errorKind === 'insufficient' || !!snapshot?.notes?.includes('not-usable');
  // An active subscription without PAYG fallback never spends the PAYG balance:
  // warning about it would cry wolf (the cycle quota is what runs out).
  const cycleNow = snapshot?.cycle;
  const paygMatters = !cycleNow || cycleNow.status !== 'active' || cycleNow.paygFallback;
  // A threshold set in dollars says nothing about yuan: such a reading is flagged, never compared.
  const unitMismatch = !!snapshot && !!account.warnUnit && snapshot.unit !== account.warnUnit;
  const balanceWatched = paygMatters && balance !== null && !unitMismatch;
  const balanceLow = outOfCredits || (balanceWatched && balance < account.warnBelow);
  const cycleOut = !!snapshot?.cycle && snapshot.cycle.limit > 0 && snapshot.cycle.remaining <= 0;
  const cycleLow = cycleOut || (cycleLeft !== null && cycleLeft < account.cycleWarnPercent);
  const balanceClose = balanceWatched && balance < account.warnBelow * CLOSE_FACTOR;
  const cycleClose = cycleLeft !== null && cycleLeft < account.cycleWarnPercent * CLOSE_FACTOR;
  const close = balanceClose || cycleClose;
  // A paused account is not read, so its age says nothing is wrong.
  // A signed-in site is read at most every 5 minutes: with a shorter interval it is not stale sooner.
  const every = snapshot?.signedIn ? Math.max(intervalMinutes, SESSION_MIN_INTERVAL_MINUTES) : intervalMinutes;
  const stale = !account.paused && !!snapshot && now - snapshot.readAt > 3 * every * 60_000;
  const overdrawn = balance !== null && balance < 0;
  const cycleEnded = !!cycleNow && now >= cycleNow.end;
  const cycleOverdue = !!cycleNow && now - cycleNow.end > CYCLE_RENEWAL_GRACE_MS;
  // The forecast was made at the last read; time has passed since.
  const daysLeft =
    snapshot && state?.daysLeft !== undefined ? Math.max(0, state.daysLeft - Math.max(0, now - snapshot.readAt) / DAY) : null;
  const warnDays = account.warnDaysLeft ?? DEFAULT_WARN_DAYS;
  const closeDays = account.closeDaysLeft ?? DEFAULT_CLOSE_DAYS;
  const daysLow = warnDays > 0 && daysLeft !== null && daysLeft < warnDays;
  const daysClose = closeDays > 0 && daysLeft !== null && daysLeft < closeDays;
  const limitWarn = account.limitWarnPercent ?? DEFAULT_LIMIT_WARN_PERCENT;
  const limits = snapshot?.limits?.length ? viewLimits(snapshot.limits, limitWarn, snapshot.readAt, now) : [];
  const limitLow = limits.some((l) => l.low);
  const limitClose = limits.some((l) => l.close);
  const lead = limits.length && balance === null ? 'limit' : cycleNow && (!paygMatters || balance === null) ? 'quota' : 'balance';

  let health: Health;
  if (account.paused) health = 'paused';
  else if (errorKind === 'auth') health = 'rejected';
  else if (errorKind === 'signed-out') health = 'signed-out';
  else if (balanceLow || cycleLow || daysLow || limitLow) health = 'low';
  // A bot check wants the user at once (open the site in a tab), not after three tries.
  else if (errorKind && ((state?.failures ?? 0) >= FAILING_AFTER || errorKind === 'bot-check')) health = 'failing';
  else if (!snapshot) health = errorKind ? 'failing' : 'pending';
  else if (close || daysClose || cycleOverdue || unitMismatch || limitClose) health = 'close';
  else health = 'ok';

  return {
    account,
    health,
    // Zero is only said in a unit: before any reading the error's words say it alone.
    balance: errorKind === 'insufficient' && unit ? 0 : balance,
    unlimited: !!snapshot?.unlimited,
    unitMismatch,
    unit,
    cycleLeft,
    ...(snapshot?.cycle ? { cycleEnd: snapshot.cycle.end } : {}),
    balanceLow,
    balanceClose,
    cycleLow,
    cycleClose,
    cycleOut,
    overdrawn,
    outOfCredits,
    ...(snapshot ? { snapshotAt: snapshot.readAt } : {}),
    cycleEnded,
    cycleRenews: !!cycleNow && !NO_RENEWAL.has(cycleNow.status.toLowerCase()),
    daysLow,
    daysClose,
    warnDays,
    closeDays,
    daysLeft,
    lead,
    limits,
    limitLow,
    limitClose,
    limitWarn,
    snoozed: isSnoozed(account, now),
    errorKind,
    stale,
  };
}

/**
 * A pace seen over less of the window than this says little (one burst right after a reset):
 * at least 10 minutes, and at least 5% of the window.
 */
const PACE_MIN_ELAPSED_MS = 10 * 60_000;
const PACE_MIN_SHARE = 0.05;

/**
 * Each limit's health and pace as of the reading, the one that binds first leading: red before
 * amber before fine; among equals the one the pace fills soonest, then the fullest.
 */
export function viewLimits(limits: readonly Limit[], warnPercent: number, readAt: number, now = readAt): LimitView[] {
  const views = limits.map((limit): LimitView => {
    // Reset since it was read: neither red nor amber on old figures, and last in the list.
    if (typeof limit.resetsAt === 'number' && limit.resetsAt <= now) return { limit, low: false, close: false, past: true };
    // A full window stops the agent now: it binds before one that only fills on the way.
    const fullAt = limit.usedPercent >= 100 ? readAt : paceFullAt(limit, readAt);
    return {
      limit,
      low: limit.usedPercent >= warnPercent,
      close: limit.usedPercent >= Math.min(LIMIT_CLOSE_PERCENT, warnPercent) || fullAt !== undefined,
      ...(fullAt === undefined ? {} : { fullAt }),
    };
  });
  const rank = (v: LimitView) => (v.low ? 0 : v.close ? 1 : v.past ? 3 : 2);
  return views.sort((a, b) => rank(a) - rank(b) || (a.fullAt ?? Infinity) - (b.fullAt ?? Infinity) || b.limit.usedPercent - a.limit.usedPercent);
}

/**
 * When the window fills at the rate used so far in it, if that is before it resets: the window
 * started `windowMs` before its reset, and `usedPercent` went in the time since.
 */
export function paceFullAt(limit: Limit, readAt: number): number | undefined {
  const { resetsAt, windowMs, usedPercent } = limit;
  if (typeof resetsAt !== 'number' || !windowMs || usedPercent <= 0 || usedPercent >= 100) return undefined;
  const start = resetsAt - windowMs;
  const elapsed = readAt - start;
  if (elapsed < Math.max(PACE_MIN_ELAPSED_MS, windowMs * PACE_MIN_SHARE) || elapsed >= windowMs) return undefined;
  const fullAt = start + (elapsed * 100) / usedPercent;
  return fullAt < resetsAt ? Math.round(fullAt) : undefined;
}

/** The states that need the user: counted in the popup's header and the tooltip's summary. */
export const NEEDS_ATTENTION: ReadonlySet<Health> = new Set<Health>(['rejected', 'signed-out', 'low', 'failing', 'close']);

/** Worst first: what the badge shows when several accounts need attention. */
export const HEALTH_ORDER: readonly Health[] = ['rejected', 'signed-out', 'low', 'failing', 'close', 'pending', 'ok', 'paused'];

/** How far above its own threshold an account is, on the measure it leads with (units differ between accounts). */
export function thresholdRatio(a: Assessment): number {
  if (a.lead === 'limit') {
    const used = a.limits[0]?.limit.usedPercent;
    return used === undefined ? Infinity : (100 - used) / Math.max(100 - a.limitWarn, 1e-9);
  }
  if (a.lead === 'quota') return a.cycleLeft === null ? Infinity : a.cycleLeft / Math.max(a.account.cycleWarnPercent, 1e-9);
  return a.balance === null ? Infinity : a.balance / Math.max(a.account.warnBelow, 1e-9);
}

/**
 * The popup's order, in the groups of HEALTH_ORDER: rejected key, low (out, overdrawn, under a threshold), failing,
 * getting close, not read yet, OK, paused. Pinned accounts lead their group; within it the
 * accounts keep the order they were added in, so a row does not jump while its number moves.
 * "My order" keeps the added order, pinned first, paused last.
 */
export function popupOrder<T extends { assessment: Assessment }>(items: readonly T[], order: 'worst' | 'mine'): T[] {
  const group = (a: Assessment) =>
    order === 'worst' ? HEALTH_ORDER.indexOf(a.health) : Number(a.health === 'paused');
  // Array.prototype.sort is stable: equal keys keep the stored order.
  return [...items].sort(
    (x, y) => group(x.assessment) - group(y.assessment) || Number(!!y.assessment.account.pinned) - Number(!!x.assessment.account.pinned),
  );
}

export function worstFirst(assessments: readonly Assessment[]): Assessment[] {
  const rank = (a: Assessment) => HEALTH_ORDER.indexOf(a.health);
  return [...assessments].sort((a, b) => rank(a) - rank(b) || thresholdRatio(a) - thresholdRatio(b));
}

/**
 * What the watched accounts hold together, per unit: only where it means something, that is for a
 * unit at least two accounts that spend a balance share. Amounts in different units are never added;
 * subscribers without fallback (their dollars are not spent) and paused accounts are left out.
 */
export function totalsByUnit(assessments: readonly Assessment[], max = 3): Array<[Unit, number]> {
  const sums = new Map<Unit, { sum: number; count: number }>();
  for (const a of assessments) {
    if (a.health === 'paused' || a.lead !== 'balance' || a.balance === null || !a.unit) continue;
    const entry = sums.get(a.unit) ?? { sum: 0, count: 0 };
    sums.set(a.unit, { sum: entry.sum + a.balance, count: entry.count + 1 });
  }
  return [...sums]
    .filter(([, { count }]) => count >= 2)
    .sort((x, y) => y[1].count - x[1].count)
    .slice(0, max)
    .map(([unit, { sum }]) => [unit, sum]);
}
