// Signed-in sites as a user meets them (issue 20): signed in to the site in a tab, the extension reads its
// plan windows with the browser's own cookie (it never sees it), against a local fake of each site whose
// endpoints answer as to a visitor without that cookie.
import { expect, test } from './fixtures';
import { seriousViolations } from './axe';
import { ACCESS_TOKEN, BOT_CHECK, CLAUDE_ORGS, claudeUsage, claudeUsagePath, startSessionFake, type SessionFake } from './fake-sessions';
import { PopupPage } from './pages/popup';
import { saveScreenshot } from './screenshots';
import { badgeText, badgeTitle, clearNotifications, notifications, storedKeys } from './worker';

declare const chrome: typeof import('wxt/browser').browser;

let sessions: SessionFake;
test.beforeEach(async () => {
  sessions = await startSessionFake();
});
test.afterEach(async () => {
  await sessions.close();
});

const host = (url: string) => new URL(url).host;

test('Claude (signed in): its windows with the browser’s own login; signed out, a bot check, a crossing and a reset', async ({
  context,
  extensionId,
  serviceWorker,
  options,
}) => {
  test.setTimeout(90_000);
  // Signed in to the site in a tab, as the user already is.
  const tab = await context.newPage();
  await tab.goto(`${sessions.url.claude}/login`);
  await options.page.bringToFront();

  const words = await options.addAccount({ provider: 'Claude (signed in)', name: 'Claude Max', baseUrl: sessions.url.claude });
  expect(words).toContain("Max 5x · jane@example.com's Organization");
  // The browser attached the session cookie to every request the extension made, all of them GETs,
  // none with an Authorization header of ours.
  const reads = sessions.requests.filter((r) => r.site === 'claude' && r.path.startsWith('/api/'));
  expect(reads.length).toBeGreaterThan(0);
  expect(reads.every((r) => r.signedIn && r.method === 'GET' && r.authorization === null)).toBe(true);

  const popup = new PopupPage(context, extensionId);
  const page = await popup.open();
  const row = popup.account('Claude Max');
  await expect(row.locator('.value')).toHaveText('42%');
  await expect(row.locator('.why')).toContainText(/5-hour 42% used · resets in (1 h 5\d min|2 h)/);
  await popup.expand('Claude Max');
  const bars = row.getByRole('progressbar');
  await expect(bars).toHaveCount(5);
  await expect(row.getByRole('progressbar', { name: 'Weekly', exact: true })).toHaveAttribute('aria-valuenow', '18');
  await expect(row.getByRole('progressbar', { name: 'Extra usage', exact: true })).toHaveAttribute('aria-valuenow', '25');
  await expect(row.locator('.details')).toContainText('$12.50 of $50.00');
  await expect(row.locator('.details')).toContainText('Weekly Cowork: 0% used · not started');
  await page.setViewportSize({ width: 360, height: 600 });
  await saveScreenshot(page, 'popup-signed-in');
  expect(await seriousViolations(page)).toEqual([]);

  // Signed out on the site: its own state, the site named, "Sign in", the last values kept.
  await tab.goto(`${sessions.url.claude}/logout`);
  await page.bringToFront();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(row.locator('.why')).toContainText(`Not signed in to ${host(sessions.url.claude)}`);
  await expect(row.locator('.mark')).toHaveText('⊘');
  await expect(row.locator('.value')).toHaveText('42%');
  await expect(row.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect.poll(() => badgeText(serviceWorker)).toBe('⊘');

  // Signed in again: read again at once on Refresh.
  await tab.goto(`${sessions.url.claude}/login`);
  await page.bringToFront();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(row.locator('.why')).toContainText('5-hour 42% used');
  await expect.poll(() => badgeText(serviceWorker)).toBe('');

  // A bot check is not a sign-out: the values stay, and the row asks for the site in a tab once.
  sessions.set('claude', claudeUsagePath, BOT_CHECK);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(row.locator('.why')).toContainText(`${host(sessions.url.claude)} asks you to open it in a tab once`);
  await expect(row.locator('.value')).toHaveText('42%');
  await expect(row.getByRole('button', { name: `Open ${host(sessions.url.claude)}` })).toBeVisible();

  // The weekly window crosses 90%: one notification, the badge says 92%, the tooltip names it.
  await clearNotifications(serviceWorker);
  sessions.set('claude', claudeUsagePath, { status: 200, body: claudeUsage({ weekly: 92 }) });
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(row.locator('.why')).toContainText('Weekly 92% used (warn ≥ 90%)');
  await expect.poll(() => badgeText(serviceWorker)).toBe('92%');
  expect(await badgeTitle(serviceWorker)).toMatch(/Claude Max: weekly 92% used, resets /);
  const [account] = (await serviceWorker.evaluate(async () => (await chrome.storage.local.get('accounts')).accounts)) as Array<{ id: string }>;
  await expect.poll(() => notifications(serviceWorker)).toEqual({ [`${account!.id}|limit`]: true });
  // Still over on the next read: nothing more (had it notified again, that notification would still be
  // there beside the reset's below: a read's notifications go out before the next read of it starts).
  await clearNotifications(serviceWorker);
  const asked = sessions.requests.filter((r) => r.path === claudeUsagePath).length;
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect.poll(() => sessions.requests.filter((r) => r.path === claudeUsagePath).length).toBeGreaterThan(asked);
  await expect(page.locator('header.top')).not.toContainText('Still reading');

  // The week starts over (its reset a week later): one "has reset" notification, and nothing else.
  sessions.set('claude', claudeUsagePath, { status: 200, body: claudeUsage({ weekly: 1, now: Date.now() + 7 * 24 * 3_600_000 }) });
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect.poll(() => notifications(serviceWorker)).toEqual({ [`${account!.id}|limitReset`]: true });
  await expect.poll(() => badgeText(serviceWorker)).toBe('');
  expect(popup.errors).toEqual([]);
  expect(options.errors).toEqual([]);
});

test('ChatGPT Codex (signed in): the access token goes only to the usage request and is never stored', async ({ context, serviceWorker, options }) => {
  const tab = await context.newPage();
  await tab.goto(`${sessions.url.chatgpt}/login`);
  await options.page.bringToFront();
  const words = await options.addAccount({ provider: 'ChatGPT Codex (signed in)', name: 'Codex', baseUrl: sessions.url.chatgpt });
  expect(words).toContain('Plus · jane@example.com');
  expect(words).toContain('5-hour 46% used');
  const chatgpt = sessions.requests.filter((r) => r.site === 'chatgpt' && /^\/(api|backend-api)\//.test(r.path));
  expect(chatgpt.map((r) => [r.path, r.signedIn, r.authorization])).toEqual([
    ['/api/auth/session', true, null],
    ['/backend-api/wham/usage', true, `Bearer ${ACCESS_TOKEN}`],
  ]);
  // Nowhere in storage: it lives in the background's memory only.
  const everything = await serviceWorker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
  expect(everything).not.toContain('fake-signature');
  expect((await storedKeys(serviceWorker)).length).toBeGreaterThan(0);
});

test('adding a signed-in site while signed out: the dialog says so, links to the login, checks again, then saves', async ({ context, options }) => {
  const page = options.page;
  await options.fillAccount({ provider: 'Cursor (signed in)', name: 'Cursor Pro', baseUrl: sessions.url.cursor });
  const dialog = page.getByRole('dialog');
  // No key to paste: the site's own login is what is read.
  await expect(dialog.getByLabel('API key', { exact: true })).toHaveCount(0);
  await expect(dialog).toContainText('Uses your cursor.com login in this browser. Credit Gauge never sees your password or cookies.');
  await dialog.getByRole('button', { name: 'Save account' }).click();
  await expect(dialog.locator('.outcome')).toHaveText(`Not signed in to ${host(sessions.url.cursor)}`);
  const signIn = dialog.getByRole('link', { name: `Sign in to ${host(sessions.url.cursor)}` });
  await expect(signIn).toHaveAttribute('href', `${sessions.url.cursor}/dashboard`);
  await expect(dialog.getByRole('button', { name: 'Save anyway' })).toBeVisible();
  await saveScreenshot(page, 'options-signed-out');
  expect(await seriousViolations(page)).toEqual([]);

  // The user signs in, in a tab of their own, and asks again.
  const tab = await context.newPage();
  await tab.goto(`${sessions.url.cursor}/login`);
  await page.bringToFront();
  await dialog.getByRole('button', { name: 'Check again' }).click();
  await expect(page.locator('.outcome').first()).toContainText('Saved “Cursor Pro”: Pro — plan 38% used', { timeout: 10_000 });
  expect(options.errors).toEqual([]);
});

test('a login with several organisations is asked which one to watch, and that one is read', async ({ context, options }) => {
  const TEAM = 'aaaaaaaa-1111-2222-3333-444444444444';
  sessions.set('claude', '/api/organizations', { status: 200, body: [...CLAUDE_ORGS, { uuid: TEAM, name: 'Acme Team', capabilities: ['chat'], raven_type: 'team' }] });
  sessions.set('claude', `/api/organizations/${TEAM}/usage`, { status: 200, body: claudeUsage({ fiveHour: 64 }) });
  const tab = await context.newPage();
  await tab.goto(`${sessions.url.claude}/login`);
  const page = options.page;
  await page.bringToFront();
  await options.fillAccount({ provider: 'Claude (signed in)', name: 'Claude Team', baseUrl: sessions.url.claude });
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Save account' }).click();
  // Not saved yet: the choice first, the first one preselected.
  const choice = dialog.getByLabel('Organization', { exact: true });
  await expect(choice).toBeFocused();
  await expect(dialog.locator('.outcome')).toContainText('This login has several organizations');
  await choice.selectOption({ label: 'Acme Team (Team)' });
  await dialog.getByRole('button', { name: 'Save account' }).click();
  await expect(page.locator('.outcome').first()).toContainText('Saved “Claude Team”: Team · Acme Team — 5-hour 64% used', { timeout: 10_000 });
  expect(sessions.requests.some((r) => r.path === `/api/organizations/${TEAM}/usage` && r.signedIn)).toBe(true);
});
