import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Account } from '../account';
import type { BalanceSnapshot } from '../balance';
import { createEngine, isDue, nextState, type RefreshReason } from './engine';
import type { Result } from '../errors';
import { accountsItem, engineItem, getHistories, historyKey, settingsItem, statesItem, DEFAULT_SETTINGS, type AccountState } from '../store/storage';
import { historySamples } from '../history';
import { creditsSnapshot, makeAccount, paygSnapshot, stateWith } from '../testing';

const MIN = 60_000;
const NOW = 1_000 * MIN;
const I = 5 * MIN;

describe('isDue', () => {
  const acc = makeAccount();
  const authError = { error: { kind: 'auth' as const, message: '', at: NOW - MIN }, failures: 1 };
  it.each<{ case: string; state?: AccountState; reason: RefreshReason; due: boolean }>([
    { case: 'a new account is due on the alarm', state: undefined, reason: 'alarm', due: true },
    { case: 'a healthy account is due on the alarm', state: stateWith(paygSnapshot(9)), reason: 'alarm', due: true },
    { case: 'backoff holds back the alarm', state: stateWith(undefined, { failures: 2, nextAttemptAt: NOW + 3 * MIN }), reason: 'alarm', due: false },
    { case: 'backoff ending within the alarm slack counts as over', state: stateWith(undefined, { failures: 2, nextAttemptAt: NOW + 10_000 }), reason: 'alarm', due: true },
    { case: 'manual refresh bypasses backoff', state: stateWith(undefined, { failures: 2, nextAttemptAt: NOW + 3 * MIN }), reason: 'manual', due: true },
    { case: 'Retry-After holds back the alarm', state: stateWith(undefined, { retryAt: NOW + MIN }), reason: 'alarm', due: false },
    { case: 'Retry-After holds back even a manual refresh', state: stateWith(undefined, { retryAt: NOW + MIN }), reason: 'manual', due: false },
    { case: 'Retry-After holds back an edited account', state: stateWith(undefined, { retryAt: NOW + MIN }), reason: 'account', due: false },
    { case: 'a passed Retry-After no longer holds back', state: stateWith(undefined, { retryAt: NOW - 1 }), reason: 'alarm', due: true },
    { case: 'a rejected key is not retried by the alarm', state: stateWith(paygSnapshot(9), authError), reason: 'alarm', due: false },
    { case: 'a rejected key is not retried when the popup opens', state: stateWith(paygSnapshot(9), authError), reason: 'popup', due: false },
    { case: 'a rejected key is retried when the user presses refresh', state: stateWith(paygSnapshot(9), authError), reason: 'manual', due: true },
    { case: 'popup: data older than the interval is refreshed', state: stateWith(paygSnapshot(9), { lastAttemptAt: NOW - 6 * MIN }), reason: 'popup', due: true },
    { case: 'popup: fresh data is not refreshed', state: stateWith(paygSnapshot(9), { lastAttemptAt: NOW - 2 * MIN }), reason: 'popup', due: false },
    { case: 'popup: never read is refreshed', state: undefined, reason: 'popup', due: true },
  ])('$case', ({ state, reason, due }) => {
    expect(isDue(acc, state, reason, NOW, I)).toBe(due);
  });
});

describe('nextState', () => {
  const good = paygSnapshot(9, NOW);
  const prev = stateWith(paygSnapshot(12, NOW - I), { alerts: { lowBalance: true } });
  it.each<{ case: string; prev: AccountState; result: Result<BalanceSnapshot>; expected: AccountState }>([
    {
      case: 'success replaces the snapshot and clears failures, keeping alert state',
      prev: { ...prev, failures: 3, error: { kind: 'server', message: '', at: 1 }, nextAttemptAt: 5 },
      result: { ok: true, value: good },
      expected: { snapshot: good, failures: 0, lastAttemptAt: NOW, alerts: { lowBalance: true } },
    },
    {
      case: 'failure keeps the last good snapshot beside the error, backing off one interval',
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

describe('createEngine', () => {
  let reads: Account[];
  let answers: Map<string, Result<BalanceSnapshot> | Promise<Result<BalanceSnapshot>>>;
  const notify = vi.fn(async () => {});
  const render = vi.fn(async () => {});

  function engine(concurrency = 6) {
    return createEngine({
      api: {
        read: async (account) => {
          reads.push(account as Account);
          return (await answers.get(account.key)) ?? { ok: true, value: paygSnapshot(50, NOW) };
        },
      },
      now: () => NOW,
      random: () => 1,
      hasPermission: async (a) => !a.baseUrl.includes('no-permission'),
      notify,
      render,
      concurrency,
    });
  }

  beforeEach(async () => {
    fakeBrowser.reset();
    reads = [];
    answers = new Map();
    notify.mockClear();
    render.mockClear();
    await settingsItem.setValue(DEFAULT_SETTINGS);
  });

  it('stores every result of a cycle in one storage write', async () => {
    await accountsItem.setValue(Array.from({ length: 10 }, (_, i) => makeAccount({ id: `a${i}`, key: `k${i}` })));
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await engine().refresh({ reason: 'alarm' });
    expect(set).toHaveBeenCalledTimes(1);
    const states = await statesItem.getValue();
    expect(Object.keys(states)).toHaveLength(10);
    expect(states.a3?.snapshot?.remaining).toBe(50);
    expect((await engineItem.getValue()).lastCycleAt).toBe(NOW);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('a cycle with nothing due reads nothing and writes nothing', async () => {
    await accountsItem.setValue([makeAccount({ key: 'k' })]);
    await statesItem.setValue({ a1: stateWith(paygSnapshot(50, NOW), { lastAttemptAt: NOW - MIN }) });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    expect(await engine().refresh({ reason: 'popup' })).toEqual({ refreshed: 0 });
    expect(reads).toEqual([]);
    expect(set).not.toHaveBeenCalled();
  });

  it('reads accounts in parallel, never more than the bound at once', async () => {
    await accountsItem.setValue(Array.from({ length: 14 }, (_, i) => makeAccount({ id: `a${i}`, key: `k${i}` })));
    let inFlight = 0;
    let peak = 0;
    const slow = async (): Promise<Result<BalanceSnapshot>> => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { ok: true, value: paygSnapshot(50, NOW) };
    };
    for (let i = 0; i < 14; i++) answers.set(`k${i}`, undefined as never);
    const e = createEngine({ api: { read: slow }, now: () => NOW, random: () => 1, hasPermission: async () => true, notify, render, concurrency: 6 });
    await e.refresh({ reason: 'alarm' });
    expect(peak).toBe(6);
  });

  it('keeps the last good value when a read fails, and notifies a low balance once', async () => {
    await accountsItem.setValue([makeAccount({ key: 'low' })]);
    answers.set('low', { ok: true, value: paygSnapshot(2, NOW) });
    const e = engine();
    await e.refresh({ reason: 'alarm' });
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith({ reason: 'lowBalance' }, expect.objectContaining({ balance: 2 }));

    answers.set('low', { ok: false, error: { kind: 'timeout', message: 'Timed out' } });
    await e.refresh({ reason: 'manual' });
    const state = (await statesItem.getValue()).a1;
    expect(state?.snapshot?.remaining).toBe(2);
    expect(state?.error?.kind).toBe('timeout');

    answers.set('low', { ok: true, value: paygSnapshot(1.5, NOW) });
    await e.refresh({ reason: 'manual' });
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('does not notify when notifications are off, but still records the crossing', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, notifications: false });
    await accountsItem.setValue([makeAccount({ key: 'low' })]);
    answers.set('low', { ok: true, value: paygSnapshot(1, NOW) });
    await engine().refresh({ reason: 'alarm' });
    expect(notify).not.toHaveBeenCalled();
    expect((await statesItem.getValue()).a1?.alerts).toEqual({ lowBalance: true });
  });

  it('refreshes only the requested accounts', async () => {
    await accountsItem.setValue([makeAccount({ id: 'x', key: 'kx' }), makeAccount({ id: 'y', key: 'ky' })]);
    await engine().refresh({ reason: 'account', ids: ['y'] });
    expect(reads.map((a) => a.id)).toEqual(['y']);
  });

  it('reports a missing host permission without sending a request', async () => {
    await accountsItem.setValue([makeAccount({ baseUrl: 'https://no-permission.example' })]);
    await engine().refresh({ reason: 'alarm' });
    expect(reads).toEqual([]);
    expect((await statesItem.getValue()).a1?.error?.kind).toBe('permission');
  });

  it('drops the state of an account removed meanwhile, and forget erases one', async () => {
    await accountsItem.setValue([makeAccount({ id: 'keep', key: 'k1' }), makeAccount({ id: 'gone', key: 'k2' })]);
    const e = engine();
    await e.refresh({ reason: 'alarm' });
    await accountsItem.setValue([makeAccount({ id: 'keep', key: 'k1' })]);
    await e.refresh({ reason: 'alarm' });
    expect(Object.keys(await statesItem.getValue())).toEqual(['keep']);
    await e.forget(['keep']);
    expect(await statesItem.getValue()).toEqual({});
  });

  it('appends each good read to the account history in the same single write', async () => {
    await accountsItem.setValue([makeAccount({ key: 'k' })]);
    let clock = NOW;
    const e = createEngine({
      api: { read: async () => ({ ok: true, value: paygSnapshot(50 - (clock - NOW) / I, clock) }) },
      now: () => clock,
      random: () => 1,
      hasPermission: async () => true,
      notify,
      render,
    });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    for (let i = 0; i < 3; i++) {
      await e.refresh({ reason: 'alarm' });
      clock += I;
    }
    expect(set).toHaveBeenCalledTimes(3);
    expect(Object.keys(set.mock.calls[0]![0] as object).sort()).toEqual(['engine', 'engine$', 'history:a1', 'states', 'states$']);
    const history = (await getHistories(['a1'])).a1;
    expect(historySamples(history).map((s) => s.balance)).toEqual([50, 49, 48]);
  });

  it('a failed read adds nothing to the history', async () => {
    await accountsItem.setValue([makeAccount({ key: 'down' })]);
    answers.set('down', { ok: false, error: { kind: 'server', message: '' } });
    await engine().refresh({ reason: 'alarm' });
    expect(await fakeBrowser.storage.local.get(historyKey('a1').replace('local:', ''))).toEqual({});
  });

  it('notifies a top-up when the balance jumps up', async () => {
    await accountsItem.setValue([makeAccount({ key: 'k' })]);
    answers.set('k', { ok: true, value: paygSnapshot(10, NOW) });
    let clock = NOW;
    const e = createEngine({
      api: { read: async (a) => (await answers.get(a.key))! },
      now: () => clock,
      random: () => 1,
      hasPermission: async () => true,
      notify,
      render,
    });
    await e.refresh({ reason: 'alarm' });
    clock += I;
    answers.set('k', { ok: true, value: paygSnapshot(60, clock) });
    await e.refresh({ reason: 'alarm' });
    expect(notify).toHaveBeenCalledWith({ reason: 'topUp', amount: 50 }, expect.objectContaining({ balance: 60 }));
  });

  it('a corrupt stored history is replaced, not trusted', async () => {
    await accountsItem.setValue([makeAccount({ key: 'k' })]);
    await fakeBrowser.storage.local.set({ 'history:a1': { v: 9, samples: 'nope' } });
    await engine().refresh({ reason: 'alarm' });
    expect(historySamples((await getHistories(['a1'])).a1).map((s) => s.balance)).toEqual([50]);
  });

  it('forget erases the account history too', async () => {
    await accountsItem.setValue([makeAccount({ key: 'k' })]);
    const e = engine();
    await e.refresh({ reason: 'alarm' });
    expect((await getHistories(['a1'])).a1).toBeDefined();
    await e.forget(['a1']);
    expect((await getHistories(['a1'])).a1).toBeUndefined();
  });

  it('serializes overlapping refreshes so writes never interleave', async () => {
    await accountsItem.setValue([makeAccount({ key: 'k' })]);
    let release!: (r: Result<BalanceSnapshot>) => void;
    answers.set('k', new Promise((r) => (release = r)));
    const e = engine();
    const first = e.refresh({ reason: 'alarm' });
    const second = e.refresh({ reason: 'manual' });
    await new Promise((r) => setTimeout(r, 5));
    expect(reads).toHaveLength(1);
    release({ ok: true, value: creditsSnapshot(10, NOW) });
    answers.set('k', { ok: true, value: creditsSnapshot(20, NOW) });
    await Promise.all([first, second]);
    expect(reads).toHaveLength(2);
    expect((await statesItem.getValue()).a1?.snapshot?.remaining).toBe(20);
  });
});
