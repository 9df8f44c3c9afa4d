import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';
import type { Limit } from '../model/balance';
import { describeForecast, describeReason, describeValue, errorWords, healthWords } from './describe-row';
import { ERROR_KINDS } from '../model/errors';
import { createFormatter } from './format';
import { assess, HEALTH_ORDER } from '../judge/assess';
import { catalogue, creditsSnapshot, cycleSnapshot, limitSnapshot, makeAccount, paygSnapshot, stateWith } from '../testing';

const NOW = Date.UTC(2026, 10, 22, 12);
const DAY = 86_400_000;
const tEn = catalogue(en);
const fEn = createFormatter('en-US', tEn);

describe('a popup row: the number that matters and why', () => {
  const sub = (remaining: number, extra: object = {}) => {
    const s = cycleSnapshot(remaining, 5000, NOW);
    return { ...s, remaining: 0.95, cycle: { ...s.cycle!, end: NOW + 10 * DAY, ...extra } };
  };
  const err = (kind: 'auth' | 'server' | 'timeout' | 'insufficient', failures = 1) => ({ error: { kind, message: '', at: NOW }, failures });
  it.each<{ case: string; account?: object; snapshot?: ReturnType<typeof paygSnapshot>; extra?: object; value: string; why: string; forecast?: string }>([
    { case: 'a low balance names its threshold', snapshot: paygSnapshot(3.12, NOW), value: '$3.12', why: '$3.12 (warn < $5.00)' },
    { case: 'getting close names it too', snapshot: paygSnapshot(7.5, NOW), value: '$7.50', why: '$7.50 (warn < $5.00)' },
    { case: 'overdrawn says so', snapshot: paygSnapshot(-2, NOW), value: '-$2.00', why: 'Overdrawn by $2.00 (warn < $5.00)' },
    { case: 'a subscriber without fallback leads with quota left and its renewal', snapshot: sub(3200), value: '3,200 left', why: 'OK · renews in 10d' },
    { case: 'a low quota names the quota and its threshold', snapshot: sub(250), value: '250 left', why: 'Quota 5% left (warn < 10%)' },
    { case: 'an exhausted quota says so with the date', snapshot: sub(0), value: '0 left', why: 'Quota used up · renews Dec 2' },
    { case: 'a cancelled plan spends its PAYG balance: that leads', snapshot: sub(0, { status: 'cancelled' }), value: '$0.95', why: '$0.95 (warn < $5.00)' },
    { case: 'a forecast under a day is low and shown', snapshot: paygSnapshot(40, NOW), extra: { daysLeft: 0.8 }, value: '$40.00', why: 'Runs out in ~19h (warn < 1d)', forecast: '~19h' },
    { case: 'a forecast under three days is getting close', snapshot: paygSnapshot(40, NOW), extra: { daysLeft: 2.4 }, value: '$40.00', why: 'Runs out in ~2d (warn < 3d)', forecast: '~2d' },
    { case: 'a rejected key says so', snapshot: paygSnapshot(40, NOW), extra: err('auth'), value: '$40.00', why: 'API key rejected' },
    { case: 'a failing account gives the error', snapshot: paygSnapshot(40, NOW), extra: err('server', 3), value: '$40.00', why: 'Server error' },
    { case: 'one failed read on a healthy account is added after OK', snapshot: paygSnapshot(40, NOW), extra: err('timeout'), value: '$40.00', why: 'OK · Last read failed: Timed out' },
    { case: 'out of credits (402)', snapshot: creditsSnapshot(900, NOW), account: { provider: 'apikley', warnBelow: 500 }, extra: err('insufficient'), value: '0 credits', why: 'Out of credits' },
    { case: 'never read', value: '', why: 'Not read yet' },
    { case: 'under an hour left is "<1h", never "~<1h"', snapshot: paygSnapshot(40, NOW), extra: { daysLeft: 0.02 }, value: '$40.00', why: 'Runs out in <1h (warn < 1d)', forecast: '<1h' },
    { case: 'a last good value getting old says when it was read', snapshot: paygSnapshot(40, NOW - 20 * 60_000), value: '$40.00', why: 'Last read 20 min. ago' },
  ])('$case', ({ account, snapshot, extra, value, why, forecast = '' }) => {
    const state = snapshot || extra ? stateWith(snapshot, extra ?? {}) : undefined;
    const a = assess(makeAccount(account), state, NOW, 5);
    expect(describeValue(a, snapshot, tEn, fEn)).toBe(value);
    expect(describeReason(a, state?.error, tEn, fEn, NOW)).toBe(why);
    expect(describeForecast(a, fEn)).toBe(forecast);
  });

  it('says it in Russian with Russian numbers', () => {
    const tRu = catalogue(ru);
    const a = assess(makeAccount(), stateWith(paygSnapshot(3.12, NOW)), NOW, 5);
    expect(describeReason(a, undefined, tRu, createFormatter('ru', tRu), NOW)).toBe('3,12\u00a0$ (порог < 5,00\u00a0$)');
  });
});

describe('a signed-in site: the limit that binds first, in words (issue 20)', () => {
  const HOUR = 3_600_000;
  // NOW is a Sunday at noon UTC: Tuesday 9:00 AM is two days on, less three hours.
  const TUE_9 = NOW + 2 * DAY - 3 * HOUR;
  const weekly = (usedPercent: number, extra: object = {}): Limit => ({ id: 'seven_day', kind: 'weekly' as const, usedPercent, resetsAt: TUE_9, windowMs: 7 * DAY, ...extra });
  const session = (usedPercent: number, extra: object = {}): Limit => ({ id: 'five_hour', kind: 'session' as const, usedPercent, resetsAt: NOW + 80 * 60_000, windowMs: 5 * HOUR, ...extra });
  const rowOf = (limits: Limit[], state: object = {}, t = tEn, f = fEn) => {
    const s = stateWith(limitSnapshot(limits, NOW), state);
    const a = assess(makeAccount({ provider: 'claude', name: 'Claude Max' }), s, NOW, 5);
    return { value: describeValue(a, s.snapshot, t, f), why: describeReason(a, s.error, t, f, NOW) };
  };

  it.each([
    { case: 'OK: the fullest window and when it resets, a weekday within the week', limits: [weekly(18), session(10)], value: '18%', why: 'Weekly 18% used · resets Sun 9:00 AM'.replace('Sun', 'Tue') },
    { case: 'over the warning: its threshold named', limits: [weekly(92)], value: '92%', why: 'Weekly 92% used (warn ≥ 90%) · resets Tue 9:00 AM' },
    { case: 'full, resetting within a day: how long', limits: [session(100)], value: '100%', why: '5-hour 100% used (warn ≥ 90%) · resets in 1 h 20 min' },
    // Started 3 h 40 min ago (resets in 1 h 20 min of 5 h) at 80%: full after 275 of 300 minutes.
    { case: 'a pace that fills it first says how long before', limits: [session(80)], value: '80%', why: '5-hour 80% used · on pace to reach it about 25 min before it resets' },
    { case: 'a window not started says so, never "resets now"', limits: [weekly(0, { id: 'seven_day_cowork', scope: 'Cowork', resetsAt: null })], value: '0%', why: 'Weekly Cowork 0% used · not started' },
    { case: 'a percent is rounded up: a window never looks emptier than it is', limits: [weekly(89.2, { windowMs: undefined })], value: '90%', why: 'Weekly 90% used · resets Tue 9:00 AM' },
    { case: 'a pace a day or more ahead says it in days', limits: [weekly(89)], value: '89%', why: 'Weekly 89% used · on pace to reach it about 1 day before it resets' },
    { case: 'a spend cap by its name', limits: [{ id: 'extra_usage', kind: 'spend' as const, usedPercent: 25, used: 12.5, limit: 50 }], value: '25%', why: 'Extra usage 25% used' },
  ])('$case', ({ limits, value, why }) => {
    expect(rowOf(limits)).toEqual({ value, why });
  });

  it.each([
    { case: 'signed out names the site', error: { kind: 'signed-out', site: 'claude.ai' }, why: 'Not signed in to claude.ai' },
    { case: 'a bot check asks for a tab, the last values kept', error: { kind: 'bot-check', site: 'claude.ai' }, why: 'claude.ai asks you to open it in a tab once' },
  ])('$case', ({ error, why }) => {
    const row = rowOf([weekly(40)], { error: { ...error, message: '', at: NOW }, failures: 1 });
    expect(row).toEqual({ value: '40%', why });
  });

  it('in Russian', () => {
    const tRu = catalogue(ru);
    expect(rowOf([weekly(92)], {}, tRu, createFormatter('ru', tRu)).why).toBe('Неделя: использовано 92\u00a0% (предупреждать от 90\u00a0%) · сброс вт 09:00');
  });
});

describe('the words of every error kind and health are in both catalogues', () => {
  it.each(ERROR_KINDS.map((kind) => ({ kind })))('$kind', ({ kind }) => {
    expect([en, ru].map((m) => Object.hasOwn(m, errorWords(kind)))).toEqual([true, true]);
  });
  it.each(HEALTH_ORDER.map((health) => ({ health })))('$health', ({ health }) => {
    expect([en, ru].map((m) => Object.hasOwn(m, healthWords(health)))).toEqual([true, true]);
  });
});
