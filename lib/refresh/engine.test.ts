import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Account } from '../model/account';
import type { BalanceSnapshot } from '../model/balance';
import type { Result } from '../model/errors';
import { allSeries, historySamples } from '../judge/history';
import { fingerprint } from '../store/fingerprint';
import { readHistories } from '../store/histories';
import { historyKey, readStates, stateKey } from '../store/records';
import { accountsItem, activityItem, settingsItem, DEFAULT_SETTINGS, type AccountState } from '../store/storage';
import { creditsSnapshot, makeAccount, paygSnapshot, stateWith } from '../testing';
import { createEngine } from './engine';

const MIN = 60_000;
const NOW = 1_000 * MIN;

type Answer = Result<BalanceSnapshot> | Promise<Result<BalanceSnapshot>> | (() => Promise<Result<BalanceSnapshot>>);

/** A promise with its resolve function, to hold a read open. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const accountsOf = (n: number, extra: Partial<Account> = {}) =>
  Array.from({ length: n }, (_, i) => makeAccount({ id: `a${i}`, name: `A${i}`, key: `k${i}`, ...extra }));

async function storedState(account: Account): Promise<AccountState | undefined> {
  return (await readStates([account]))[account.id];
}

describe('createEngine', () => {
  let reads: Account[];
  let answers: Map<string, Answer>;
  let clock: number;
  const notify = vi.fn(async () => {});
  const changed = vi.fn(() => {});

  function engine(concurrency = 6) {
    return createEngine({
      api: {
        read: async (account) => {
          reads.push(account as Account);
          const answer = answers.get(account.key);
          return (await (typeof answer === 'function' ? answer() : answer)) ?? { ok: true, value: paygSnapshot(50, clock) };
        },
      },
      now: () => clock,
      random: () => 1,
      hasPermission: async (a) => !a.baseUrl.includes('no-permission'),
      notify,
      changed,
      concurrency,
    });
  }

  beforeEach(async () => {
    fakeBrowser.reset();
    reads = [];
    answers = new Map();
    clock = NOW;
    notify.mockClear();
    changed.mockClear();
    await settingsItem.setValue(DEFAULT_SETTINGS);
  });

  it('a signed-in site is read on schedule at most every 5 minutes, even with a 1-minute interval; Refresh reads it at once (issue 20)', async () => {
    const claude = makeAccount({ id: 'c', provider: 'claude', key: '', baseUrl: 'https://claude.ai' });
    const keyed = makeAccount({ id: 'k', key: 'sk-keyed-1' });
    await accountsItem.setValue([claude, keyed]);
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, intervalMinutes: 1 });
    const e = engine();
    await e.refresh({ reason: 'scheduled' });
    clock += 2 * MIN;
    reads = [];
    await e.refresh({ reason: 'scheduled' });
    expect(reads.map((a) => a.id)).toEqual(['k']);
    clock += 3 * MIN;
    reads = [];
    await e.refresh({ reason: 'scheduled' });
    expect(reads.map((a) => a.id).sort()).toEqual(['c', 'k']);
    reads = [];
    await e.refresh({ reason: 'manual' });
    expect(reads.map((a) => a.id).sort()).toEqual(['c', 'k']);
  });

  it('stores each result as soon as its read finishes: a hung endpoint delays nobody else', async () => {
    const accounts = accountsOf(4);
    await accountsItem.setValue(accounts);
    const hung = deferred<Result<BalanceSnapshot>>();
    answers.set('k2', hung.promise);
    const e = engine();
    const refresh = e.refresh({ reason: 'manual' });
    await vi.waitFor(async () => expect(Object.keys(await readStates(accounts)).sort()).toEqual(['a0', 'a1', 'a3']));
    expect(e.reading()).toEqual(['a2']);
    expect((await activityItem.getValue()).reading).toMatchObject({ a2: NOW });
    expect(changed).toHaveBeenCalledTimes(3);

    hung.resolve({ ok: true, value: paygSnapshot(7, NOW) });
    expect(await refresh).toEqual({ refreshed: 4 });
    expect((await storedState(accounts[2]!))?.snapshot?.remaining).toBe(7);
    expect((await activityItem.getValue()).reading).toEqual({});
  });

  it('results are written under each account\'s own keys; results landing together share one write', async () => {
    await accountsItem.setValue(accountsOf(10));
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await engine().refresh({ reason: 'scheduled' });
    const resultWrites = set.mock.calls.map(([values]) => Object.keys(values)).filter((keys) => !keys.includes('activity'));
    // All ten answered at once here: one write of ten states and ten histories, nothing else in it.
    expect(resultWrites).toHaveLength(1);
    expect(resultWrites[0]!.sort()).toEqual(accountsOf(10).flatMap((a) => [stateKey(a.id), historyKey(a.id)]).sort());
    expect((await storedState(accountsOf(10)[3]!))?.snapshot?.remaining).toBe(50);
  });

  it('a result landing apart from the others is written on its own, at once when it is the last', async () => {
    const accounts = accountsOf(2);
    await accountsItem.setValue(accounts);
    const slow = deferred<Result<BalanceSnapshot>>();
    answers.set('k1', slow.promise);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const refresh = engine().refresh({ reason: 'manual' });
    await vi.waitFor(async () => expect(await storedState(accounts[0]!)).toBeDefined());
    slow.resolve({ ok: true, value: paygSnapshot(9, NOW) });
    await refresh;
    const resultWrites = set.mock.calls.map(([values]) => Object.keys(values)).filter((keys) => !keys.includes('activity'));
    expect(resultWrites).toEqual([
      [stateKey('a0'), historyKey('a0')],
      [stateKey('a1'), historyKey('a1')],
    ]);
  });

  it('nothing due: reads nothing and writes nothing', async () => {
    const [account] = accountsOf(1);
    await accountsItem.setValue([account!]);
    await fakeBrowser.storage.local.set({
      [stateKey('a0')]: { ...stateWith(paygSnapshot(50, NOW)), for: fingerprint(account!), lastAttemptAt: NOW - MIN },
    });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    expect(await engine().refresh({ reason: 'scheduled' })).toEqual({ refreshed: 0 });
    expect(reads).toEqual([]);
    expect(set).not.toHaveBeenCalled();
  });

  it('a paused account is never read, not even by a Refresh naming it; resumed, it is read', async () => {
    const [account] = accountsOf(1, { paused: true });
    await accountsItem.setValue([account!]);
    expect(await engine().refresh({ reason: 'manual', ids: ['a0'] })).toEqual({ refreshed: 0 });
    expect(reads).toEqual([]);
    const { paused: _, ...resumed } = account!;
    await accountsItem.setValue([resumed]);
    await engine().refresh({ reason: 'account', ids: ['a0'] });
    expect(reads.map((a) => a.id)).toEqual(['a0']);
  });

  it("a reading the form already made is stored as the first read, without asking the provider again; another key's is not", async () => {
    const [account] = accountsOf(1);
    await accountsItem.setValue([account!]);
    const checked = paygSnapshot(12, NOW - 1000);
    await engine().refresh({ reason: 'account', ids: ['a0'], prefetched: { a0: { for: fingerprint(account!), snapshot: checked } } });
    expect(reads).toEqual([]);
    expect((await storedState(account!))?.snapshot).toEqual(checked);
    await engine().refresh({ reason: 'account', ids: ['a0'], prefetched: { a0: { for: 'another-key', snapshot: checked } } });
    expect(reads.map((a) => a.id)).toEqual(['a0']);
  });

  it('two refreshes at once (alarm and wake) read each account once; the second waits for the first', async () => {
    const accounts = accountsOf(3);
    await accountsItem.setValue(accounts);
    const slow = deferred<Result<BalanceSnapshot>>();
    answers.set('k1', slow.promise);
    const e = engine();
    const alarm = e.refresh({ reason: 'scheduled' });
    await vi.waitFor(() => expect(reads).toHaveLength(3));
    let manualDone = false;
    const manual = e.refresh({ reason: 'manual', ids: ['a1'] }).then((r) => ((manualDone = true), r));
    const wake = e.refresh({ reason: 'scheduled' });
    await new Promise((r) => setTimeout(r, 20));
    expect(manualDone).toBe(false);
    slow.resolve({ ok: true, value: paygSnapshot(3, NOW) });
    await Promise.all([alarm, manual, wake]);
    expect(reads.map((a) => a.id).sort()).toEqual(['a0', 'a1', 'a2']);
  });

  it('never more than the bound in flight, across refreshes', async () => {
    await accountsItem.setValue(accountsOf(14));
    let inFlight = 0;
    let peak = 0;
    for (let i = 0; i < 14; i++) {
      answers.set(`k${i}`, async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { ok: true, value: paygSnapshot(50, NOW) } as const;
      });
    }
    const e = engine(4);
    await Promise.all([e.refresh({ reason: 'manual', ids: ['a0', 'a1', 'a2', 'a3', 'a4'] }), e.refresh({ reason: 'manual' })]);
    expect(reads).toHaveLength(14);
    expect(peak).toBe(4);
  });

  it('keeps the last good value when a read fails, and notifies a low balance once', async () => {
    const [account] = accountsOf(1, { warnBelow: 5 });
    await accountsItem.setValue([account!]);
    answers.set('k0', { ok: true, value: paygSnapshot(3, NOW) });
    const e = engine();
    await e.refresh({ reason: 'manual' });
    expect(notify).toHaveBeenCalledTimes(1);
    answers.set('k0', { ok: false, error: { kind: 'server', message: 'boom', status: 503 } });
    clock += 5 * MIN;
    await e.refresh({ reason: 'manual' });
    const state = await storedState(account!);
    expect(state?.snapshot?.remaining).toBe(3);
    expect(state?.error).toMatchObject({ kind: 'server', at: clock });
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('does not notify when notifications are off, but still records the crossing', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, notifications: false });
    const [account] = accountsOf(1);
    await accountsItem.setValue([account!]);
    answers.set('k0', { ok: true, value: paygSnapshot(1, NOW) });
    await engine().refresh({ reason: 'manual' });
    expect(notify).not.toHaveBeenCalled();
    expect((await storedState(account!))?.alerts).toEqual({ lowBalance: true });
  });

  it('reports a missing host permission without sending a request', async () => {
    const account = makeAccount({ baseUrl: 'https://no-permission.example' });
    await accountsItem.setValue([account]);
    await engine().refresh({ reason: 'manual' });
    expect(reads).toEqual([]);
    expect((await storedState(account))?.error?.kind).toBe('permission');
  });

  it.each([
    { case: 'removed', change: (list: Account[]) => list.filter((a) => a.id !== 'a0') },
    { case: 'given a new key', change: (list: Account[]) => list.map((a) => ({ ...a, key: 'k-new' })) },
    { case: 'moved to another base URL', change: (list: Account[]) => list.map((a) => ({ ...a, baseUrl: 'https://mirror.example' })) },
  ])('an account $case while it is read gets no state or history written back', async ({ change }) => {
    const accounts = accountsOf(1);
    await accountsItem.setValue(accounts);
    const slow = deferred<Result<BalanceSnapshot>>();
    answers.set('k0', slow.promise);
    const refresh = engine().refresh({ reason: 'manual' });
    await vi.waitFor(() => expect(reads).toHaveLength(1));
    await accountsItem.setValue(change(accounts));
    slow.resolve({ ok: true, value: paygSnapshot(9, NOW) });
    await refresh;
    const stored = await fakeBrowser.storage.local.get([stateKey('a0'), historyKey('a0')]);
    expect(stored).toEqual({});
  });

  it('a key changed while the old key is read is read again at once, not joined to the old read', async () => {
    const old = makeAccount({ id: 'a0', key: 'k-old' });
    await accountsItem.setValue([old]);
    const slow = deferred<Result<BalanceSnapshot>>();
    answers.set('k-old', slow.promise);
    answers.set('k-new', { ok: true, value: paygSnapshot(77, NOW) });
    const e = engine();
    const alarm = e.refresh({ reason: 'scheduled' });
    await vi.waitFor(() => expect(reads).toHaveLength(1));
    const renewed = { ...old, key: 'k-new' };
    await accountsItem.setValue([renewed]);
    expect(await e.refresh({ reason: 'account', ids: ['a0'] })).toEqual({ refreshed: 1 });
    slow.resolve({ ok: true, value: paygSnapshot(1, NOW) });
    await alarm;
    expect(reads.map((a) => a.key)).toEqual(['k-old', 'k-new']);
    expect((await storedState(renewed))?.snapshot?.remaining).toBe(77);
  });

  it('an account removed while its result waits to be written is neither written nor notified', async () => {
    const accounts = accountsOf(2, { warnBelow: 5 });
    await accountsItem.setValue(accounts);
    answers.set('k0', { ok: true, value: paygSnapshot(1, NOW) }); // low: would notify
    const slow = deferred<Result<BalanceSnapshot>>();
    answers.set('k1', slow.promise);
    const refresh = engine().refresh({ reason: 'manual' });
    // a0's result is in the write batch (which waits 50 ms for company); remove a0 before it goes out.
    await vi.waitFor(() => expect(reads).toHaveLength(2), { interval: 1 });
    await accountsItem.setValue([accounts[1]!]);
    slow.resolve({ ok: true, value: paygSnapshot(50, NOW) });
    await refresh;
    expect(await fakeBrowser.storage.local.get([stateKey('a0'), historyKey('a0')])).toEqual({});
    expect(notify).not.toHaveBeenCalled();
    expect((await storedState(accounts[1]!))?.snapshot?.remaining).toBe(50);
  });

  it('state of an old key is ignored without any message: the new key is read by the alarm', async () => {
    const old = makeAccount({ id: 'a0', key: 'k-old' });
    await fakeBrowser.storage.local.set({
      [stateKey('a0')]: stateWith(undefined, { for: fingerprint(old), error: { kind: 'auth', message: '', at: NOW }, failures: 1, lastAttemptAt: NOW, alerts: { keyRejected: true } }),
    });
    const renewed = { ...old, key: 'k-new' };
    await accountsItem.setValue([renewed]);
    await engine().refresh({ reason: 'scheduled' });
    expect(reads.map((a) => a.key)).toEqual(['k-new']);
    const state = await storedState(renewed);
    expect(state).toMatchObject({ failures: 0, alerts: {}, for: fingerprint(renewed) });
    expect(state?.error).toBeUndefined();
  });

  it('appends each good read to the account history, bound to its key, with the forecast in the state', async () => {
    const [account] = accountsOf(1, { provider: 'apikley', baseUrl: 'https://api.apikley.ru', warnBelow: 500 });
    await accountsItem.setValue([account!]);
    const e = engine();
    for (let hour = 0; hour < 6; hour++) {
      clock = NOW + hour * 60 * MIN;
      answers.set('k0', { ok: true, value: creditsSnapshot(10_000 - hour * 1000, clock) });
      await e.refresh({ reason: 'manual' });
    }
    const history = (await readHistories([account!]))[account!.id];
    expect(historySamples(history).map((s) => s.balance)).toEqual([10_000, 9000, 8000, 7000, 6000, 5000]);
    // Stored as one JSON string (read 5x faster than the object), bound to the key it was recorded for.
    const stored = (await fakeBrowser.storage.local.get(historyKey('a0')))[historyKey('a0')];
    expect(typeof stored).toBe('string');
    expect(JSON.parse(stored as string)).toMatchObject({ for: fingerprint(account!) });
    // 1,000 credits an hour with 5,000 left: about 5 hours.
    expect((await storedState(account!))?.daysLeft).toBeCloseTo(5 / 24, 2);
  });

  it('a failed read adds nothing to the history', async () => {
    const [account] = accountsOf(1);
    await accountsItem.setValue([account!]);
    answers.set('k0', { ok: false, error: { kind: 'timeout', message: '' } });
    await engine().refresh({ reason: 'manual' });
    expect((await fakeBrowser.storage.local.get(historyKey('a0')))[historyKey('a0')]).toBeUndefined();
  });

  it('notifies a top-up when the balance jumps up', async () => {
    const [account] = accountsOf(1);
    await accountsItem.setValue([account!]);
    const e = engine();
    answers.set('k0', { ok: true, value: paygSnapshot(10, NOW) });
    await e.refresh({ reason: 'manual' });
    clock += 5 * MIN;
    answers.set('k0', { ok: true, value: paygSnapshot(60, clock) });
    await e.refresh({ reason: 'manual' });
    expect(notify).toHaveBeenCalledWith({ reason: 'topUp', amount: 50 }, expect.anything());
  });

  it('a series never mixes units: a gateway switching from dollars to yuan starts a new one, with no top-up', async () => {
    const [account] = accountsOf(1);
    await accountsItem.setValue([account!]);
    const e = engine();
    answers.set('k0', { ok: true, value: paygSnapshot(10, NOW) });
    await e.refresh({ reason: 'manual' });
    clock += 5 * MIN;
    answers.set('k0', { ok: true, value: { ...paygSnapshot(73, clock), unit: 'CNY' } });
    await e.refresh({ reason: 'manual' });
    const history = (await readHistories([account!]))[account!.id];
    expect(historySamples(history).map((s) => s.balance)).toEqual([73]);
    expect(allSeries(history).map((series) => series.unit)).toEqual(['USD', 'CNY']);
    expect(notify).not.toHaveBeenCalledWith(expect.objectContaining({ reason: 'topUp' }), expect.anything());
  });

  it('storage full: the state is kept without the history sample, and says so', async () => {
    const [account] = accountsOf(1);
    await accountsItem.setValue([account!]);
    const realSet = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (values: Record<string, unknown>) => {
      if (historyKey('a0') in values) throw new Error('QUOTA_BYTES quota exceeded');
      return realSet(values);
    });
    await engine().refresh({ reason: 'manual' });
    const state = await storedState(account!);
    expect(state?.snapshot?.remaining).toBe(50);
    expect(state?.error?.kind).toBe('storage');
    expect(changed).toHaveBeenCalled();
  });

  it('storage refusing every write: the state is kept in memory for the badge', async () => {
    const [account] = accountsOf(1);
    await accountsItem.setValue([account!]);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    const e = engine();
    await e.refresh({ reason: 'manual' });
    expect(e.unsaved().get('a0')).toMatchObject({ snapshot: { remaining: 50 }, error: { kind: 'storage' } });
  });

  it('forget erases state and history', async () => {
    const accounts = accountsOf(2);
    await accountsItem.setValue(accounts);
    const e = engine();
    await e.refresh({ reason: 'manual' });
    await e.forget(['a0']);
    const keys = Object.keys(await fakeBrowser.storage.local.get(null));
    expect(keys).not.toContain(stateKey('a0'));
    expect(keys).not.toContain(historyKey('a0'));
    expect(keys).toContain(stateKey('a1'));
  });
});
