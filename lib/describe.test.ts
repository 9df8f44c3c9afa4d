import { describe, expect, it } from 'vitest';
import en from '../public/_locales/en/messages.json';
import ru from '../public/_locales/ru/messages.json';
import { describeAccountLine, describeCycleEnd, describeForecast, describeReason, describeToolbar, describeValue } from './describe';
import { createFormatter } from './format';
import type { Translate } from './i18n';
import { assess } from './judge/assess';
import { creditsSnapshot, cycleSnapshot, makeAccount, paygSnapshot, stateWith } from './testing';

const NOW = Date.UTC(2026, 10, 22, 12);
const DAY = 86_400_000;

/** The real catalogue, with the browser's $1 substitution. */
function catalogue(messages: Record<string, { message: string }>): Translate {
  return (key, subs) => {
    const values = subs === undefined ? [] : [subs].flat();
    return messages[key]?.message.replace(/\$(\d)/g, (_, n: string) => values[Number(n) - 1] ?? '') ?? key;
  };
}
const tEn = catalogue(en);
const fEn = createFormatter('en-US', tEn);

const accountWith = (i: number, remaining: number) =>
  assess(makeAccount({ id: `a${i}`, name: `Key ${i}`, key: `k${i}` }), stateWith(paygSnapshot(remaining, NOW)), NOW, 5);

describe('describeToolbar: a tooltip that scales', () => {
  it('a summary first, then worst first, at most 10 lines, then how many more are OK', () => {
    // 100 accounts, the low one added 59th.
    const assessments = Array.from({ length: 100 }, (_, i) => accountWith(i, i === 58 ? 1 : 40 + i));
    const lines = describeToolbar(assessments, {}, tEn, fEn).split('\n');
    expect(lines[0]).toBe('Credit Gauge: 1 account needs attention');
    expect(lines[1]).toBe('Key 58: $1.00 left — low');
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('…and 90 more OK');
    expect(lines.join('\n').length).toBeLessThan(400);
  });

  it('paused accounts are only counted, at the end: they never need attention', () => {
    const paused = assess(makeAccount({ id: 'p', name: 'Idle', paused: true }), stateWith(paygSnapshot(0.5, NOW)), NOW, 5);
    const lines = describeToolbar([paused, accountWith(1, 50)], {}, tEn, fEn).split('\n');
    expect(lines).toEqual(['Credit Gauge: All OK', 'Key 1: $50.00 left', '1 account paused']);
  });

  it.each([
    { case: 'all well', remaining: [40, 50], first: 'Credit Gauge: All OK', last: 'Key 1: $50.00 left' },
    { case: 'two low', remaining: [1, 2, 50], first: 'Credit Gauge: 2 accounts need attention', last: 'Key 2: $50.00 left' },
  ])('$case', ({ remaining, first, last }) => {
    const lines = describeToolbar(remaining.map((r, i) => accountWith(i, r)), {}, tEn, fEn).split('\n');
    expect(lines[0]).toBe(first);
    expect(lines.at(-1)).toBe(last);
  });

  it('says "…and N more" when not all of the rest are OK', () => {
    const assessments = Array.from({ length: 12 }, (_, i) => accountWith(i, 1));
    expect(describeToolbar(assessments, {}, tEn, fEn).split('\n').at(-1)).toBe('…and 2 more');
  });

  it('Russian plurals come from Intl.PluralRules', () => {
    const tRu = catalogue(ru);
    const fRu = createFormatter('ru-RU', tRu);
    const low = (n: number) => Array.from({ length: n }, (_, i) => accountWith(i, 1));
    expect(describeToolbar(low(1), {}, tRu, fRu).split('\n')[0]).toBe('Credit Gauge: 1 аккаунт требует внимания');
    expect(describeToolbar(low(3), {}, tRu, fRu).split('\n')[0]).toBe('Credit Gauge: 3 аккаунта требуют внимания');
    expect(describeToolbar(low(5), {}, tRu, fRu).split('\n')[0]).toBe('Credit Gauge: 5 аккаунтов требуют внимания');
  });

  it('no accounts: the call to add one', () => {
    expect(describeToolbar([], {}, tEn, fEn)).toBe('Credit Gauge — add an account in Settings');
  });
});

describe('account words for real-world values', () => {
  it('an overdrawn balance says so', () => {
    const a = accountWith(0, -3.2);
    expect(describeAccountLine(a, undefined, tEn, fEn)).toBe('Key 0: overdrawn by $3.20 — low');
  });

  it.each([
    { case: 'active and renewing', status: 'active', end: NOW + 10 * DAY, expected: { term: 'Cycle ends', value: 'Dec 2 (10 days left)' } },
    { case: 'ended and not renewed', status: 'active', end: NOW - 10 * DAY, expected: { term: 'Cycle ended', value: 'Nov 12, waiting to renew' } },
    { case: 'cancelled: no promise of a renewal', status: 'cancelled', end: NOW + 3 * DAY, expected: { term: 'Cycle ends', value: 'Nov 25 (3 days left), cancelled: does not renew' } },
    { case: 'cancelled and ended: no renewal promised either', status: 'cancelled', end: NOW - 2 * DAY, expected: { term: 'Cycle ended', value: 'Nov 20, cancelled: not renewed' } },
    { case: 'suspended', status: 'suspended', end: NOW + 3 * DAY, expected: { term: 'Cycle ends', value: 'Suspended: the quota does not renew' } },
  ])('cycle end: $case', ({ status, end, expected }) => {
    expect(describeCycleEnd({ status, end }, NOW, tEn, fEn)).toEqual(expected);
  });
});

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
