import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REFRESH_ALARM } from './schedule';
import { startService } from './service';
import { fingerprint } from '../store/fingerprint';
import { historyKey, readStates, stateKey } from '../store/records';
import { accountsItem, settingsItem, DEFAULT_SETTINGS } from '../store/storage';
import { installBrowserFakes, makeAccount } from '../testing';
import { POPUP_SCREEN, SCREEN_VERSION, type PopupScreen, type ScreenInput } from '../store/popup-screen';

const NOW = Date.UTC(2026, 10, 21, 12, 0);

/** A fetch that answers each key from a table, the way the real APIs would. */
function fakeFetch(balances: Record<string, unknown>, calls: Array<{ url: string; auth: string | null }> = []) {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('Authorization');
    calls.push({ url: String(input), auth });
    const body = balances[auth?.replace('Bearer ', '') ?? ''];
    if (body === undefined) return new Response('{"error":{"message":"Invalid API key"}}', { status: 401 });
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const apertis = (remaining: number) => ({
  object: 'billing_credits',
  is_subscriber: false,
  payg: { remaining_usd: remaining, used_usd: 1, total_usd: remaining + 1, is_unlimited: false },
});

describe('background service', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await installBrowserFakes(fakeBrowser, vi);
  });

  it('creates the refresh alarm at start with the stored interval', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, intervalMinutes: 15 });
    await startService({ fetch: fakeFetch({}), now: () => NOW, random: () => 0.5 }).started;
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toMatchObject({ periodInMinutes: 15 });
  });

  it('on the alarm: reads every account, renders badge and tooltip, notifies a low balance once', async () => {
    await accountsItem.setValue([
      makeAccount({ id: 'w', name: 'Work', key: 'sk-work' }),
      makeAccount({ id: 'b', name: 'Batch', key: 'sk-batch', provider: 'apikley', baseUrl: 'https://api.apikley.ru', warnBelow: 500 }),
    ]);
    const calls: Array<{ url: string; auth: string | null }> = [];
    const balances = { 'sk-work': apertis(0.4), 'sk-batch': { code: 200, msg: 'success', data: 9000 } };
    let clock = NOW;
    const service = startService({ fetch: fakeFetch(balances, calls), now: () => clock, random: () => 0.5 });
    await service.started; // includes the start-up catch-up refresh
    calls.length = 0;

    // The alarm comes a full interval later.
    clock = NOW + 5 * 60_000;
    await service.onAlarm({ name: REFRESH_ALARM });

    expect(calls).toEqual([
      { url: 'https://api.apertis.ai/v1/dashboard/billing/credits', auth: 'Bearer sk-work' },
      { url: 'https://api.apikley.ru/api/v1/chat/credit', auth: 'Bearer sk-batch' },
    ]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('$0.4');
    expect(await fakeBrowser.action.getTitle({})).toBe(
      'Credit Gauge: 1 account needs attention\nWork: $0.40 left — low\nBatch: 9,000 credits left',
    );
    const notifications = await fakeBrowser.notifications.getAll();
    expect(Object.keys(notifications)).toEqual(['w|lowBalance']);
    expect(notifications['w|lowBalance']).toMatchObject({
      title: 'Work: balance low',
      message: '$0.40 left, below your warning level of $5.00.',
    });
  });

  it('a restarted worker does not notify the same crossing again', async () => {
    await accountsItem.setValue([makeAccount({ id: 'w', key: 'sk-work' })]);
    const fetch = fakeFetch({ 'sk-work': apertis(1) });
    const first = startService({ fetch, now: () => NOW, random: () => 0.5 });
    await first.started;
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['w|lowBalance']);
    await fakeBrowser.notifications.clear('w|lowBalance');

    const second = startService({ fetch, now: () => NOW + 5 * 60_000, random: () => 0.5 });
    await second.started;
    await second.onAlarm({ name: REFRESH_ALARM });
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    expect((await readStates(await accountsItem.getValue())).w?.alerts).toEqual({ lowBalance: true });
  });

  it.each([
    { case: 'opens the popup when the browser allows it', popup: 'opens', opened: 'popup' },
    { case: 'falls back to settings when openPopup needs a gesture (Firefox < 149)', popup: 'rejects', opened: 'options' },
  ])('a notification click $case', async ({ popup, opened }) => {
    const openPopup = vi.fn(async () => {
      if (popup === 'rejects') throw new Error('openPopup requires a user gesture');
    });
    const openOptionsPage = vi.fn(async () => {});
    Object.assign(fakeBrowser.action, { openPopup });
    vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockImplementation(openOptionsPage);
    const service = startService({ fetch: fakeFetch({}), now: () => NOW, random: () => 0.5 });
    await service.started;
    await fakeBrowser.notifications.create('w|lowBalance', { type: 'basic', title: 't', message: 'm', iconUrl: 'x' });
    await service.onNotificationClicked('w|lowBalance');
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    expect(openPopup).toHaveBeenCalledTimes(1);
    expect(openOptionsPage).toHaveBeenCalledTimes(opened === 'options' ? 1 : 0);
  });

  it("keeps the popup's first screen: drawn at start, and again once a refresh's results are stored", async () => {
    await accountsItem.setValue([makeAccount({ id: 'w', name: 'Work', key: 'sk-work' })]);
    const renderScreen = (input: ScreenInput, now: number): PopupScreen => ({
      v: SCREEN_VERSION,
      html: input.accounts.map((a) => `${a.name}=${input.states[a.id]?.snapshot?.remaining ?? '?'}`).join(','),
      at: now,
      ui: 'en-US',
      lang: 'en-US',
    });
    let balance = 12.5;
    const fetch = (async (...args: Parameters<typeof globalThis.fetch>) => fakeFetch({ 'sk-work': apertis(balance) })(...args)) as typeof globalThis.fetch;
    let clock = NOW;
    const service = startService({ fetch, now: () => clock, random: () => 0.5, renderScreen });
    await service.started;
    await service.screenWritten();
    expect((await fakeBrowser.storage.local.get(POPUP_SCREEN))[POPUP_SCREEN]).toMatchObject({ html: 'Work=12.5' });
    balance = 3;
    clock += 10 * 60_000;
    await service.onAlarm({ name: REFRESH_ALARM });
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get(POPUP_SCREEN))[POPUP_SCREEN]).toMatchObject({ html: 'Work=3', at: clock }));
  });

  it.each([
    { case: 'a low balance offers Top up, then Snooze', balances: { 'sk-work': apertis(1) }, id: 'w|lowBalance', titles: ['Top up', 'Snooze 24 h'] },
    { case: 'a rejected key offers Snooze alone (paying does not fix a key)', balances: {}, id: 'w|keyRejected', titles: ['Snooze 24 h'] },
  ])('the Chrome build: $case', async ({ balances, id, titles }) => {
    await accountsItem.setValue([makeAccount({ id: 'w', key: 'sk-work' })]);
    await startService({ fetch: fakeFetch(balances), now: () => NOW, random: () => 0.5 }).started;
    const notifications = await fakeBrowser.notifications.getAll();
    expect(Object.keys(notifications)).toEqual([id]);
    // fakeBrowser is typed from Firefox's schema, which has no buttons.
    expect((notifications[id] as { buttons?: unknown } | undefined)?.buttons).toEqual(titles.map((title) => ({ title })));
  });

  describe('a notification button', () => {
    const DAY = 24 * 3_600_000;
    it.each([
      { case: 'Top up opens the provider page in a tab', balances: { 'sk-work': apertis(1) }, id: 'w|lowBalance', index: 0, tab: 'https://apertis.ai/', snoozed: false, cleared: true },
      { case: 'Snooze silences the account for a day', balances: { 'sk-work': apertis(1) }, id: 'w|lowBalance', index: 1, tab: null, snoozed: true, cleared: true },
      { case: 'Snooze is the only button on a rejected key', balances: {}, id: 'w|keyRejected', index: 0, tab: null, snoozed: true, cleared: true },
      { case: 'an index past the buttons does nothing', balances: { 'sk-work': apertis(1) }, id: 'w|lowBalance', index: 2, tab: null, snoozed: false, cleared: false },
    ])('$case', async ({ balances, id, index, tab, snoozed, cleared }) => {
      await accountsItem.setValue([makeAccount({ id: 'w', key: 'sk-work' })]);
      const service = startService({ fetch: fakeFetch(balances), now: () => NOW, random: () => 0.5 });
      await service.started;
      const create = vi.spyOn(fakeBrowser.tabs, 'create');
      await service.onNotificationButtonClicked(id, index);
      expect(create.mock.calls).toEqual(tab ? [[{ url: tab }]] : []);
      expect((await accountsItem.getValue())[0]?.snoozedUntil).toBe(snoozed ? NOW + DAY : undefined);
      expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(cleared ? [] : [id]);
    });

    it("Snooze clears every notification of that account, and no other's", async () => {
      await accountsItem.setValue([makeAccount({ id: 'w', key: 'sk-work' })]);
      const service = startService({ fetch: fakeFetch({ 'sk-work': apertis(1) }), now: () => NOW, random: () => 0.5 });
      await service.started;
      for (const id of ['w|daysLeft', 'x|lowBalance']) {
        await fakeBrowser.notifications.create(id, { type: 'basic', title: 't', message: 'm', iconUrl: 'x' });
      }
      await service.onNotificationButtonClicked('w|lowBalance', 1);
      expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['x|lowBalance']);
    });

    it('for an account that is gone does nothing', async () => {
      const service = startService({ fetch: fakeFetch({}), now: () => NOW, random: () => 0.5 });
      await service.started;
      await fakeBrowser.notifications.create('gone|lowBalance', { type: 'basic', title: 't', message: 'm', iconUrl: 'x' });
      const create = vi.spyOn(fakeBrowser.tabs, 'create');
      await service.onNotificationButtonClicked('gone|lowBalance', 1);
      expect(create).not.toHaveBeenCalled();
      expect(await accountsItem.getValue()).toEqual([]);
      expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['gone|lowBalance']);
    });

    it('is listened to from the start (the event wakes the worker)', async () => {
      await accountsItem.setValue([makeAccount({ id: 'w', key: 'sk-work' })]);
      const service = startService({ fetch: fakeFetch({ 'sk-work': apertis(1) }), now: () => NOW, random: () => 0.5 });
      await service.started;
      await fakeBrowser.notifications.onButtonClicked.trigger('w|lowBalance', 1);
      await vi.waitFor(async () => expect((await accountsItem.getValue())[0]?.snoozedUntil).toBe(NOW + DAY));
    });
  });

  it('a removed account loses its notifications and whatever the worker held', async () => {
    await accountsItem.setValue([makeAccount({ id: 'w', key: 'sk-work' })]);
    const service = startService({ fetch: fakeFetch({ 'sk-work': apertis(1) }), now: () => NOW, random: () => 0.5 });
    await service.started;
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['w|lowBalance']);
    await accountsItem.setValue([]);
    const fromOptions = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    await service.onMessage({ type: 'account-removed', id: 'w' }, fromOptions);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    const everything = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(everything).not.toContain('sk-work');
    expect(everything).not.toContain(historyKey('w'));
    expect(everything).not.toContain(stateKey('w'));
    expect(await fakeBrowser.action.getTitle({})).toBe('Credit Gauge — add an account in Settings');
  });

  it('listens to runtime.onStartup and onInstalled, so Firefox starts it at launch', () => {
    const startup = vi.spyOn(fakeBrowser.runtime.onStartup, 'addListener');
    const installed = vi.spyOn(fakeBrowser.runtime.onInstalled, 'addListener');
    startService({ fetch: fakeFetch({}), now: () => NOW, random: () => 0.5 });
    expect(startup).toHaveBeenCalledTimes(1);
    expect(installed).toHaveBeenCalledTimes(1);
  });

  it('a wake after a gap (worker start, alarm and popup at once) reads each account once', async () => {
    await accountsItem.setValue([makeAccount({ id: 'w', key: 'sk-work' }), makeAccount({ id: 'x', key: 'sk-x' })]);
    const calls: Array<{ url: string; auth: string | null }> = [];
    const fetch = fakeFetch({ 'sk-work': apertis(40), 'sk-x': apertis(40) }, calls);
    const first = startService({ fetch, now: () => NOW, random: () => 0.5 });
    await first.started;
    calls.length = 0;

    // Hours later the browser comes back: the worker starts, the overdue alarm fires, the popup opens.
    const later = NOW + 3 * 3_600_000;
    const woken = startService({ fetch, now: () => later, random: () => 0.5 });
    const fromPopup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    await Promise.all([woken.started, woken.onAlarm({ name: REFRESH_ALARM }), woken.onMessage({ type: 'popup-opened' }, fromPopup)]);
    expect(calls.map((c) => c.auth).sort()).toEqual(['Bearer sk-work', 'Bearer sk-x']);
  });

  it('moves a v1 profile (one states map) to per-account records, bound to each account', async () => {
    const account = makeAccount({ id: 'w', name: 'Work', key: 'sk-work' });
    const snapshot = { provider: 'apertis', unit: 'USD', remaining: 2, used: 1, total: 3, unlimited: false, readAt: NOW - 60_000 };
    await fakeBrowser.storage.local.set({
      accounts: [account],
      accounts$: { v: 1 },
      states: { w: { snapshot, failures: 0, lastAttemptAt: NOW - 60_000, alerts: { lowBalance: true } }, gone: { failures: 2, alerts: {} } },
      states$: { v: 1 },
      engine: { lastCycleAt: NOW - 60_000 },
      engine$: { v: 1 },
      [historyKey('w')]: { v: 1, samples: [[(NOW - 60_000) / 1000, 2]] },
    });
    const calls: Array<{ url: string; auth: string | null }> = [];
    const service = startService({ fetch: fakeFetch({}, calls), now: () => NOW, random: () => 0.5 });
    await service.started;
    const stored = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(stored).sort()).toEqual(['accounts', 'accounts$', historyKey('w'), stateKey('w')].sort());
    expect(stored[stateKey('w')]).toMatchObject({ for: fingerprint(account), snapshot, alerts: { lowBalance: true } });
    // Fresh (read a minute ago): nothing read, and the badge shows the migrated low balance at once.
    expect(calls).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('$2.0');
  });

  it('a corrupted stored account never reaches the tooltip as "undefined"', async () => {
    await fakeBrowser.storage.local.set({
      accounts: [
        { id: 'w', provider: 'apertis', key: 'sk-work-9999', baseUrl: 'https://api.apertis.ai' },
        { id: 'x', provider: 'apertis', key: 'sk-lost-8888' },
        { name: 'no id' },
        'junk',
      ],
    });
    const service = startService({ fetch: fakeFetch({ 'sk-work-9999': apertis(40) }), now: () => NOW, random: () => 0.5 });
    await service.started;
    const title = await fakeBrowser.action.getTitle({});
    expect(title).not.toContain('undefined');
    expect(title).toContain('Apertis ••••9999: $40.00 left');
    // No base URL survived: the account says so in words, and nothing was requested for it.
    expect(title).toContain('Apertis ••••8888: Invalid base URL');
  });

  it('ignores messages from anything but this extension', async () => {
    const service = startService({ fetch: fakeFetch({}), now: () => NOW, random: () => 0.5 });
    await service.started;
    expect(service.onMessage({ type: 'refresh' }, { id: 'other-extension', url: 'chrome-extension://other/x.html' })).toBeUndefined();
    expect(service.onMessage({ type: 'drop-tables' }, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') })).toBeUndefined();
    await expect(service.onMessage({ type: 'refresh' }, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') })).resolves.toEqual({ ok: true });
  });
});
