// The popup's first screen without its JavaScript (issue 22): the background
// renders it whenever what the popup shows is stored anew, the early script puts
// it on the page the moment its read returns, and the app takes it over.
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { fingerprint } from '../lib/store/fingerprint';
import { POPUP_INTERACTIVE, POPUP_SCREEN, type PopupScreen } from '../lib/store/popup-screen';
import { DEFAULT_SETTINGS } from '../lib/store/types';
import type { Account } from '../lib/model/account';
import { cycleSnapshot, makeAccount, paygSnapshot } from '../lib/testing';
import { expect, test } from './fixtures';
import { asScreenWrites, WATCH_FIRST_SIGHT, type FirstSight } from './first-sight';
import { stored } from './worker';

declare const chrome: typeof import('wxt/browser').browser;

const HOUR = 3_600_000;

/** `count` keys read just now; every third is under its $5 threshold, so it needs the user. */
function accounts(count: number, now: number, name = (i: number) => `Key ${i}`, extra: Partial<Account> = {}): Record<string, unknown> {
  const list = Array.from({ length: count }, (_, i) => makeAccount({ id: `k${i}`, name: name(i), key: `sk-first-${i}`, warnBelow: 5, warnUnit: 'USD', ...extra }));
  const items: Record<string, unknown> = { accounts: list, settings: DEFAULT_SETTINGS };
  for (const [i, account] of list.entries()) {
    const snapshot = i === 4 ? { ...cycleSnapshot(900, 5000, now), remaining: 0.9 } : paygSnapshot(i % 3 === 0 ? 1 + i / 10 : 40 + i, now);
    items[`state:${account.id}`] = { for: fingerprint(account), snapshot, failures: 0, lastAttemptAt: now, alerts: {} };
  }
  return items;
}

/** Stores `items` and waits for the background to render the popup's screen from them (it shows `shows`). */
async function storeAndRender(worker: Worker, items: Record<string, unknown>, shows: string): Promise<PopupScreen> {
  await worker.evaluate((values) => chrome.storage.local.set(values), items);
  await expect.poll(async () => ((await stored(worker, POPUP_SCREEN)) as { html?: string } | undefined)?.html ?? '', { timeout: 10_000 }).toContain(shows);
  return (await stored(worker, POPUP_SCREEN)) as PopupScreen;
}

/**
 * Opens the popup, noting what #app held the moment it first held anything (before the app took over, or
 * the app's own render when no screen was shown), then waits for the app.
 */
async function openWatching(context: BrowserContext, url: string): Promise<{ page: Page; first: FirstSight }> {
  const page = await context.newPage();
  await page.bringToFront();
  await page.addInitScript({ content: WATCH_FIRST_SIGHT });
  await page.goto(url);
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, POPUP_INTERACTIVE);
  const first = await page.evaluate(() => (window as unknown as { __firstSight: FirstSight }).__firstSight);
  return { page, first };
}

const rowBoxes = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('#app li.row, #app button.fold')].map((row) => { const box = row.getBoundingClientRect(); return [box.top, box.height, box.width]; }));

test.describe('the popup paints first from the screen the background rendered', () => {
  test('what is painted first is what the app shows a moment later: same words, same rows, same places', async ({ context, serviceWorker, extensionId }) => {
    await storeAndRender(serviceWorker, accounts(20, Date.now()), 'Key 18');
    const { page, first } = await openWatching(context, `chrome-extension://${extensionId}/popup.html`);
    // The screen was on the page before the app ran, and the app changed nothing of it.
    expect(first.appRunning).toBe(false);
    expect(first.html).toContain('need attention');
    expect(asScreenWrites(await page.locator('#app').innerHTML())).toBe(first.html);
    expect(await rowBoxes(page)).toEqual(first.rows);
    // And it is the live app: a row opens, Refresh answers.
    await page.locator('li.row .row-head').first().click();
    await expect(page.locator('li.row .row-head').first()).toHaveAttribute('aria-expanded', 'true');
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(page.locator('#status')).not.toHaveText(first.status!);
  });

  test('a screen rendered hours ago says how old what it shows is', async ({ context, serviceWorker, extensionId }) => {
    // Read three hours ago, and the screen rendered then ("Updated this minute"); nothing since. Paused,
    // so that no refresh reads them while the test runs.
    const readAt = Date.now() - 3 * HOUR;
    const screen = await storeAndRender(serviceWorker, accounts(3, readAt, undefined, { paused: true }), 'Key 2');
    expect(screen).toMatchObject({ status: { readAt, before: 'Updated ', after: '' } });
    const rendered = { ...screen, at: readAt, html: screen.html.replace(/Updated [^<]+ ago/, 'Updated this minute') };
    await serviceWorker.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [POPUP_SCREEN, rendered] as const);
    const { first } = await openWatching(context, `chrome-extension://${extensionId}/popup.html`);
    expect(first.appRunning).toBe(false);
    expect(first.status).toBe('Updated 3 hr. ago');
  });

  test('a name that looks like markup is text on the first screen; a screen holding other markup is not shown', async ({ context, serviceWorker, extensionId }) => {
    const name = '<img src=x onerror="document.title=\'pwned\'">';
    const screen = await storeAndRender(serviceWorker, accounts(2, Date.now(), (i) => (i === 0 ? name : `Key ${i}`)), 'Key 1');
    expect(JSON.stringify(screen)).not.toContain('sk-first');
    let { page, first } = await openWatching(context, `chrome-extension://${extensionId}/popup.html`);
    expect(first.appRunning).toBe(false);
    await expect(page.locator('li.row .name').first()).toHaveText(name);
    expect(await page.locator('#app img').count()).toBe(0);
    await page.close();

    // Something else wrote an image into the stored screen: the early script leaves the page to the app.
    await serviceWorker.evaluate(
      ([key, value]) => chrome.storage.local.set({ [key]: value }),
      [POPUP_SCREEN, { ...screen, html: screen.html.replace('<ul class="rows">', '<img src="x"><ul class="rows">') }] as const,
    );
    ({ page, first } = await openWatching(context, `chrome-extension://${extensionId}/popup.html`));
    expect(first.appRunning).toBe(true);
    expect(await page.locator('#app img').count()).toBe(0);
    await expect(page.locator('li.row')).toHaveCount(2);
    expect(await page.title()).not.toBe('pwned');
  });
});
