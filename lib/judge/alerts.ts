// The notification state machine: fire once per threshold crossing, remember it
// in storage (so restarts don't repeat it), re-arm once the value recovers past
// a small margin (so a balance hovering at the threshold doesn't flap).
import type { Assessment } from './assess';
import type { AlertState } from '../store/storage';

import type { Limit } from '../model/balance';

export type AlertReason = Exclude<keyof AlertState, 'limits'>;

/** A signed-in site's window crossed the warning, or one that had crossed it reset (issue 20). */
export type LimitEvent = { reason: 'limit'; limit: Limit } | { reason: 'limitReset'; limit: Limit };

/** A balance must climb this fraction above its threshold to re-arm the warning. */
export const REARM_MARGIN = 0.1;
/** Percentage points above the cycle threshold needed to re-arm it. */
export const CYCLE_REARM_POINTS = 2;
/** The days-left forecast moves with every sample: re-arm only 10% past the threshold. */
export const DAYS_REARM_FACTOR = 1.1;
/** A limit counts as reset once it is this many points under its warning again. */
export const LIMIT_REARM_POINTS = 2;

export interface AlertStep {
  state: AlertState;
  fire: AlertReason[];
  limits: LimitEvent[];
}

/**
 * Given the alerts already sent for an account and its fresh assessment, says
 * which notifications to send now and the state to store. Without fresh data
 * (a failed read) nothing re-arms: the last known state holds.
 */
export function stepAlerts(prev: AlertState, a: Assessment, fresh: boolean): AlertStep {
  const state: AlertState = { ...prev };
  const fire: AlertReason[] = [];
  const set = (reason: AlertReason, triggered: boolean, recovered: boolean) => {
    if (triggered && !state[reason]) {
      state[reason] = true;
      fire.push(reason);
    } else if (recovered && state[reason]) {
      delete state[reason];
    }
  };

  set('keyRejected', a.errorKind === 'auth', fresh);
  const { warnBelow, cycleWarnPercent } = a.account;
  // Out of credits (402) counts as low even though the read failed.
  set(
    'lowBalance',
    a.balanceLow && (fresh || a.errorKind === 'insufficient'),
    fresh && a.balance !== null && a.balance >= warnBelow * (1 + REARM_MARGIN),
  );
  set('cycleOut', fresh && a.cycleOut, fresh && !a.cycleOut);
  set(
    'lowCycle',
    fresh && a.cycleLow && !a.cycleOut,
    fresh && a.cycleLeft !== null && a.cycleLeft >= cycleWarnPercent + CYCLE_REARM_POINTS,
  );
  // A cycle that ran out also counts as "low" already told: don't tell twice on the way back up.
  if (fire.includes('cycleOut')) state.lowCycle = true;
  const warnDays = a.warnDays;
  set(
    'daysLeft',
    fresh && a.daysLow,
    fresh && (warnDays <= 0 || (a.daysLeft !== null && a.daysLeft >= warnDays * DAYS_REARM_FACTOR)),
  );
  return { state, fire, limits: fresh ? stepLimits(state, a) : [] };
}

/** A reset time this much later than the one a window crossed with means it started over (sites move it by a second or so). */
const ROLLED_MS = 60_000;

/**
 * Once per window per crossing: a limit at or above the warning notifies once. It notifies once more
 * when it resets, if the account asks to hear of resets: its reset time moved on (the window started
 * over), or, for a limit with no reset time, it is back under the warning by a margin. Easing back
 * under the line without starting over (or a raised warning) re-arms it without a word. A window
 * missing from this reading (sent unreadably, or not sent) keeps its state. Only fresh data steps it.
 */
function stepLimits(state: AlertState, a: Assessment): LimitEvent[] {
  const crossed = new Map((state.limits ?? []).map((c) => [c.id, c.at]));
  const events: LimitEvent[] = [];
  for (const [id, at] of [...crossed]) {
    const view = a.limits.find((v) => v.limit.id === id);
    if (!view) continue;
    const { resetsAt, usedPercent } = view.limit;
    const rolled = typeof at === 'number' && typeof resetsAt === 'number' && resetsAt > at + ROLLED_MS;
    const under = usedPercent < a.limitWarn - LIMIT_REARM_POINTS;
    if (rolled && view.low) {
      // Started over and already over the line again: a new crossing, told below.
      crossed.delete(id);
    } else if (rolled || (at === undefined && under)) {
      crossed.delete(id);
      if (a.account.limitResetNotify !== false) events.push({ reason: 'limitReset', limit: view.limit });
    } else if (under) {
      crossed.delete(id);
    }
  }
  for (const { limit, low } of a.limits) {
    if (low && !crossed.has(limit.id)) {
      crossed.set(limit.id, typeof limit.resetsAt === 'number' ? limit.resetsAt : undefined);
      events.push({ reason: 'limit', limit });
    }
  }
  if (crossed.size) state.limits = [...crossed].map(([id, at]) => (at === undefined ? { id } : { id, at }));
  else delete state.limits;
  return events;
}
