import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';
import { describeAccountLine, describeCycleEnd, describeToolbar } from './describe';
import { createFormatter } from './format';
import { assess } from '../judge/assess';
import { catalogue, limitSnapshot, makeAccount, paygSnapshot, stateWith } from '../testing';

const NOW = Date.UTC(2026, 10, 22, 12);
const DAY = 86_400_000;

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

describe('describeAccountLine: a signed-in site (issue 20)', () => {
  it('names the window that binds first and when it resets', () => {
    // NOW is a Sunday at noon UTC: Tuesday 9:00 AM is two days on, less three hours.
    const limits = [{ id: 'seven_day', kind: 'weekly' as const, usedPercent: 92, resetsAt: NOW + 2 * DAY - 3 * 3_600_000, windowMs: 7 * DAY }];
    const a = assess(makeAccount({ name: 'Claude Max', provider: 'claude' }), stateWith(limitSnapshot(limits, NOW)), NOW, 5);
    expect(describeAccountLine(a, undefined, tEn, fEn, NOW)).toBe('Claude Max: weekly 92% used, resets Tue 9:00 AM');
  });

  it('signed out says so, naming the site', () => {
    const state = stateWith(limitSnapshot([], NOW), { error: { kind: 'signed-out', message: '', at: NOW, site: 'claude.ai' }, failures: 1 });
    const a = assess(makeAccount({ name: 'Claude Max', provider: 'claude' }), state, NOW, 5);
    expect(describeAccountLine(a, state.error, tEn, fEn, NOW)).toBe('Claude Max: Not signed in to claude.ai');
  });
});
