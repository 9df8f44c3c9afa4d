import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { accountsItem, defineItem, getSettings, settingsItem, DEFAULT_SETTINGS } from './storage';
import { updateAccounts, updateSettings } from './writes';

const local = () => fakeBrowser.storage.local;

describe('stored items', () => {
  beforeEach(() => fakeBrowser.reset());

  it('an item never written reads as its fallback', async () => {
    expect(await accountsItem.getValue()).toEqual([]);
  });

  it('setValue stores the value and its version, in storage.local only', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, intervalMinutes: 10 });
    expect(await local().get(null)).toEqual({
      settings: { ...DEFAULT_SETTINGS, intervalMinutes: 10 },
      settings$: { v: 1 },
    });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('settings saved before a field existed gain its default', async () => {
    await local().set({ settings: { intervalMinutes: 15 } });
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, intervalMinutes: 15 });
  });

  it('watch reports later changes until unwatched', async () => {
    const seen: unknown[] = [];
    const stop = accountsItem.watch((value) => seen.push(value));
    await local().set({ accounts: [{ id: 'x', provider: 'apikley', name: 'X', key: 'k' }] });
    await local().remove('accounts');
    stop();
    await local().set({ accounts: [{ id: 'y', provider: 'apikley' }] });
    expect(seen).toEqual([[expect.objectContaining({ id: 'x', name: 'X' })], []]);
  });
});

describe('migrations', () => {
  beforeEach(() => fakeBrowser.reset());

  // A made-up v3 of the accounts list: v2 renamed `threshold` to `warnBelow`, v3 added `cycleWarnPercent`.
  const migrations = {
    2: (old: unknown) => (old as Array<{ threshold: number }>).map(({ threshold, ...rest }) => ({ ...rest, warnBelow: threshold })),
    3: (old: unknown) => (old as object[]).map((a) => ({ cycleWarnPercent: 10, ...a })),
  };
  const item = () => defineItem<object[]>('list', { fallback: [], version: 3, migrations });

  it.each([
    {
      case: 'an unversioned (v1) value runs every migration in order',
      stored: { list: [{ id: 'a', threshold: 5 }] },
      value: [{ id: 'a', warnBelow: 5, cycleWarnPercent: 10 }],
    },
    {
      case: 'a v2 value runs only the later migration',
      stored: { list: [{ id: 'a', warnBelow: 2 }], list$: { v: 2 } },
      value: [{ id: 'a', warnBelow: 2, cycleWarnPercent: 10 }],
    },
    {
      case: 'a current value is left alone',
      stored: { list: [{ id: 'a', warnBelow: 2, cycleWarnPercent: 50 }], list$: { v: 3 } },
      value: [{ id: 'a', warnBelow: 2, cycleWarnPercent: 50 }],
    },
    { case: 'nothing stored: the fallback, nothing written', stored: {}, value: [] },
  ])('$case', async ({ stored, value }) => {
    await local().set(stored);
    expect(await item().getValue()).toEqual(value);
    if (Object.keys(stored).length) expect((await local().get('list$')).list$).toEqual({ v: 3 });
    else expect(await local().get(null)).toEqual({});
  });
});

describe('updateAccounts', () => {
  beforeEach(() => fakeBrowser.reset());

  it('two edits at once (two settings tabs) both survive', async () => {
    const make = (id: string) => ({ id, provider: 'apikley' as const, name: id, key: `k-${id}`, baseUrl: 'https://api.apikley.ru', warnBelow: 1, cycleWarnPercent: 10 });
    await Promise.all([updateAccounts((list) => [...list, make('a')]), updateAccounts((list) => [...list, make('b')])]);
    expect((await accountsItem.getValue()).map((a) => a.id).sort()).toEqual(['a', 'b']);
  });
});

describe('updateSettings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('two quick toggles of different settings both stick', async () => {
    await Promise.all([updateSettings({ notifications: false }), updateSettings({ badgeShowsLowest: true })]);
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, notifications: false, badgeShowsLowest: true });
  });

  it('writes only the changed field over what is stored', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, intervalMinutes: 15 });
    await updateSettings({ notifications: false });
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, intervalMinutes: 15, notifications: false });
  });
});
