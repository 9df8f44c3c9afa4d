// The History page (issue 21) in Chromium: opened from the popup, against the
// fake API's readings; the range, the filter, the CSV; 25 accounts with a year
// of history in light, dark and Russian.
import { readFile } from 'node:fs/promises';
import type { Page, Worker } from '@playwright/test';
import { seriousViolations } from './axe';
import { apertisPayg } from './fake-api';
import { expect, launchExtension, test } from './fixtures';
import { accountsWithHistory } from './history-seed';
import { PopupPage } from './pages/popup';
import { saveScreenshot } from './screenshots';
import { saveStoreScreenshot } from './store-shots';
import { stored } from './worker';
import { parseCsv } from '../lib/testing';

declare const chrome: typeof import('wxt/browser').browser;

const HOUR = 3_600_000;

/** Readings of past hours as the engine stores them (one JSON string), for an account added on the fake. */
async function seedPast(worker: Worker, id: string, readings: Array<[hoursAgo: number, balance: number]>, now: number) {
  const samples = readings.map(([hours, balance]) => [Math.floor((now - hours * HOUR) / 1000), balance]);
  await worker.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [`history:${id}`, JSON.stringify({ v: 1, samples })] as const);
  return samples.map(([seconds]) => new Date(seconds! * 1000).toISOString().replace('.000Z', 'Z'));
}

async function downloadCsv(page: Page): Promise<{ name: string; rows: string[][]; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const text = await readFile((await download.path())!, 'utf8');
  return { name: download.suggestedFilename(), rows: parseCsv(text), text };
}

test('History from the popup: the spend the fake saw, a range remembered, one account, and its CSV', async ({
  context,
  extensionId,
  serviceWorker,
  options,
  fakeApi,
}) => {
  fakeApi.set('sk-agent-secret', apertisPayg({ remaining_usd: 21, used_usd: 9 }));
  fakeApi.set('sk-batch-secret', apertisPayg({ remaining_usd: 52, used_usd: 8 }));
  await options.addAccount({ name: 'Agent, "prod"', key: 'sk-agent-secret' });
  await options.addAccount({ name: 'Batch', key: 'sk-batch-secret' });
  const [agent, batch] = (await stored(serviceWorker, 'accounts')) as Array<{ id: string }>;
  // Earlier readings, as the engine keeps them: two days ago, then hourly.
  const now = Date.now();
  const agentTimes = await seedPast(serviceWorker, agent!.id, [[48, 30], [3, 23], [2, 22], [1, 21]], now);
  const batchTimes = await seedPast(serviceWorker, batch!.id, [[3, 60], [2, 55], [1, 52]], now);

  // A refresh now: the fake's new balances are the newest readings.
  const popup = new PopupPage(context, extensionId);
  await popup.open();
  await popup.page.bringToFront();
  fakeApi.set('sk-agent-secret', apertisPayg({ remaining_usd: 19.5, used_usd: 10.5 }));
  fakeApi.set('sk-batch-secret', apertisPayg({ remaining_usd: 50, used_usd: 10 }));
  await popup.page.getByRole('button', { name: 'Refresh' }).click();
  await expect(popup.account('Batch')).toContainText('$50.00');
  await expect(popup.account('Agent, "prod"')).toContainText('$19.50');

  // The popup header's "History" opens the page in a tab.
  const [page] = await Promise.all([context.waitForEvent('page'), popup.page.getByRole('link', { name: 'History' }).click()]);
  await page.bringToFront();
  await expect(page).toHaveURL(/\/balance-history\.html$/);
  // Its own page, never the browser's: an entrypoint named "history" would replace chrome://history.
  expect(await serviceWorker.evaluate(() => (chrome.runtime.getManifest() as { chrome_url_overrides?: unknown }).chrome_url_overrides)).toBeUndefined();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('History');
  // 7 days: Agent fell 30 → 19.50 ($10.50), Batch 60 → 50 ($10).
  await expect(page.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.total')).toHaveText('Spent $20.50 in the last 7 days');
  await expect(page.locator('.legend')).toContainText('Agent, "prod"spent $10.50');

  // 24 hours: of Agent's fall from 30 two days ago only the last day's share counts.
  await page.getByRole('button', { name: '24 hours' }).click();
  await expect(page.getByRole('button', { name: '24 hours' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.total')).toHaveText(/^Spent \$(1[6-7]\.\d\d) in the last 24 hours$/);
  // The choice is remembered.
  await page.reload();
  await expect(page.getByRole('button', { name: '24 hours' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '7 days' }).click();

  // The keyboard walks the balance chart; each step reads a time and the values.
  const slider = page.getByRole('slider', { name: 'Balance, USD' });
  await slider.focus();
  await expect(slider).toHaveAttribute('aria-valuetext', /Agent, "prod": \$19\.50 · Batch: \$50\.00$/);
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', /Batch: \$50\.00/);

  // The CSV of both: every reading, the fake's newest last, no key.
  const all = await downloadCsv(page);
  expect(all.name).toMatch(/^credit-gauge-history-7d-\d{4}-\d\d-\d\d\.csv$/);
  expect(all.rows[0]).toEqual(['time', 'account', 'provider', 'measure', 'value', 'unit']);
  const agentRows = all.rows.filter((row) => row[1] === 'Agent, "prod"');
  expect(agentRows.map((row) => row[4])).toEqual(['30', '23', '22', '21', '19.5']);
  expect(agentRows.slice(0, 4).map((row) => row[0])).toEqual(agentTimes);
  expect(agentRows.every((row) => row[2] === 'Apertis' && row[3] === 'balance' && row[5] === 'USD')).toBe(true);
  expect(all.text).not.toContain('sk-agent-secret');
  expect(all.text).not.toContain('sk-batch-secret');

  // One account: the open row's "History" shows Batch alone, and its CSV holds Batch alone.
  await popup.page.bringToFront();
  const row = await popup.expand('Batch');
  const [batchPage] = await Promise.all([context.waitForEvent('page'), row.getByRole('button', { name: 'History of Batch' }).click()]);
  await batchPage.bringToFront();
  await expect(batchPage.locator('.filter summary')).toHaveText('Account: Batch');
  await expect(batchPage.locator('.total')).toHaveText('Spent $10.00 in the last 7 days');
  const one = await downloadCsv(batchPage);
  expect(one.rows.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([
    ...batchTimes.map((time, i) => [time, 'Batch', ['60', '55', '52'][i]]),
    [expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), 'Batch', '50'],
  ]);
  // Back to both from the filter.
  await batchPage.locator('.filter summary').click();
  await batchPage.getByRole('checkbox', { name: 'All accounts' }).check();
  await expect(batchPage.locator('.total')).toHaveText('Spent $20.50 in the last 7 days');
  expect(await seriousViolations(batchPage)).toEqual([]);
});

test('History of 25 accounts with a year each: light, dark and Russian; axe-clean; nothing recorded says so', async ({
  session,
  serviceWorker,
  extensionId,
  userDataDir,
}) => {
  test.setTimeout(120_000);
  const open = async (id: string) => {
    const page = await session.current.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.bringToFront();
    await page.goto(`chrome-extension://${id}/balance-history.html`);
    return { page, errors };
  };

  // Nothing stored yet.
  const empty = await open(extensionId);
  await expect(empty.page.getByRole('heading', { level: 2 })).toHaveText('Nothing recorded yet');
  await empty.page.close();

  await serviceWorker.evaluate((items) => chrome.storage.local.set(items), accountsWithHistory(25, Date.now()));
  const { page, errors } = await open(extensionId);
  await expect(page.locator('.plot canvas').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['USD', 'CNY', 'Credits', 'Limits, % used']);
  await expect(page.locator('.unit-group').first().locator('.total')).toHaveText(/^Spent \$[\d,]+\.\d\d in the last 7 days$/);
  await expect(page.locator('body')).not.toContainText('NaN');
  await saveScreenshot(page, 'history-25', true);
  await page.getByRole('button', { name: '30 days' }).click();
  await expect(page.locator('.total').first()).toContainText('in the last 30 days');
  await saveStoreScreenshot(page, 'store-history');
  await page.getByRole('button', { name: '1 year' }).click();
  await expect(page.locator('.total').first()).toContainText('in the last year');
  await page.getByText('Spend per day as a table').first().click();
  await expect(page.locator('table').first().locator('tbody tr')).toHaveCount(365);
  expect(await seriousViolations(page)).toEqual([]);
  await saveScreenshot(page, 'history-25-year', true);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('button', { name: '30 days' }).click();
  await expect(page.locator('.total').first()).toContainText('in the last 30 days');
  await saveScreenshot(page, 'history-25-dark', true);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);

  // The same profile, the browser in Russian.
  await session.current.context.close();
  session.current = await launchExtension(userDataDir, undefined, ['--lang=ru']);
  const ru = await open(session.current.extensionId);
  await expect(ru.page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(ru.page.getByRole('heading', { level: 1 })).toHaveText('История');
  await expect(ru.page.getByRole('button', { name: '30 дней' })).toHaveAttribute('aria-pressed', 'true');
  await expect(ru.page.locator('.total').first()).toHaveText(/^Потрачено [\d\s\u00a0]+,\d\d\u00a0\$ за последние 30 дней$/);
  await expect(ru.page.locator('.plot canvas').first()).toBeVisible();
  await saveScreenshot(ru.page, 'history-25-ru', true);
  expect(await seriousViolations(ru.page)).toEqual([]);
  expect(ru.errors).toEqual([]);
});
