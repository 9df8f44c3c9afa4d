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

/**
 * Once per window per crossing: a limit at or above the warning notifies once, and once more when it
 * has reset (under the warning by a margin) if the account asks to hear of resets. Only a fresh
 * reading steps limits; one gone from the reading re-arms without a word.
 */
function stepLimits(state: AlertState, a: Assessment): LimitEvent[] {
  const crossed = new Set(state.limits ?? []);
  const events: LimitEvent[] = [];
  for (const { limit, low } of a.limits) {
    if (low && !crossed.has(limit.id)) {
      crossed.add(limit.id);
      events.push({ reason: 'limit', limit });
    }
  }
  for (const id of [...crossed]) {
    const view = a.limits.find((v) => v.limit.id === id);
    if (view && view.limit.usedPercent >= a.limitWarn - LIMIT_REARM_POINTS) continue;
    crossed.delete(id);
    if (view && a.account.limitResetNotify !== false) events.push({ reason: 'limitReset', limit: view.limit });
  }
  if (crossed.size) state.limits = [...crossed];
  else delete state.limits;
  return events;
}
