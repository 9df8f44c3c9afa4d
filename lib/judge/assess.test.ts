import { describe, expect, it } from 'vitest';
import type { BalanceSnapshot, Limit } from '../model/balance';
import { cycleSnapshot, limitSnapshot, makeAccount, paygSnapshot, stateWith } from '../testing';
import { assess, CYCLE_RENEWAL_GRACE_MS, popupOrder, totalsByUnit, worstFirst, type Assessment } from './assess';

const NOW = Date.UTC(2026, 10, 22, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const withCycle = (extra: Partial<NonNullable<BalanceSnapshot['cycle']>>, paygFallback = false): BalanceSnapshot => {
  const s = cycleSnapshot(3000, 5000, NOW);
  return { ...s, cycle: { ...s.cycle!, paygFallback, ...extra } };
};

describe('assess: real-world values', () => {
  it.each<{ case: string; snapshot: BalanceSnapshot; extra?: object; expected: Partial<Assessment> }>([
    { case: 'an overdrawn balance is low and overdrawn, never a bad response', snapshot: paygSnapshot(-3.2, NOW), expected: { health: 'low', overdrawn: true, balance: -3.2, balanceLow: true } },
    { case: 'a zero balance is low but not overdrawn', snapshot: paygSnapshot(0, NOW), expected: { health: 'low', overdrawn: false } },
    { case: 'a monthly cap nearly used counts toward low', snapshot: paygSnapshot(500, NOW, { monthly: { limit: 50, used: 48 } }), expected: { health: 'low', balance: 2, balanceLow: true } },
    { case: 'a monthly cap with room does not', snapshot: paygSnapshot(500, NOW, { monthly: { limit: 50, used: 10 } }), expected: { health: 'ok', balance: 40 } },
    { case: 'a cycle ending later is ok and renews', snapshot: withCycle({ end: NOW + 10 * DAY }), expected: { health: 'ok', cycleEnded: false, cycleRenews: true } },
    { case: 'a cycle that ended minutes ago is still ok (renewal under way)', snapshot: withCycle({ end: NOW - 10 * 60_000 }), expected: { health: 'ok', cycleEnded: true } },
    { case: 'a cycle that ended 10 days ago needs a look', snapshot: withCycle({ end: NOW - 10 * DAY }), expected: { health: 'close', cycleEnded: true } },
    { case: 'a cancelled plan does not renew', snapshot: withCycle({ status: 'cancelled', end: NOW + 5 * DAY }), expected: { cycleRenews: false } },
    { case: 'a suspended plan does not renew', snapshot: withCycle({ status: 'suspended', end: NOW + 5 * DAY }), expected: { cycleRenews: false } },
  ])('$case', ({ snapshot, expected }) => {
    expect(assess(makeAccount(), stateWith(snapshot), NOW, 5)).toMatchObject(expected);
  });

  it('the grace for a renewal is one hour', () => {
    const snapshot = withCycle({ end: NOW - CYCLE_RENEWAL_GRACE_MS - 1 });
    expect(assess(makeAccount(), stateWith(snapshot), NOW, 5).health).toBe('close');
  });
});

describe('assess: thresholds per unit', () => {
  it.each<{ case: string; warnUnit?: string; snapshot: BalanceSnapshot; expected: Partial<Assessment> }>([
    { case: 'a reading in the unit of "Warn below" is compared', warnUnit: 'USD', snapshot: paygSnapshot(3, NOW), expected: { health: 'low', unitMismatch: false } },
    {
      case: 'yuan are never held against a dollar threshold: flagged for a look instead',
      warnUnit: 'USD',
      snapshot: { ...paygSnapshot(3, NOW), unit: 'CNY' },
      expected: { health: 'close', unitMismatch: true, balanceLow: false, balance: 3, unit: 'CNY' },
    },
    { case: "a gateway's threshold is in the site's unit, whatever it reads", snapshot: { ...paygSnapshot(3, NOW), unit: 'CNY' }, expected: { health: 'low', unitMismatch: false } },
  ])('$case', ({ warnUnit, snapshot, expected }) => {
    expect(assess(makeAccount(warnUnit ? { warnUnit } : {}), stateWith(snapshot), NOW, 5)).toMatchObject(expected);
  });

  it('a 402 before any reading says no amount in no unit', () => {
    const state = stateWith(undefined, { error: { kind: 'insufficient', message: '', at: NOW }, failures: 1 });
    expect(assess(makeAccount(), state, NOW, 5)).toMatchObject({ health: 'low', balance: null });
  });
});

describe('assess: the stored forecast ages with time', () => {
  it.each([
    { case: 'at the read: as forecast', readAt: NOW, daysLeft: 3, expected: 3 },
    { case: 'a day later: a day less', readAt: NOW - DAY, daysLeft: 3, expected: 2 },
    { case: 'never below zero', readAt: NOW - 10 * DAY, daysLeft: 3, expected: 0 },
  ])('$case', ({ readAt, daysLeft, expected }) => {
    const a = assess(makeAccount({ warnDaysLeft: 2.5 }), stateWith(paygSnapshot(50, readAt), { daysLeft }), NOW, 60);
    expect(a.daysLeft).toBeCloseTo(expected, 5);
    expect(a.daysLow).toBe(expected < 2.5);
  });

  it('no forecast without a snapshot or a stored forecast', () => {
    expect(assess(makeAccount(), stateWith(paygSnapshot(50, NOW)), NOW, 5).daysLeft).toBeNull();
    expect(assess(makeAccount(), undefined, NOW, 5).daysLeft).toBeNull();
  });
});

describe('assess: days left drive the status (issue 11)', () => {
  it.each<{ case: string; account?: object; daysLeft?: number; expected: Partial<Assessment> }>([
    { case: 'no forecast yet (too little history): nothing changes', expected: { health: 'ok', daysLow: false, daysClose: false } },
    { case: 'on by default: amber under 3 days', daysLeft: 2.5, expected: { health: 'close', daysClose: true, daysLow: false, warnDays: 1, closeDays: 3 } },
    { case: 'on by default: red under 1 day', daysLeft: 0.5, expected: { health: 'low', daysLow: true } },
    { case: 'plenty of days: ok', daysLeft: 10, expected: { health: 'ok' } },
    { case: 'a steady balance (never runs out): ok', daysLeft: Infinity, expected: { health: 'ok' } },
    { case: 'changed per account: red under 5 days', account: { warnDaysLeft: 5, closeDaysLeft: 8 }, daysLeft: 4, expected: { health: 'low' } },
    { case: 'changed per account: amber under 8 days', account: { warnDaysLeft: 5, closeDaysLeft: 8 }, daysLeft: 7, expected: { health: 'close' } },
    { case: '0 turns both off', account: { warnDaysLeft: 0, closeDaysLeft: 0 }, daysLeft: 0.2, expected: { health: 'ok', daysLow: false, daysClose: false } },
  ])('$case', ({ account, daysLeft, expected }) => {
    const state = stateWith(paygSnapshot(50, NOW), daysLeft === undefined ? {} : { daysLeft });
    expect(assess(makeAccount(account), state, NOW, 5)).toMatchObject(expected);
  });
});

describe('assess: the measure that will stop the agent', () => {
  it.each<{ case: string; snapshot: BalanceSnapshot; lead: Assessment['lead'] }>([
    { case: 'pay-as-you-go: the balance', snapshot: paygSnapshot(12, NOW), lead: 'balance' },
    { case: 'a subscription without PAYG fallback: the quota', snapshot: withCycle({}, false), lead: 'quota' },
    { case: 'a subscription that falls back to PAYG: the balance', snapshot: withCycle({}, true), lead: 'balance' },
    { case: 'a suspended subscription: the balance it spends now', snapshot: withCycle({ status: 'suspended' }, false), lead: 'balance' },
  ])('$case', ({ snapshot, lead }) => {
    expect(assess(makeAccount(), stateWith(snapshot), NOW, 5).lead).toBe(lead);
  });
});

describe('popupOrder', () => {
  const item = (id: string, health: 'rejected' | 'low' | 'failing' | 'close' | 'ok' | 'paused', pinned = false) => {
    const account = makeAccount({ id, ...(pinned ? { pinned: true as const } : {}), ...(health === 'paused' ? { paused: true as const } : {}) });
    const state =
      health === 'rejected'
        ? stateWith(undefined, { error: { kind: 'auth', message: '', at: NOW }, failures: 1 })
        : health === 'failing'
          ? stateWith(paygSnapshot(50, NOW), { error: { kind: 'server', message: '', at: NOW }, failures: 3 })
          : stateWith(paygSnapshot({ low: 1, close: 7, ok: 50, paused: 50 }[health], NOW));
    return { assessment: assess(account, state, NOW, 5) };
  };
  const ids = (items: Array<{ assessment: Assessment }>) => items.map((i) => i.assessment.account.id);
  const added = [item('ok1', 'ok'), item('close1', 'close'), item('paused1', 'paused'), item('low1', 'low'), item('rej1', 'rejected'), item('fail1', 'failing'), item('low2', 'low'), item('ok2', 'ok', true)];

  it.each<{ case: string; order: 'worst' | 'mine'; expected: string[] }>([
    { case: 'worst first: rejected, low, failing, close, ok, paused; stable within a group; a pin leads its group', order: 'worst', expected: ['rej1', 'low1', 'low2', 'fail1', 'close1', 'ok2', 'ok1', 'paused1'] },
    { case: 'my order: as added, pinned first, paused last', order: 'mine', expected: ['ok2', 'ok1', 'close1', 'low1', 'rej1', 'fail1', 'low2', 'paused1'] },
  ])('$case', ({ order, expected }) => {
    expect(ids(popupOrder(added, order))).toEqual(expected);
  });
});

describe('totalsByUnit', () => {
  const at = (remaining: number, extra: Partial<BalanceSnapshot> = {}, account: object = {}) =>
    assess(makeAccount(account), stateWith({ ...paygSnapshot(remaining, NOW), ...extra }), NOW, 5);
  it.each<{ case: string; items: Assessment[]; expected: Array<[string, number]> }>([
    { case: 'one account in a unit: no total (it would only repeat its row)', items: [at(10)], expected: [] },
    { case: 'two dollar accounts add up', items: [at(10), at(2.5)], expected: [['USD', 12.5]] },
    { case: 'units are never added together', items: [at(10), at(5), at(3, { unit: 'CNY' }), at(4, { unit: 'CNY' })], expected: [['USD', 15], ['CNY', 7]] },
    { case: 'a paused account is left out', items: [at(10), at(5, {}, { paused: true })], expected: [] },
    { case: "a subscriber's unspent PAYG dollars are left out", items: [at(10), assess(makeAccount(), stateWith(withCycle({})), NOW, 5)], expected: [] },
  ])('$case', ({ items, expected }) => {
    expect(totalsByUnit(items)).toEqual(expected);
  });
});

describe('assess: a signed-in site leads with the limit that binds first (issue 20)', () => {
  // A 5-hour window that started 3 hours ago, resetting in 2.
  const session = (usedPercent: number, extra: Partial<Limit> = {}): Limit => ({ id: 'five_hour', kind: 'session', usedPercent, resetsAt: NOW + 2 * HOUR, windowMs: 5 * HOUR, ...extra });
  const weekly = (usedPercent: number): Limit => ({ id: 'seven_day', kind: 'weekly', usedPercent, resetsAt: NOW + 3 * DAY, windowMs: 7 * DAY });
  const at = (limits: Limit[], account = makeAccount({ provider: 'claude' })) => assess(account, stateWith(limitSnapshot(limits, NOW)), NOW, 5);

  it.each<{ case: string; limits: Limit[]; health: string; binding: string; fullAt?: number }>([
    { case: 'all well: OK, led by the fullest', limits: [session(10), weekly(40)], health: 'ok', binding: 'seven_day' },
    { case: 'at 90% a window is low (red)', limits: [session(10), weekly(90)], health: 'low', binding: 'seven_day' },
    { case: 'from 75% it is getting close (amber)', limits: [session(10), weekly(75)], health: 'close', binding: 'seven_day' },
    // 70% in 3 hours fills the window 43 minutes before its reset.
    { case: 'a pace that fills it before the reset is amber, and binds first', limits: [weekly(60), session(70)], health: 'close', binding: 'five_hour', fullAt: NOW - 3 * HOUR + (3 * HOUR * 100) / 70 },
    { case: 'a pace that fills it only after the reset is fine', limits: [session(50)], health: 'ok', binding: 'five_hour' },
    { case: 'red outranks a pace', limits: [session(70), weekly(95)], health: 'low', binding: 'seven_day' },
    { case: 'a window full to 100% is low', limits: [session(100)], health: 'low', binding: 'five_hour' },
    { case: 'a window not started has no pace', limits: [session(0, { resetsAt: null })], health: 'ok', binding: 'five_hour' },
    { case: 'a burst right after a reset says nothing of the pace', limits: [session(20, { resetsAt: NOW + 5 * HOUR - 5 * 60_000 })], health: 'ok', binding: 'five_hour' },
  ])('$case', ({ limits, health, binding, fullAt }) => {
    const a = at(limits);
    expect([a.health, a.lead, a.limits[0]?.limit.id]).toEqual([health, 'limit', binding]);
    if (fullAt !== undefined) expect(a.limits[0]?.fullAt).toBe(Math.round(fullAt));
  });

  it('the warning follows the account: "Warn when a limit is above" 80%', () => {
    expect(at([weekly(85)], makeAccount({ provider: 'claude', limitWarnPercent: 80 })).health).toBe('low');
  });

  it.each([
    { case: 'signed out is its own state, worst after a rejected key', kind: 'signed-out' as const, failures: 1, health: 'signed-out' },
    { case: 'a bot check needs the user at once: failing after one try, the last values kept', kind: 'bot-check' as const, failures: 1, health: 'failing' },
  ])('$case', ({ kind, failures, health }) => {
    const a = assess(makeAccount({ provider: 'claude' }), stateWith(limitSnapshot([weekly(40)], NOW), { error: { kind, message: '', at: NOW }, failures }), NOW, 5);
    expect([a.health, a.limits[0]?.limit.usedPercent]).toEqual([health, 40]);
  });

  it('worst first across units: a window at 95% before a balance just under its threshold', () => {
    const claude = at([weekly(95)]);
    const work = assess(makeAccount({ id: 'w' }), stateWith(paygSnapshot(4.9, NOW)), NOW, 5);
    expect(worstFirst([work, claude]).map((a) => a.account.provider)).toEqual(['claude', 'apertis']);
  });
});

describe('assess: limits as time passes (issue 20)', () => {
  const HOUR_ = 3_600_000;
  const claude = makeAccount({ provider: 'claude' });
  it('a full window binds before one that is only filling', () => {
    const limits: Limit[] = [
      { id: 'seven_day', kind: 'weekly', usedPercent: 92, resetsAt: NOW + 2 * 24 * HOUR_, windowMs: 7 * 24 * HOUR_ },
      { id: 'five_hour', kind: 'session', usedPercent: 100, resetsAt: NOW + HOUR_, windowMs: 5 * HOUR_ },
    ];
    expect(assess(claude, stateWith(limitSnapshot(limits, NOW)), NOW, 5).limits[0]?.limit.id).toBe('five_hour');
  });

  it('a window whose reset has passed since the reading is neither red nor amber, and goes last', () => {
    const limits: Limit[] = [
      { id: 'five_hour', kind: 'session', usedPercent: 95, resetsAt: NOW - 60_000, windowMs: 5 * HOUR_ },
      { id: 'seven_day', kind: 'weekly', usedPercent: 20, resetsAt: NOW + 24 * HOUR_, windowMs: 7 * 24 * HOUR_ },
    ];
    const a = assess(claude, stateWith(limitSnapshot(limits, NOW - HOUR_)), NOW, 5);
    expect([a.health, a.limits.map((v) => [v.limit.id, !!v.past])]).toEqual(['ok', [['seven_day', false], ['five_hour', true]]]);
  });

  it('a signed-in reading is stale only after three 5-minute reads, even with a 1-minute interval', () => {
    const reading = { ...limitSnapshot([{ id: 'plan', kind: 'monthly', usedPercent: 10 }], NOW - 8 * 60_000), signedIn: true as const };
    expect(assess(claude, stateWith(reading), NOW, 1).stale).toBe(false);
    expect(assess(claude, stateWith({ ...reading, readAt: NOW - 16 * 60_000 }), NOW, 1).stale).toBe(true);
  });
});
