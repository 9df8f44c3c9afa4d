import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SNOOZE_MS } from '../model/account';
import { setPinned, snooze } from './account-actions';
import { accountsItem } from '../store/storage';
import { makeAccount } from '../testing';

describe('account actions', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await accountsItem.setValue([makeAccount({ id: 'a' }), makeAccount({ id: 'b', name: 'Other' })]);
  });

  it.each([
    { case: 'pin marks only that account', run: () => setPinned('a', true), a: { pinned: true }, b: {} },
    { case: 'unpin removes the mark', run: () => setPinned('a', true).then(() => setPinned('a', false)), a: {}, b: {} },
    { case: 'snooze silences it for 24 hours from now', run: () => snooze('a', 1000), a: { snoozedUntil: 1000 + SNOOZE_MS }, b: {} },
    { case: 'ending a snooze removes it', run: () => snooze('a', 1000).then(() => snooze('a', null)), a: {}, b: {} },
  ])('$case', async ({ run, a, b }) => {
    await run();
    const [first, second] = await accountsItem.getValue();
    const flags = (x: object) => Object.fromEntries(Object.entries(x).filter(([k]) => k === 'pinned' || k === 'snoozedUntil'));
    expect(flags(first!)).toEqual(a);
    expect(flags(second!)).toEqual(b);
    expect(first!.key).toBe(makeAccount().key); // nothing else changes
  });

  it("snoozing takes away the account's notifications on screen, and only its own", async () => {
    for (const id of ['a|lowBalance', 'a|daysLeft', 'b|lowBalance']) await fakeBrowser.notifications.create(id, { type: 'basic', iconUrl: '', title: id, message: '' });
    await snooze('a', 1000);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['b|lowBalance']);
  });
});
