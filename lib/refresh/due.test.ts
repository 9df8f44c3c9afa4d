import { describe, expect, it } from 'vitest';
import type { BalanceSnapshot } from '../model/balance';
import type { Result } from '../model/errors';
import type { AccountState } from '../store/storage';
import { paygSnapshot, stateWith } from '../testing';
import { DUE_SLACK_MS, isDue, nextState, type RefreshReason } from './due';

const MIN = 60_000;
const NOW = 1_000 * MIN;
const I = 5 * MIN;

describe('isDue: one rule for the alarm, a worker start (catch-up) and the popup opening', () => {
  const authError = { error: { kind: 'auth' as const, message: '', at: NOW - MIN }, failures: 1 };
  it.each<{ case: string; state?: AccountState; reason: RefreshReason; due: boolean }>([
    { case: 'a never-read account is due', state: undefined, reason: 'scheduled', due: true },
    { case: 'an account read a full interval ago is due', state: stateWith(paygSnapshot(9), { lastAttemptAt: NOW - I }), reason: 'scheduled', due: true },
    { case: 'an alarm a little early still reads an account read one interval ago', state: stateWith(paygSnapshot(9), { lastAttemptAt: NOW - I + DUE_SLACK_MS }), reason: 'scheduled', due: true },
    { case: 'a wake after sleep does not re-read what the alarm just read (catch-up)', state: stateWith(paygSnapshot(9), { lastAttemptAt: NOW - 2_000 }), reason: 'scheduled', due: false },
    { case: 'data younger than the interval is not re-read when the popup opens', state: stateWith(paygSnapshot(9), { lastAttemptAt: NOW - 2 * MIN }), reason: 'scheduled', due: false },
    { case: 'backoff holds back a scheduled read', state: stateWith(undefined, { failures: 2, lastAttemptAt: NOW - I, nextAttemptAt: NOW + 3 * MIN }), reason: 'scheduled', due: false },
    { case: 'backoff ending within the slack counts as over', state: stateWith(undefined, { failures: 2, lastAttemptAt: NOW - I, nextAttemptAt: NOW + 10_000 }), reason: 'scheduled', due: true },
    { case: 'manual refresh bypasses backoff', state: stateWith(undefined, { failures: 2, nextAttemptAt: NOW + 3 * MIN }), reason: 'manual', due: true },
    { case: 'manual refresh reads fresh data again', state: stateWith(paygSnapshot(9), { lastAttemptAt: NOW - 1_000 }), reason: 'manual', due: true },
    { case: 'Retry-After holds back a scheduled read', state: stateWith(undefined, { retryAt: NOW + MIN }), reason: 'scheduled', due: false },
    { case: 'Retry-After holds back even a manual refresh', state: stateWith(undefined, { retryAt: NOW + MIN }), reason: 'manual', due: false },
    { case: 'Retry-After holds back a just-saved account', state: stateWith(undefined, { retryAt: NOW + MIN }), reason: 'account', due: false },
    { case: 'a passed Retry-After no longer holds back', state: stateWith(undefined, { retryAt: NOW - 1 }), reason: 'scheduled', due: true },
    { case: 'a rejected key is not retried on schedule', state: stateWith(paygSnapshot(9), { ...authError, lastAttemptAt: NOW - 10 * I }), reason: 'scheduled', due: false },
    { case: 'a rejected key is retried when the user presses Refresh', state: stateWith(paygSnapshot(9), authError), reason: 'manual', due: true },
    {
      case: 'signed out of a site: the next scheduled read checks again (no loop, no backoff past the interval)',
      state: nextState(stateWith(paygSnapshot(9), { failures: 3 }), { ok: false, error: { kind: 'signed-out', message: '' } }, NOW - I, I, () => 0.5),
      reason: 'scheduled',
      due: true,
    },
  ])('$case', ({ state, reason, due }) => {
    expect(isDue(state, reason, NOW, I)).toBe(due);
  });
});

describe('nextState', () => {
  const good = paygSnapshot(9, NOW);
  const prev = stateWith(paygSnapshot(12, NOW - I), { alerts: { lowBalance: true }, daysLeft: 4 });
  it.each<{ case: string; prev: AccountState; result: Result<BalanceSnapshot>; expected: AccountState }>([
    {
      case: 'success replaces the snapshot and clears failures, keeping the binding and alert state',
      prev: { ...prev, failures: 3, error: { kind: 'server', message: '', at: 1 }, nextAttemptAt: 5 },
      result: { ok: true, value: good },
      expected: { for: prev.for, snapshot: good, failures: 0, lastAttemptAt: NOW, alerts: { lowBalance: true } },
    },
    {
      case: 'failure keeps the last good snapshot and forecast beside the error, backing off one interval',
      prev,
      result: { ok: false, error: { kind: 'timeout', message: 'Timed out' } },
      expected: { ...prev, error: { kind: 'timeout', message: 'Timed out', at: NOW }, failures: 1, lastAttemptAt: NOW, nextAttemptAt: NOW + I },
    },
    {
      case: 'a third failure backs off four intervals',
      prev: { ...prev, failures: 2 },
      result: { ok: false, error: { kind: 'server', message: 'x', status: 503 } },
      expected: { ...prev, error: { kind: 'server', message: 'x', status: 503, at: NOW }, failures: 3, lastAttemptAt: NOW, nextAttemptAt: NOW + 4 * I },
    },
    {
      case: 'rate limited with Retry-After waits until then',
      prev,
      result: { ok: false, error: { kind: 'rate-limited', message: '', status: 429, retryAt: NOW + 20 * MIN } },
      expected: { ...prev, error: { kind: 'rate-limited', message: '', status: 429, retryAt: NOW + 20 * MIN, at: NOW }, failures: 1, lastAttemptAt: NOW, nextAttemptAt: NOW + 20 * MIN, retryAt: NOW + 20 * MIN },
    },
  ])('$case', ({ prev, result, expected }) => {
    expect(nextState(prev, result, NOW, I, () => 1)).toEqual(expected);
  });
});
