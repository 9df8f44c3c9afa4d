// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fingerprint } from '@/lib/store/fingerprint';
import { makeAccount, paygSnapshot, stateWith } from '@/lib/testing';
import { createStoreBridge } from './stored';
import { readStoredView } from './stored-view';

const work = makeAccount({ id: 'w', name: 'Work', key: 'sk-work-1' });
const stateOf = (remaining: number, account = work) => ({ ...stateWith(paygSnapshot(remaining, 1)), for: fingerprint(account) });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the bridge from storage into signals', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    localStorage.clear();
    await fakeBrowser.storage.local.set({ accounts: [work], 'state:w': stateOf(10) });
  });

  it('a result that lands while the first read is in flight is not lost', async () => {
    const bridge = createStoreBridge(readStoredView());
    // $10 is being read; $4 lands before the read is answered.
    await fakeBrowser.storage.local.set({ 'state:w': stateOf(4) });
    await bridge.ready;
    expect(bridge.states.value.w?.snapshot?.remaining).toBe(4);
    bridge.stop();
  });

  it.each([
    { case: 'a pin keeps what is shown and reads nothing again', edit: { pinned: true as const }, remaining: 10, reads: 0 },
    { case: 'a snooze too', edit: { snoozedUntil: 99 }, remaining: 10, reads: 0 },
    { case: 'a new key drops the old state and reads its own (none yet)', edit: { key: 'sk-new-2' }, remaining: undefined, reads: 1 },
  ])('$case', async ({ edit, remaining, reads }) => {
    const bridge = createStoreBridge(readStoredView());
    await bridge.ready;
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    await fakeBrowser.storage.local.set({ accounts: [{ ...work, ...edit }] });
    await settle();
    expect(bridge.states.value.w?.snapshot?.remaining).toBe(remaining);
    expect(get).toHaveBeenCalledTimes(reads);
    bridge.stop();
  });

  it('a result landing while an edit re-reads another account is kept', async () => {
    const other = makeAccount({ id: 'o', name: 'Other', key: 'sk-other-3' });
    await fakeBrowser.storage.local.set({ accounts: [work, other], 'state:o': stateOf(7, other) });
    const bridge = createStoreBridge(readStoredView());
    await bridge.ready;
    // Other's key changes (a re-read starts), and Work's fresh result lands at once.
    await fakeBrowser.storage.local.set({ accounts: [work, { ...other, key: 'sk-other-4' }] });
    await fakeBrowser.storage.local.set({ 'state:w': stateOf(3) });
    await settle();
    expect(bridge.states.value.w?.snapshot?.remaining).toBe(3);
    expect(bridge.states.value.o).toBeUndefined();
    bridge.stop();
  });
});
