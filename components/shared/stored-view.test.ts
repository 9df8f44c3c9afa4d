// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { firstReadKeys, FIRST_PAINT_ITEMS, IDS_HINT, metaKey } from '@/lib/store/first-read';
import { accountsItem, activityItem, settingsItem } from '@/lib/store/storage';
import { fingerprint } from '@/lib/store/fingerprint';
import { makeAccount, paygSnapshot, stateWith } from '@/lib/testing';
import { readStoredView } from './stored-view';

const work = makeAccount({ id: 'w', name: 'Work', key: 'sk-work-1' });
const late = makeAccount({ id: 'l', name: 'Late', key: 'sk-late-2' });
const stateOf = (account: typeof work, remaining: number) => ({ ...stateWith(paygSnapshot(remaining, 1)), for: fingerprint(account) });

describe('the first read the pages paint from', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    localStorage.clear();
    await fakeBrowser.storage.local.set({ accounts: [work, late], 'state:w': stateOf(work, 10), 'state:l': stateOf(late, 20) });
  });

  it('reads the keys of exactly the items storage.ts defines', () => {
    expect(FIRST_PAINT_ITEMS).toEqual([accountsItem.key, settingsItem.key, activityItem.key]);
    expect(firstReadKeys(['w'])).toEqual(['accounts', metaKey('accounts'), 'settings', metaKey('settings'), 'activity', metaKey('activity'), 'state:w', 'states']);
  });

  it.each([
    { case: 'no hint yet: a second call reads the states', hint: undefined, calls: 2 },
    { case: 'the ids the last page saw: one call', hint: ['w', 'l'], calls: 1 },
    { case: 'an account added since: one more call, for it alone', hint: ['w'], calls: 2 },
  ])('$case', async ({ hint, calls }) => {
    if (hint) localStorage.setItem(IDS_HINT, JSON.stringify(hint));
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const [accounts, , , states] = await readStoredView();
    expect(accounts.map((a) => a.name)).toEqual(['Work', 'Late']);
    expect([states.w?.snapshot?.remaining, states.l?.snapshot?.remaining]).toEqual([10, 20]);
    expect(get).toHaveBeenCalledTimes(calls);
    expect(JSON.parse(localStorage.getItem(IDS_HINT)!)).toEqual(['w', 'l']);
  });
});
