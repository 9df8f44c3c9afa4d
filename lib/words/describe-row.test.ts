import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';
import { describeForecast, describeReason, describeValue } from './describe-row';
import { createFormatter } from './format';
import { assess } from '../judge/assess';
import { catalogue, creditsSnapshot, cycleSnapshot, makeAccount, paygSnapshot, stateWith } from '../testing';

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
