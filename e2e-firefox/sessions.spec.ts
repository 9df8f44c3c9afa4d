// Signed-in sites in a real headless Firefox (issue 20), with its default cookie settings (Total Cookie
// Protection on): signed in to the fake site in a tab, the extension's background reads the site with the
// browser's own cookie, which it never sees. The fake answers as to a visitor without that cookie, so each
// signed-in answer proves Firefox attached it to the extension's request.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BOT_CHECK, claudeUsage, claudeUsagePath, startSessionFake, type SessionFake } from '../e2e/fake-sessions';
import { launchFirefox, type Firefox } from './firefox';
import { addAccount, badgeText, clearNotifications, clickButton, notifications, rowText } from './pages';

declare const browser: typeof import('wxt/browser').browser;

let firefox: Firefox;
let sessions: SessionFake;
let options: Page;
/** A plain tab on the fake site, where the user signs in and out. */
let tab: Page;
let popup: Page;
let accountId = '';

beforeAll(async () => {
  sessions = await startSessionFake();
  firefox = await launchFirefox({ install: 'temporary' });
  tab = await firefox.browser.newPage();
  options = await firefox.openExtensionPage('options.html');
});

afterAll(async () => {
  await firefox?.close();
  await sessions?.close();
});

const host = () => new URL(sessions.url.claude).host;
const visit = async (path: string) => {
  await firefox.navigate(tab, `${sessions.url.claude}${path}`);
};
const refresh = async () => {
  await clickButton(popup, 'Refresh');
};

test('Total Cookie Protection is on, as Firefox ships it (cookieBehavior 5: partitioned foreign cookies)', async () => {
  expect(await firefox.intPref('network.cookie.cookieBehavior')).toBe(5);
});

test('signed in to claude.ai in a tab, "Claude (signed in)" is added and shows its windows', async () => {
  await visit('/login');
  const saved = await addAccount(options, { provider: 'Claude (signed in)', name: 'Claude Max', baseUrl: sessions.url.claude });
  expect(saved).toContain("Max 5x · jane@example.com's Organization");
  const reads = sessions.requests.filter((r) => r.site === 'claude' && r.path.startsWith('/api/'));
  expect(reads.length).toBeGreaterThan(0);
  expect(reads.every((r) => r.signedIn && r.method === 'GET' && r.authorization === null)).toBe(true);
  accountId = await options.evaluate(async () => ((await browser.storage.local.get('accounts')).accounts as Array<{ id: string }>)[0]!.id);

  popup = await firefox.openExtensionPage('popup.html');
  await expect.poll(() => rowText(popup, 'Claude Max'), { timeout: 10_000 }).toContain('5-hour 42% used');
  expect(await rowText(popup, 'Claude Max')).toContain('42%');
});

test('signed out on the site: "Not signed in", the last values kept', async () => {
  await visit('/logout');
  await refresh();
  await expect.poll(() => rowText(popup, 'Claude Max'), { timeout: 10_000 }).toContain(`Not signed in to ${host()}`);
  expect(await rowText(popup, 'Claude Max')).toContain('42%');
  await expect.poll(() => badgeText(options), { timeout: 5_000 }).toBe('⊘');
});

test('a bot check keeps the values and asks for the site in a tab', async () => {
  await visit('/login');
  await refresh();
  await expect.poll(() => rowText(popup, 'Claude Max'), { timeout: 10_000 }).toContain('5-hour 42% used');
  sessions.set('claude', claudeUsagePath, BOT_CHECK);
  await refresh();
  await expect.poll(() => rowText(popup, 'Claude Max'), { timeout: 10_000 }).toContain(`${host()} asks you to open it in a tab once`);
  expect(await rowText(popup, 'Claude Max')).toContain('42%');
});

test('a window crossing 90% notifies once; its reset notifies once', async () => {
  await clearNotifications(options);
  sessions.set('claude', claudeUsagePath, { status: 200, body: claudeUsage({ weekly: 92 }) });
  await refresh();
  await expect.poll(() => badgeText(options), { timeout: 10_000 }).toBe('92%');
  await expect.poll(async () => Object.keys(await notifications(options)), { timeout: 5_000 }).toEqual([`${accountId}|limit`]);
  // Over on the next read too: nothing more (it would still show beside the reset's below).
  await clearNotifications(options);
  const asked = sessions.requests.filter((r) => r.path === claudeUsagePath).length;
  await refresh();
  await expect.poll(() => sessions.requests.filter((r) => r.path === claudeUsagePath).length, { timeout: 10_000 }).toBeGreaterThan(asked);
  await expect.poll(() => popup.evaluate(() => document.body.innerText.includes('Still reading')), { timeout: 10_000 }).toBe(false);
  // The week starts over: its reset a week later.
  sessions.set('claude', claudeUsagePath, { status: 200, body: claudeUsage({ weekly: 1, now: Date.now() + 7 * 24 * 3_600_000 }) });
  await refresh();
  await expect.poll(async () => Object.keys(await notifications(options)), { timeout: 10_000 }).toEqual([`${accountId}|limitReset`]);
  await expect.poll(() => badgeText(options), { timeout: 5_000 }).toBe('');
});

test('no extension errors in the browser console over the run', async () => {
  expect(await firefox.errors()).toEqual([]);
});
