// The History page in a real Firefox (issue 21): 25 accounts with a year of history, stored as the
// engine stores them, drawn by uPlot from the add-on's own page; the range switched; nothing logged.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { accountsWithHistory } from '../e2e/history-seed';
import { launchFirefox, type Firefox } from './firefox';

declare const browser: typeof import('wxt/browser').browser;

let firefox: Firefox;

beforeAll(async () => {
  firefox = await launchFirefox({ install: 'temporary' });
  const options = await firefox.openExtensionPage('options.html');
  await options.evaluate((items) => browser.storage.local.set(items), accountsWithHistory(25, Date.now()));
});

afterAll(async () => {
  await firefox?.close();
});

test('25 accounts with a year each: every unit charted, the totals in words, a year a click away', async () => {
  const page = await firefox.openExtensionPage('balance-history.html');
  await page.waitForSelector('.plot canvas');
  const headings = await page.$$eval('h2', (nodes) => nodes.map((node) => node.textContent));
  expect(headings).toEqual(['USD', 'CNY', 'Credits', 'Limits, % used']);
  const total = () => page.$eval('.total', (node) => node.textContent);
  expect(await total()).toMatch(/^Spent \$[\d,]+\.\d\d in the last 7 days$/);
  expect(await page.$$eval('.plot canvas', (nodes) => nodes.length)).toBeGreaterThanOrEqual(7);
  await page.$$eval('.ranges button', (buttons) => (buttons.at(-1) as HTMLButtonElement).click());
  await expect.poll(total, { timeout: 10_000 }).toMatch(/in the last year$/);
  expect(await page.$eval('body', (body) => body.textContent)).not.toContain('NaN');
  expect(await firefox.errors()).toEqual([]);
});
