import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REFRESH_ALARM } from './schedule';
import { startService } from './service';
import { accountsItem, settingsItem, statesItem, DEFAULT_SETTINGS } from '../store/storage';
import { installBrowserFakes, makeAccount } from '../testing';

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
    const service = startService({ fetch: fakeFetch(balances, calls), now: () => NOW, random: () => 0.5 });
    await service.started; // includes the start-up catch-up refresh
    calls.length = 0;

    await fakeBrowser.alarms.onAlarm.trigger({ name: REFRESH_ALARM, scheduledTime: NOW });
    await service.engine.render();

    expect(calls).toEqual([
      { url: 'https://api.apertis.ai/v1/dashboard/billing/credits', auth: 'Bearer sk-work' },
      { url: 'https://api.apikley.ru/api/v1/chat/credit', auth: 'Bearer sk-batch' },
    ]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('$0.4');
    expect(await fakeBrowser.action.getTitle({})).toBe(
      'Credit Gauge\nWork: $0.40 left — low\nBatch: 9,000 credits left',
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
    await first.engine.refresh({ reason: 'alarm' });
    await fakeBrowser.notifications.clear('w|lowBalance');

    const second = startService({ fetch, now: () => NOW + 5 * 60_000, random: () => 0.5 });
    await second.started;
    await second.engine.refresh({ reason: 'alarm' });
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    expect((await statesItem.getValue()).w?.alerts).toEqual({ lowBalance: true });
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

  it('a saved account with a new key forgets the old key\'s state before reading it', async () => {
    await accountsItem.setValue([makeAccount({ id: 'w', key: 'sk-new' })]);
    await statesItem.setValue({ w: { snapshot: undefined, error: { kind: 'auth', message: '', at: 0 }, failures: 4, alerts: { keyRejected: true } } });
    const service = startService({ fetch: fakeFetch({ 'sk-new': apertis(30) }), now: () => NOW, random: () => 0.5 });
    await service.started;
    const fromOptions = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    await expect(service.onMessage({ type: 'account-saved', id: 'w', keyChanged: true }, fromOptions)).resolves.toEqual({ ok: true });
    const state = (await statesItem.getValue()).w;
    expect(state).toMatchObject({ failures: 0, alerts: {} });
    expect(state?.error).toBeUndefined();
    expect(state?.snapshot?.remaining).toBe(30);
  });

  it('a removed account loses its state, history and notifications', async () => {
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
    expect(everything).not.toContain('history:w');
    expect(await statesItem.getValue()).toEqual({});
  });

  it('ignores messages from anything but this extension', async () => {
    const service = startService({ fetch: fakeFetch({}), now: () => NOW, random: () => 0.5 });
    await service.started;
    expect(service.onMessage({ type: 'refresh' }, { id: 'other-extension', url: 'chrome-extension://other/x.html' })).toBeUndefined();
    expect(service.onMessage({ type: 'drop-tables' }, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') })).toBeUndefined();
    await expect(service.onMessage({ type: 'refresh' }, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') })).resolves.toEqual({ ok: true });
  });
});
