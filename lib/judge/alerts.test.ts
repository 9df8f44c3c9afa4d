import { describe, expect, it } from 'vitest';
import type { Account } from '../model/account';
import { assess } from './assess';
import { stepAlerts, type AlertReason } from './alerts';
import type { BalanceSnapshot } from '../model/balance';
import type { ErrorKind } from '../model/errors';
import type { AccountState, AlertState } from '../store/storage';
import { DEFAULT_FP } from '../testing';

const account: Account = {
  id: 'a1',
  provider: 'apertis',
  name: 'Work',
  key: 'sk-test-1234',
  baseUrl: 'https://api.apertis.ai',
  warnBelow: 5,
  cycleWarnPercent: 10,
};

const payg = (remaining: number): BalanceSnapshot => ({
  provider: 'apertis',
  unit: 'USD',
  remaining,
  used: 1,
  total: remaining + 1,
  unlimited: false,
  readAt: 0,
});

const sub = (remaining: number, limit = 600): BalanceSnapshot => ({
  ...payg(100),
  cycle: {
    plan: 'lite',
    status: 'active',
    limit,
    used: limit - remaining,
    remaining,
    start: 0,
    end: 1,
    paygFallback: false,
  },
});

function stepDays(prev: AlertState, daysLeft: number | null, fresh = true) {
  const withDays = { ...account, warnDaysLeft: 3 };
  const state: AccountState = { for: DEFAULT_FP, snapshot: payg(50), failures: 0, alerts: prev, ...(daysLeft === null ? {} : { daysLeft }) };
  return stepAlerts(prev, assess(withDays, state, 0, 5), fresh);
}

describe('stepAlerts: the "fewer than N days left" warning (N = 3)', () => {
  it.each<{ case: string; prev: AlertState; days: number | null; fresh?: boolean; fire: AlertReason[]; state: AlertState }>([
    { case: 'plenty of days: nothing', prev: {}, days: 10, fire: [], state: {} },
    { case: 'under N days fires once', prev: {}, days: 2, fire: ['daysLeft'], state: { daysLeft: true } },
    { case: 'still under N: not again', prev: { daysLeft: true }, days: 1.5, fire: [], state: { daysLeft: true } },
    { case: 'a forecast wobbling just over N stays quiet (margin)', prev: { daysLeft: true }, days: 3.2, fire: [], state: { daysLeft: true } },
    { case: 'a forecast 10% past N re-arms', prev: { daysLeft: true }, days: 3.4, fire: [], state: {} },
    { case: 'no forecast (too little data) changes nothing', prev: { daysLeft: true }, days: null, fire: [], state: { daysLeft: true } },
    { case: 'a failed read neither fires nor re-arms', prev: {}, days: 1, fresh: false, fire: [], state: {} },
  ])('$case', ({ prev, days, fresh, fire, state }) => {
    const result = stepDays(prev, days, fresh);
    expect(result.fire).toEqual(fire);
    expect(result.state).toEqual(state);
  });
});

function step(prev: AlertState, snapshot: BalanceSnapshot, errorKind?: ErrorKind) {
  const state: AccountState = {
    for: DEFAULT_FP,
    snapshot,
    failures: errorKind ? 1 : 0,
    alerts: prev,
    ...(errorKind ? { error: { kind: errorKind, message: '', at: 0 } } : {}),
  };
  return stepAlerts(prev, assess(account, state, 0, 5), !errorKind);
}

describe('stepAlerts: once per threshold crossing', () => {
  it.each<{ case: string; prev: AlertState; snapshot: BalanceSnapshot; error?: ErrorKind; fire: AlertReason[]; state: AlertState }>([
    { case: 'healthy balance fires nothing', prev: {}, snapshot: payg(20), fire: [], state: {} },
    { case: 'first seen below the threshold fires', prev: {}, snapshot: payg(4), fire: ['lowBalance'], state: { lowBalance: true } },
    { case: 'staying low does not fire again', prev: { lowBalance: true }, snapshot: payg(3), fire: [], state: { lowBalance: true } },
    { case: 'just above the threshold is inside the margin: not re-armed', prev: { lowBalance: true }, snapshot: payg(5.2), fire: [], state: { lowBalance: true } },
    { case: 'recovery past the margin re-arms', prev: { lowBalance: true }, snapshot: payg(5.6), fire: [], state: {} },
    { case: 'after re-arming, the next crossing fires again', prev: {}, snapshot: payg(1), fire: ['lowBalance'], state: { lowBalance: true } },
    { case: 'a restart with stored state does not repeat the warning', prev: { lowBalance: true }, snapshot: payg(4), fire: [], state: { lowBalance: true } },
    { case: 'a failed read neither fires nor re-arms', prev: { lowBalance: true }, snapshot: payg(50), error: 'timeout', fire: [], state: { lowBalance: true } },
    { case: 'a rejected key fires once', prev: {}, snapshot: payg(50), error: 'auth', fire: ['keyRejected'], state: { keyRejected: true } },
    { case: 'a rejected key does not fire twice', prev: { keyRejected: true }, snapshot: payg(50), error: 'auth', fire: [], state: { keyRejected: true } },
    { case: 'a good read after a rejected key re-arms it', prev: { keyRejected: true }, snapshot: payg(50), fire: [], state: {} },
    { case: 'out of credits (402) counts as a low balance', prev: {}, snapshot: payg(50), error: 'insufficient', fire: ['lowBalance'], state: { lowBalance: true } },
    { case: 'cycle quota under its percent fires lowCycle', prev: {}, snapshot: sub(30), fire: ['lowCycle'], state: { lowCycle: true } },
    { case: 'cycle quota running out fires cycleOut once, not lowCycle too', prev: {}, snapshot: sub(0), fire: ['cycleOut'], state: { cycleOut: true, lowCycle: true } },
    { case: 'cycle quota running out after a low warning fires cycleOut', prev: { lowCycle: true }, snapshot: sub(0), fire: ['cycleOut'], state: { cycleOut: true, lowCycle: true } },
    { case: 'a new cycle re-arms both cycle warnings', prev: { cycleOut: true, lowCycle: true }, snapshot: sub(600), fire: [], state: {} },
  ])('$case', ({ prev, snapshot, error, fire, state }) => {
    const result = step(prev, snapshot, error);
    expect(result.fire).toEqual(fire);
    expect(result.state).toEqual(state);
  });
});

describe('stepAlerts: a signed-in site notifies once per window per crossing, and once when it resets (issue 20)', () => {
  const claude: Account = { ...account, provider: 'claude', name: 'Claude' };
  const WEEK_END = 9e12;
  const NEXT_WEEK = WEEK_END + 7 * 86_400_000;
  const reading = (usedPercent: number, resetsAt: number | null = WEEK_END, id = 'seven_day'): BalanceSnapshot => ({
    provider: 'claude',
    unit: 'USD',
    remaining: null,
    unlimited: false,
    limits: [{ id, kind: 'weekly', usedPercent, resetsAt, windowMs: 7 * 86_400_000 }],
    readAt: 0,
  });
  const step = (prev: AlertState, snapshot: BalanceSnapshot, a: Account = claude, fresh = true) =>
    stepAlerts(prev, assess(a, { for: DEFAULT_FP, snapshot, failures: 0, alerts: prev }, 0, 5), fresh);
  const events = (s: ReturnType<typeof step>) => s.limits.map((e) => `${e.reason}:${e.limit.id}`);
  const crossedThisWeek = { limits: [{ id: 'seven_day', at: WEEK_END }] };

  it.each<{ case: string; prev: AlertState; snapshot: BalanceSnapshot; fired: string[]; crossed: AlertState['limits'] }>([
    { case: 'crossing 90% notifies once, remembering when that window resets', prev: {}, snapshot: reading(92), fired: ['limit:seven_day'], crossed: [{ id: 'seven_day', at: WEEK_END }] },
    { case: 'still over: nothing more', prev: crossedThisWeek, snapshot: reading(97), fired: [], crossed: [{ id: 'seven_day', at: WEEK_END }] },
    { case: 'hovering just under the line is not a reset', prev: crossedThisWeek, snapshot: reading(89), fired: [], crossed: [{ id: 'seven_day', at: WEEK_END }] },
    { case: 'easing well under the line in the same window (or a raised warning) re-arms without a word', prev: crossedThisWeek, snapshot: reading(60), fired: [], crossed: undefined },
    { case: 'the window started over: "your weekly limit has reset", and re-armed', prev: crossedThisWeek, snapshot: reading(3, NEXT_WEEK), fired: ['limitReset:seven_day'], crossed: undefined },
    { case: 'started over and already over the line again: a new crossing, not a reset', prev: crossedThisWeek, snapshot: reading(95, NEXT_WEEK), fired: ['limit:seven_day'], crossed: [{ id: 'seven_day', at: NEXT_WEEK }] },
    { case: 'a reset time moved by a second is the same window', prev: crossedThisWeek, snapshot: reading(60, WEEK_END + 1_000), fired: [], crossed: undefined },
    { case: 'a limit with no reset time resets when it is back under the line', prev: { limits: [{ id: 'seven_day' }] }, snapshot: reading(3, null), fired: ['limitReset:seven_day'], crossed: undefined },
    { case: 'a window missing from this reading keeps its state', prev: crossedThisWeek, snapshot: reading(50, WEEK_END, 'five_hour'), fired: [], crossed: [{ id: 'seven_day', at: WEEK_END }] },
    { case: 'under the line without having crossed: nothing', prev: {}, snapshot: reading(50), fired: [], crossed: undefined },
  ])('$case', ({ prev, snapshot, fired, crossed }) => {
    const s = step(prev, snapshot);
    expect([events(s), s.state.limits]).toEqual([fired, crossed]);
  });

  it('"Tell me when a limit resets" off: re-armed without a word', () => {
    const s = step(crossedThisWeek, reading(3, NEXT_WEEK), { ...claude, limitResetNotify: false });
    expect([events(s), s.state.limits]).toEqual([[], undefined]);
  });

  it('a failed read steps nothing', () => {
    const s = step({}, reading(95), claude, false);
    expect([events(s), s.state.limits]).toEqual([[], undefined]);
  });
});
