// The extension in a real headless Firefox, used as a user would, against the local fake of both APIs.
// One Firefox for the whole file (a start costs ~4.5 s): the tests run in order and build on each other,
// and the last one checks that nothing went wrong in the extension's documents over the whole run.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apertisPayg, apikleyCredits, hang, startFakeApi, type FakeApi } from '../e2e/fake-api';
import { asScreenWrites } from '../e2e/first-sight';
import { POPUP_INTERACTIVE } from '../lib/store/popup-screen';
import { launchFirefox, readBuild, type Firefox } from './firefox';
import {
  addAccount,
  answeredSince,
  badgeText,
  badgeTitle,
  clickButton,
  clearNotifications,
  ageStoredReadings,
  fireRefreshAlarm,
  notifications,
  refreshAlarm,
  rowText,
} from './pages';

declare const browser: typeof import('wxt/browser').browser;

let firefox: Firefox;
let fake: FakeApi;
/** The settings page, open for the whole run; the extension's APIs are read from it too. */
let options: Page;

beforeAll(async () => {
  // No CORS headers, like the real APIs: the extension must hold the host permission to read it.
  fake = await startFakeApi({ cors: false });
  firefox = await launchFirefox({ install: 'temporary' });
  console.log(`Firefox started in ${firefox.startMs} ms (${await firefox.browser.version()})`);
  options = await firefox.openExtensionPage('options.html');
});

afterAll(async () => {
  await firefox?.close();
  await fake?.close();
});

const hasLoopbackAccess = (page: Page) =>
  page.evaluate(() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] }));

test('the add-on installs and its background starts: refresh alarm set, badge readable', async () => {
  await expect.poll(async () => (await firefox.probe()).background, { timeout: 10_000 }).toBe('running');
  await expect.poll(() => refreshAlarm(options), { timeout: 10_000 }).toMatchObject({ name: 'refresh', periodInMinutes: 5 });
  expect(await badgeText(options)).toBe('');
  expect(await badgeTitle(options)).toContain('Credit Gauge');
});

test('two accounts added on the options page by their labels; the popup shows their balances', async () => {
  fake.set('sk-healthy', apertisPayg({ remaining_usd: 40, used_usd: 2 }));
  fake.set('sk-batch', apikleyCredits(9000));
  // Loopback is an optional host permission: not held until the user's click asks for it.
  expect(await hasLoopbackAccess(options)).toBe(false);

  const work = await addAccount(options, { name: 'Work', key: 'sk-healthy', baseUrl: fake.baseUrl });
  expect(work).toMatch(/^Saved “Work”: /);
  expect(work).not.toContain('could not be read');
  // Granted through the extension's own permissions.request() from the real click on "Add account".
  expect(await hasLoopbackAccess(options)).toBe(true);
  expect(fake.requestsTo('apertis', 'sk-healthy').length).toBeGreaterThan(0);

  const batch = await addAccount(options, { provider: 'Apikley', name: 'Batch', key: 'sk-batch', baseUrl: fake.baseUrl });
  expect(batch).toMatch(/^Saved “Batch”: /);
  expect(batch).not.toContain('could not be read');
  expect(fake.requestsTo('apikley', 'sk-batch').length).toBeGreaterThan(0);

  const popup = await firefox.openExtensionPage('popup.html');
  try {
    await expect.poll(() => rowText(popup, 'Work'), { timeout: 10_000 }).toContain('$40.00');
    await expect.poll(() => rowText(popup, 'Batch'), { timeout: 10_000 }).toContain('9,000');
    expect(await rowText(popup, 'Batch')).toMatch(/credits/i);
  } finally {
    await popup.close();
  }
  // All is well: the badge stays quiet and nothing was notified.
  expect(await badgeText(options)).toBe('');
  expect(await notifications(options)).toEqual({});
});

test('the popup paints the screen the background rendered ahead of time, before its app runs; the app keeps it', async () => {
  // The background renders the screen whenever what the popup shows is stored anew (issue 22): both
  // balances, once they have landed.
  await expect
    .poll(() => options.evaluate(async () => ((await browser.storage.local.get('popupScreen'))['popupScreen'] as { html?: string } | undefined)?.html ?? ''), { timeout: 10_000 })
    .toMatch(/\$40\.00[\s\S]*9,000|9,000[\s\S]*\$40\.00/);
  const popup = await firefox.openExtensionPage('popup.html');
  try {
    await popup.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, {}, POPUP_INTERACTIVE);
    const seen = await popup.evaluate(async (mark) => {
      const rows = (html: string) => {
        const template = document.createElement('template');
        template.innerHTML = html;
        return template.content.querySelector('ul.rows')?.outerHTML;
      };
      const stored = (await browser.storage.local.get('popupScreen'))['popupScreen'] as { html: string };
      return {
        painted: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Infinity,
        appRan: performance.getEntriesByName(mark)[0]!.startTime,
        screenRows: rows(stored.html),
        appRows: rows(document.getElementById('app')!.innerHTML),
      };
    }, POPUP_INTERACTIVE);
    // Balances were on screen before the app's JavaScript had run, and the app drew the same rows over them.
    expect(seen.painted).toBeLessThan(seen.appRan);
    expect(seen.screenRows).toContain('Batch');
    expect(asScreenWrites(seen.appRows!)).toBe(seen.screenRows);
    // And it is the live app: a row opens on its details, with their actions (the chunk loaded after the paint).
    await popup.click('li.row .row-head');
    await popup.waitForSelector('li.row .details:not([hidden]) .actions');
  } finally {
    await popup.close();
  }
});

test('the refresh alarm notices a low balance: badge, tooltip and one notification per crossing', async () => {
  // The balance drops while nobody looks; the next alarm notices.
  fake.set('sk-healthy', apertisPayg({ remaining_usd: 0.42, used_usd: 41.58 }));
  const mark = fake.requests.length;
  await ageStoredReadings(options);
  await fireRefreshAlarm(options);
  await expect.poll(() => badgeText(options), { timeout: 10_000 }).toBe('$0.4');
  expect(answeredSince(fake, mark)).toBe(2); // both accounts, one request each
  expect(await badgeTitle(options)).toBe('Credit Gauge: 1 account needs attention\nWork: $0.42 left — low\nBatch: 9,000 credits left');
  await expect.poll(async () => Object.keys(await notifications(options)), { timeout: 5_000 }).toHaveLength(1);
  const [id] = Object.keys(await notifications(options));
  expect(id).toMatch(/\|lowBalance$/);

  // Still low on the next alarm: the same crossing is not notified again.
  await clearNotifications(options);
  expect(await notifications(options)).toEqual({});
  fake.set('sk-healthy', apertisPayg({ remaining_usd: 0.3, used_usd: 41.7 }));
  const again = fake.requests.length;
  await ageStoredReadings(options);
  await fireRefreshAlarm(options);
  await expect.poll(() => badgeText(options), { timeout: 10_000 }).toBe('$0.3');
  expect(answeredSince(fake, again)).toBe(2);
  // Give a late notification the time to show before saying there is none.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await notifications(options)).toEqual({});
});

test('Refresh with one gateway hung: the other accounts land while it still hangs, the popup says which is still read', async () => {
  fake.set('sk-healthy', apertisPayg({ remaining_usd: 33, used_usd: 9 }));
  fake.set('sk-batch', apikleyCredits(8000));
  fake.set('sk-stuck', hang());
  // A third account on the same (already granted) origin, as a restored profile would hold it.
  await options.evaluate(async () => {
    const { accounts } = (await browser.storage.local.get('accounts')) as { accounts: Array<{ name: string }> };
    const work = accounts.find((a) => a.name === 'Work')!;
    await browser.storage.local.set({ accounts: [...accounts, { ...work, id: 'acc-stuck', name: 'Stuck', key: 'sk-stuck' }] });
  });
  const popup = await firefox.openExtensionPage('popup.html');
  try {
    await clickButton(popup, 'Refresh');
    // The stuck read holds on for 15 s (the request timeout): the others land well before it ends,
    // which a refresh that waited for all would not. How fast they land is a budget (npm run bench).
    await expect.poll(() => rowText(popup, 'Work'), { timeout: 10_000 }).toContain('$33.00');
    await expect.poll(() => rowText(popup, 'Batch'), { timeout: 10_000 }).toContain('8,000');
    expect(await rowText(popup, 'Stuck')).toContain('Reading…');
    expect(await popup.evaluate(() => document.body.innerText)).toContain('Still reading 1 account…');
  } finally {
    await popup.close();
  }
  // Out of the way for the tests after this one.
  await options.evaluate(async () => {
    const { accounts } = (await browser.storage.local.get('accounts')) as { accounts: Array<{ id: string }> };
    await browser.storage.local.set({ accounts: accounts.filter((a) => a.id !== 'acc-stuck') });
  });
});

test('the official API hosts are unreachable from the extension', async () => {
  const { officialHosts } = await readBuild();
  expect(officialHosts).toEqual(['api.apertis.ai', 'api.apikley.ru']);
  const results = await options.evaluate(async (hosts) => {
    const origins = hosts.map((h) => `https://${h}/*`);
    // Held since install (required host permissions): only the network keeps them out.
    const permitted = await browser.permissions.contains({ origins });
    const reads = await Promise.all(
      hosts.map((h) =>
        fetch(`https://${h}/`, { cache: 'no-store' }).then(
          (r) => `${h}: answered ${r.status}`,
          (e: unknown) => `${h}: failed (${String(e)})`,
        ),
      ),
    );
    return { permitted, reads };
  }, officialHosts);
  expect(results.permitted).toBe(true);
  for (const read of results.reads) expect(read).toMatch(/: failed \(TypeError: NetworkError/);
});

test('no extension errors in the browser console over the run', async () => {
  // Uncaught errors, console.error calls and CSP violations from any of the extension's documents.
  expect(await firefox.errors()).toEqual([]);
});

test('the console check above is live: errors planted in an extension page are caught', async () => {
  // Runs after the check it vouches for, so that its planted errors cannot fail it.
  await options.evaluate(() => {
    // An inline event handler: blocked by the extension pages' CSP, reported only to the console service.
    document.body.setAttribute('onclick', 'void 0');
    document.body.click();
    document.body.removeAttribute('onclick');
    setTimeout(() => {
      throw new Error('planted uncaught error');
    });
    console.error('planted console error');
  });
  // Wait for all three: they reach the check by different paths (stdout, the console service), in any order.
  const seenAll = (text: string) =>
    text.includes('planted uncaught error') && text.includes('console.error: "planted console error"') && /Content-Security-Policy: .*event handler/.test(text);
  await expect.poll(async () => seenAll((await firefox.errors()).join('\n')), { timeout: 10_000 }).toBe(true);
  const errors = (await firefox.errors()).join('\n');
  expect(errors).toContain('planted uncaught error');
  expect(errors).toContain('console.error: "planted console error"');
  expect(errors).toMatch(/Content-Security-Policy: .*event handler/);
});
