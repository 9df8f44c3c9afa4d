// Popup v2 as a user with 25 keys meets it (issue 11): the accounts that need
// them first, a header that stays, the healthy ones folded, and something to do
// on each row.
import type { Worker } from '@playwright/test';
import { fingerprint } from '../lib/store/fingerprint';
import { seriousViolations } from './axe';
import { apertisPayg, apertisSubscription, apikleyCredits, httpError, type FakeAnswer, type FakeApi } from './fake-api';
import { expect, launchExtension, test } from './fixtures';
import type { OptionsPage } from './pages/options';
import { PopupPage } from './pages/popup';
import { saveScreenshot } from './screenshots';
import { storePopupShot } from './store-shots';
import { notifications, stored } from './worker';

declare const chrome: typeof import('wxt/browser').browser;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const subscription = (left: number) =>
  apertisSubscription({
    plan_type: 'max',
    cycle_quota_limit: 5000,
    cycle_quota_used: 5000 - left,
    cycle_quota_remaining: left,
    cycle_start: iso(Date.now() - 20 * DAY),
    cycle_end: iso(Date.now() + 10 * DAY + HOUR),
  });

interface StoredAccount {
  id: string;
  name: string;
  key: string;
  provider: string;
  baseUrl: string;
  [field: string]: unknown;
}

interface Seed {
  name: string;
  answer: FakeAnswer;
  apikley?: boolean;
  /** What was stored about it before this refresh: a last good value, failures so far. */
  before?: { remaining: number; failures?: number };
  /** Hourly balances over the last hours, oldest first: enough history for a forecast. */
  history?: number[];
}

/** 25 keys of mixed health, in the order they were added. */
const MIXED: Seed[] = [
  { name: 'Main agent', answer: apertisPayg({ remaining_usd: 48.2, used_usd: 12 }) },
  { name: 'Code review bot', answer: apertisPayg({ remaining_usd: 63.1, used_usd: 4 }) },
  { name: 'Evals', answer: apertisPayg({ remaining_usd: 120, used_usd: 30 }) },
  { name: 'Docs writer', answer: apikleyCredits(8400), apikley: true },
  { name: 'Night batch', answer: apertisPayg({ remaining_usd: 35, used_usd: 5 }) },
  { name: 'Max subscription', answer: subscription(3200) },
  { name: 'Translation', answer: apertisPayg({ remaining_usd: 22, used_usd: 3 }) },
  { name: 'Staging', answer: apertisPayg({ remaining_usd: 7.4, used_usd: 2 }) },
  { name: 'Scraper', answer: apertisPayg({ remaining_usd: 51, used_usd: 9 }) },
  { name: 'Prototype', answer: apertisPayg({ remaining_usd: 29, used_usd: 1 }) },
  { name: 'Pro subscription', answer: subscription(250) },
  { name: 'Support bot', answer: apertisPayg({ remaining_usd: 44, used_usd: 6 }) },
  { name: 'Embeddings', answer: apertisPayg({ remaining_usd: 77, used_usd: 3 }) },
  { name: 'Prod agents', answer: httpError(401, { error: { message: 'Invalid API key' } }), before: { remaining: 30 } },
  { name: 'Research', answer: httpError(503), before: { remaining: 22, failures: 2 } },
  { name: 'CI pipeline', answer: apertisPayg({ remaining_usd: 3.12, used_usd: 40 }) },
  { name: 'Classifier', answer: apikleyCredits(12000), apikley: true },
  { name: 'Overnight', answer: apertisPayg({ remaining_usd: 90, used_usd: 10 }) },
  { name: 'Batch runner', answer: apikleyCredits(420), apikley: true },
  { name: 'Playground', answer: apertisPayg({ remaining_usd: 18, used_usd: 2 }) },
  { name: 'Summaries', answer: apertisPayg({ remaining_usd: 40, used_usd: 60 }), history: [52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41] },
  { name: 'Legacy key', answer: apertisPayg({ remaining_usd: 60, used_usd: 8 }) },
  { name: 'Agents EU', answer: apertisPayg({ remaining_usd: -1.5, used_usd: 11.5, total_usd: 10 }) },
  { name: 'Sandbox', answer: apertisPayg({ remaining_usd: 26, used_usd: 4 }) },
  { name: 'Finetune', answer: apertisPayg({ remaining_usd: 70, used_usd: 5 }) },
];

/** Worst first: the rejected key, the low ones, the failing one, the close ones; each group in added order. */
const NEED_YOU = ['Prod agents', 'Pro subscription', 'CI pipeline', 'Batch runner', 'Agents EU', 'Research', 'Staging', 'Summaries'];

/**
 * Adds the first account through the form (that click grants loopback access), then writes the rest
 * straight into storage beside it, with what a profile would already know about some of them (a
 * last good value, failures so far, a few hours of history), as a restored profile holds them.
 */
async function seed(worker: Worker, options: OptionsPage, fakeApi: FakeApi, seeds: Seed[]): Promise<StoredAccount[]> {
  const keyOf = (i: number) => `sk-row-${String(i).padStart(2, '0')}-${seeds[i]!.name.toLowerCase().replace(/\W+/g, '-')}`;
  seeds.forEach((s, i) => fakeApi.set(keyOf(i), s.answer));
  await options.addAccount({ provider: seeds[0]!.apikley ? 'Apikley' : 'Apertis', name: seeds[0]!.name, key: keyOf(0) });
  const [first] = (await stored(worker, 'accounts')) as StoredAccount[];
  const now = Date.now();
  const records: Record<string, unknown> = {};
  const accounts = seeds.map((s, i) => {
    if (i === 0) return first!;
    const account = {
      ...first!,
      id: `acc-row-${i}`,
      name: s.name,
      key: keyOf(i),
      ...(s.apikley ? { provider: 'apikley', warnBelow: 500, warnUnit: 'credits' } : { provider: 'apertis', warnBelow: 5, warnUnit: 'USD' }),
    } as StoredAccount;
    const fp = fingerprint(account);
    if (s.before) {
      records[`state:${account.id}`] = {
        for: fp,
        snapshot: { provider: 'apertis', unit: 'USD', remaining: s.before.remaining, used: 1, total: s.before.remaining + 1, unlimited: false, readAt: now - 40 * 60_000 },
        failures: s.before.failures ?? 0,
        ...(s.before.failures ? { error: { kind: 'server', message: 'Server error', at: now - 20 * 60_000 } } : {}),
        lastAttemptAt: now - 20 * 60_000,
        alerts: {},
      };
    }
    if (s.history) {
      const samples = s.history.map((balance, h) => [Math.floor((now - (s.history!.length - h) * HOUR) / 1000), balance]);
      records[`history:${account.id}`] = { v: 1, for: fp, samples };
    }
    return account;
  });
  await worker.evaluate(([list, more]) => chrome.storage.local.set({ ...more, accounts: list }), [accounts, records] as const);
  return accounts;
}

/** Opens the popup at the size Chrome gives it and waits until every account has its result. */
async function openPopup(popup: PopupPage, height = 600) {
  const page = await popup.open();
  await page.setViewportSize({ width: 360, height });
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.locator('header.top')).not.toContainText('Still reading', { timeout: 15_000 });
  await expect(page.locator('header.top')).not.toContainText('Refreshing');
  return page;
}

const shownNames = (popup: PopupPage) => popup.page.locator('li.row .name').allTextContents();

test('25 keys: the ones that need you come first, under a header that stays, the healthy folded', async ({
  context,
  extensionId,
  serviceWorker,
  options,
  fakeApi,
}) => {
  test.setTimeout(90_000);
  await seed(serviceWorker, options, fakeApi, MIXED);
  const popup = new PopupPage(context, extensionId);
  const page = await openPopup(popup);

  // What needs the user, and why, on the first screen: the header counts them, the rows say it.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('8 need attention');
  await expect(page.locator('header.top')).toContainText(/Updated (this minute|\d+ min\. ago) · 2 failed/);
  expect(await shownNames(popup)).toEqual(NEED_YOU);
  await expect(popup.account('Prod agents').locator('.why')).toContainText('API key rejected');
  await expect(popup.account('Pro subscription').locator('.value')).toHaveText('250 left');
  await expect(popup.account('Pro subscription').locator('.why')).toContainText('Quota 5% left (warn < 10%)');
  await expect(popup.account('CI pipeline').locator('.why')).toContainText('$3.12 (warn < $5.00)');
  await expect(popup.account('Batch runner').locator('.why')).toContainText('420 credits (warn < 500 credits)');
  await expect(popup.account('Agents EU').locator('.why')).toContainText('Overdrawn by $1.50');
  await expect(popup.account('Research').locator('.why')).toContainText('Server error');
  await expect(popup.account('Staging').locator('.why')).toContainText('$7.40 (warn < $5.00)');
  // The forecast drives the status: $40 at ~$24 a day is under three days.
  await expect(popup.account('Summaries').locator('.fc')).toHaveText(/^~(1|2)d$/);
  await expect(popup.account('Summaries').locator('.why')).toContainText(/Runs out in ~(1|2)d \(warn < 3d\)/);
  for (const name of NEED_YOU) await expect(popup.account(name)).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Refresh', exact: true })).toBeInViewport();
  await saveScreenshot(page, 'popup-25-light');

  // The healthy seventeen fold behind one button, which opens them.
  await expect(popup.fold).toHaveText('17 OK');
  // The ▸ glyph is decoration: a screen reader hears "17 OK".
  await expect(popup.fold).toHaveAccessibleName('17 OK');
  await expect(popup.fold).toHaveAttribute('aria-expanded', 'false');
  await expect(popup.account('Finetune')).toHaveCount(0);
  await popup.fold.click();
  await expect(popup.account('Finetune')).toBeVisible();
  await expect(popup.account('Max subscription').locator('.value')).toHaveText('3,200 left');
  await expect(popup.account('Max subscription').locator('.why')).toHaveText(/^OK · renews in 1[01]d$/);
  // Its row leads with the quota; open, it names the pay-as-you-go money too (issue 19).
  await popup.expand('Max subscription');
  await expect(popup.fact('Max subscription', 'Pay-as-you-go left')).toHaveText('$0.95');
  await expect(popup.fact('Max subscription', 'Quota left')).toHaveText('3,200');
  await popup.rowButton('Max subscription').click();
  // Compact: at least twelve rows in a 600 px popup.
  const rowsInView = await page.evaluate(() => [...document.querySelectorAll('li.row')].filter((row) => row.getBoundingClientRect().bottom <= innerHeight).length);
  expect(rowsInView).toBeGreaterThanOrEqual(12);
  // Scrolled to the end, the header and its Refresh are still there.
  await page.locator('li.row').last().scrollIntoViewIfNeeded();
  await expect(page.getByRole('button', { name: 'Refresh', exact: true })).toBeInViewport();
  await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();
  await saveScreenshot(page, 'popup-25-unfolded');

  // Pin: a pinned healthy account leads its group and stays when the rest fold again.
  await popup.expand('Finetune');
  await popup.account('Finetune').getByRole('button', { name: 'Pin' }).click();
  await expect(popup.account('Finetune').locator('.pin')).toBeVisible();
  await popup.fold.click();
  expect(await shownNames(popup)).toEqual([...NEED_YOU, '◈ Pinned: Finetune']);
  await expect(popup.fold).toHaveText('16 OK');
  expect(((await stored(serviceWorker, 'accounts')) as Array<{ name: string; pinned?: boolean }>).find((a) => a.name === 'Finetune')?.pinned).toBe(true);

  // One row open, in dark: the details of the rejected key.
  await popup.rowButton('Finetune').click();
  await popup.expand('Prod agents');
  await expect(popup.account('Prod agents').locator('.details')).toContainText('Last good value shown, read');
  await expect(popup.account('Prod agents').getByRole('button', { name: 'Fix key' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, 'popup-25-dark');
  expect(await seriousViolations(page)).toEqual([]);

  // Fix key: the settings page opens on that account, its key field focused.
  const [settings] = await Promise.all([context.waitForEvent('page'), popup.account('Prod agents').getByRole('button', { name: 'Fix key' }).click()]);
  const dialog = settings.getByRole('dialog');
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('Prod agents');
  await expect(dialog.getByLabel('API key', { exact: true })).toBeFocused();
  await expect(settings.locator('html')).toHaveAttribute('lang', /^en(-|$)/);
  expect(await seriousViolations(settings)).toEqual([]);
  await settings.keyboard.press('Escape');
  expect(await seriousViolations(settings)).toEqual([]);
  expect(popup.errors).toEqual([]);

  // The store's screenshots (issue 23): these 25 keys, the popup as Chrome opens it, light and dark.
  await storePopupShot(context, extensionId, 'store-popup-light', {
    title: 'Credit Gauge',
    lines: [
      'Every API key you hold, the ones that will stop your agent first.',
      'Why, in words: "Quota 5% left (warn < 10%)", "Runs out in ~1d".',
      'Top up, fix a key, snooze or pin, right from the row.',
    ],
  });
  await storePopupShot(context, extensionId, 'store-popup-dark', {
    dark: true,
    open: 'Prod agents',
    title: 'What to do, where you look',
    lines: [
      'A rejected key keeps its last good value and says when it was read.',
      'Fix key opens its settings with the key field ready.',
      'Twelve providers and the signed-in sites: Claude, Codex, Cursor.',
    ],
  });
});

test('keyboard only: Tab reaches the rows, Enter and Space open and close them, r refreshes', async ({
  context,
  extensionId,
  serviceWorker,
  options,
  fakeApi,
}) => {
  // Added first through the form: a healthy key (a rejected one would stop at the check).
  await seed(serviceWorker, options, fakeApi, [MIXED[16]!, ...MIXED.slice(13, 16)]);
  const popup = new PopupPage(context, extensionId);
  const page = await openPopup(popup);
  await page.reload();
  await page.keyboard.press('Tab'); // History
  await expect(page.getByRole('link', { name: 'History' })).toBeFocused();
  await page.keyboard.press('Tab'); // Settings
  await page.keyboard.press('Tab'); // Refresh
  await expect(page.getByRole('button', { name: 'Refresh', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(popup.rowButton('Prod agents')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(popup.rowButton('Prod agents')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab'); // into the details: the first action
  await expect(popup.account('Prod agents').getByRole('button', { name: /^Refresh/ })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  await expect(popup.rowButton('Prod agents')).toHaveAttribute('aria-expanded', 'false');
  fakeApi.clearRequests();
  await page.keyboard.press('r');
  await expect.poll(() => fakeApi.requests.length).toBe(4);
  expect(popup.errors).toEqual([]);
});

test('act where you look: refresh one, top up, snooze silences the next crossing and says so', async ({
  context,
  extensionId,
  serviceWorker,
  options,
  fakeApi,
}) => {
  const accounts = await seed(serviceWorker, options, fakeApi, [
    { name: 'Control', answer: apertisPayg({ remaining_usd: 30, used_usd: 1 }) },
    { name: 'Quiet', answer: apertisPayg({ remaining_usd: 30, used_usd: 1 }) },
    { name: 'Credits', answer: apikleyCredits(5000), apikley: true },
  ]);
  const popup = new PopupPage(context, extensionId);
  const page = await openPopup(popup);

  // Refresh on a row reads that account only.
  fakeApi.clearRequests();
  const credits = await popup.expand('Credits');
  await credits.getByRole('button', { name: 'Refresh Credits' }).click();
  await expect.poll(() => fakeApi.requests.length).toBe(1);
  expect(fakeApi.requestsTo('apikley', accounts[2]!.key)).toHaveLength(1);

  // Top up opens the provider's page in a tab (served here: official hosts never resolve in tests).
  await context.route('https://apikley.ru/**', (route) => route.fulfill({ body: '<title>Apikley top-up</title>', contentType: 'text/html' }));
  const [tab] = await Promise.all([context.waitForEvent('page'), credits.getByRole('button', { name: 'Top up' }).click()]);
  await expect(tab).toHaveTitle('Apikley top-up');
  expect(tab.url()).toMatch(/^https:\/\/apikley\.ru\/?$/);
  await tab.close();

  // Snooze: said on the row, and the next crossing of "Quiet" notifies nobody, while "Control"'s does.
  const quiet = await popup.expand('Quiet');
  await quiet.getByRole('button', { name: 'Snooze' }).click();
  await expect(quiet.locator('.why')).toContainText(/Alerts snoozed until /);
  await expect(quiet.getByRole('button', { name: 'End snooze' })).toBeVisible();
  const snoozedUntil = ((await stored(serviceWorker, 'accounts')) as Array<{ name: string; snoozedUntil?: number }>).find((a) => a.name === 'Quiet')?.snoozedUntil;
  expect(snoozedUntil! - Date.now()).toBeGreaterThan(23 * HOUR);
  for (const key of [accounts[0]!.key, accounts[1]!.key]) fakeApi.set(key, apertisPayg({ remaining_usd: 2, used_usd: 29 }));
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(popup.account('Quiet').locator('.why')).toContainText('$2.00 (warn < $5.00)');
  await expect.poll(async () => Object.keys(await notifications(serviceWorker))).toContain(`${accounts[0]!.id}|lowBalance`);
  expect(Object.keys(await notifications(serviceWorker))).not.toContain(`${accounts[1]!.id}|lowBalance`);
  await page.setViewportSize({ width: 360, height: 420 });
  await saveScreenshot(page, 'popup-actions');
  expect(popup.errors).toEqual([]);
});

test('in Russian: the header, the rows and the fold speak Russian, with Russian numbers', async ({
  serviceWorker,
  options,
  fakeApi,
  session,
  userDataDir,
}) => {
  test.setTimeout(90_000);
  await seed(serviceWorker, options, fakeApi, MIXED);
  // The same profile, the browser now in Russian.
  await session.current.context.close();
  session.current = await launchExtension(userDataDir, undefined, ['--lang=ru']);
  const popup = new PopupPage(session.current.context, session.current.extensionId);
  const page = await popup.open();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.getByRole('button', { name: 'Обновить', exact: true }).click();
  await expect(page.locator('header.top')).not.toContainText('Ещё обновля', { timeout: 15_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('8 требуют внимания');
  await expect(popup.fold).toHaveText('17 в порядке');
  await expect(popup.account('CI pipeline').locator('.value')).toHaveText('3,12\u00a0$');
  expect(await seriousViolations(page)).toEqual([]);
  await saveScreenshot(page, 'popup-25-ru');
  expect(popup.errors).toEqual([]);
});
