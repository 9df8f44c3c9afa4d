// `npm run bench`: the figures behind "speed and size are features", one line
// each with its verdict. Runs the built extension in headless Chromium against
// the local fake API; CI runs the tests, not this.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { apertisPayg, hang, startFakeApi } from '../e2e/fake-api';
import { extensionDir, grantHostAccess, launchExtension } from '../e2e/fixtures';
import { appendSample, historyBytes } from '../lib/judge/history';
import type { History } from '../lib/store/types';
import { cycleSnapshot, makeAccount, paygSnapshot } from '../lib/testing';
import { fingerprint } from '../lib/store/fingerprint';
import { DEFAULT_SETTINGS } from '../lib/store/types';
import { parseTimes } from './parse';
import { accountsWithHistory } from '../e2e/history-seed';
import { CHART_DRAWN } from '../components/history/history-data';
import { POPUP_INTERACTIVE, POPUP_SCREEN } from '../lib/store/popup-screen';
import { SCREEN_ROWS } from '../components/popup/popup-screen';

declare const chrome: typeof import('wxt/browser').browser;

const OPENS = 41;
const WARM_UP_OPENS = 3; // the first opens compile and cache the scripts
const ACCOUNTS = 100;
const LATENCY_MS = 50;
const CONCURRENCY = 6; // lib/refresh/engine.ts
const PAYLOAD_BUDGET = 20 * 1024;
/** The yardstick for the popup's paint: an extension page with one figure on it. */
const BLANK_PAGE = '<!doctype html><meta charset="utf-8"><title>blank</title><p>$0.00</p>';
/** The bench-only build with dead code in the popup's first load (`npm run bench` makes it; build/bench-dead-code.ts). */
const DEAD_CODE_DIR = path.resolve('.output/bench-dead-code/chrome-mv3');
const DEAD_CODE_BYTES = 10 * 1024;

const lines: string[] = [];
function report(what: string, value: string, verdict?: boolean) {
  const line = `${what}: ${value}${verdict === undefined ? '' : verdict ? '  PASS' : '  FAIL'}`;
  lines.push(line);
  console.log(line);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Every JS and CSS file popup.html loads, following static imports between chunks, plus inline styles. */
async function popupPayload(dir: string): Promise<{ files: string[]; gzipped: number }> {
  const html = await readFile(path.join(dir, 'popup.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const inlineCss = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join('');
  let gzipped = inlineCss ? gzipSync(inlineCss, { level: 9 }).length : 0;
  if (inlineCss) seen.add('popup.html <style>');
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(path.join(dir, file));
    gzipped += gzipSync(text, { level: 9 }).length;
    if (file.endsWith('.js')) {
      for (const m of text.toString('utf8').matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
        queue.push(path.posix.join(path.posix.dirname(file), m[1]!));
      }
    }
  }
  return { files: [...seen], gzipped };
}

async function seed(worker: Worker, items: Record<string, unknown>) {
  await worker.evaluate((values) => chrome.storage.local.set(values), items);
}

/** Where a page's first paint went, in ms from navigation start. */
interface PaintTimes {
  /** First contentful paint. */
  paint: number;
  /** The document parsed (`domInteractive`). */
  parsed: number;
  /** The popup's `mark`, when asked for. */
  mark?: number;
  /** The popup's early script asked storage for the screen, storage answered, the screen was on the page. */
  asked?: number;
  answered?: number;
  shown?: number;
}

/**
 * Watches the popup's first screen from outside, so the shipped popup carries no timing code: runs before the
 * page's own scripts, times the first storage read (the early script's) and the moment #app first holds
 * anything. Playwright's init scripts do run in extension pages.
 */
function watchFirstScreen() {
  const times: Record<string, number> = {};
  (window as unknown as { firstScreenTimes: Record<string, number> }).firstScreenTimes = times;
  const area = chrome.storage.local;
  const get = area.get.bind(area) as (keys: string) => Promise<unknown>;
  (area as unknown as { get: typeof get }).get = (keys) => {
    times['asked'] ??= performance.now();
    const answer = get(keys);
    void answer.then(() => (times['answered'] ??= performance.now()));
    return answer;
  };
  new MutationObserver((_, observer) => {
    if (!document.getElementById('app')?.firstChild) return;
    times['shown'] = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
}

/**
 * Opens `url` in a fresh tab and returns its first contentful paint, in ms from
 * navigation start. The popup paints nothing until its first screen is on the page,
 * so its first contentful paint is the first balance on screen.
 */
async function firstContentfulPaint(context: BrowserContext, url: string, mark?: string): Promise<PaintTimes> {
  const page = await context.newPage();
  if (mark) await page.addInitScript(watchFirstScreen);
  await page.goto(url);
  const times = await page.evaluate(
    () =>
      new Promise<PaintTimes>((resolve) => {
        new PerformanceObserver((list) => {
          const fcp = list.getEntries().find((entry) => entry.name === 'first-contentful-paint');
          const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const watched = (window as unknown as { firstScreenTimes?: Record<string, number> }).firstScreenTimes ?? {};
          if (fcp) resolve({ paint: fcp.startTime, parsed: navigation?.domInteractive ?? NaN, ...watched });
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  if (mark) {
    times.mark = await page.evaluate(async (name) => {
      while (!performance.getEntriesByName(name).length) await new Promise((r) => setTimeout(r, 5));
      return performance.getEntriesByName(name)[0]!.startTime;
    }, mark);
  }
  await page.close();
  return times;
}

/**
 * `count` accounts with fresh stored readings (not due: opening the popup sends nothing); every
 * `lowEvery`-th one is under its $5 threshold, so the popup has rows that need the user first.
 */
function storedAccounts(count: number, now: number, lowEvery = 10): Record<string, unknown> {
  const items: Record<string, unknown> = {};
  const accounts = Array.from({ length: count }, (_, i) => makeAccount({ id: `bench-${i}`, name: `Bench ${i}`, key: `sk-bench-${i}`, warnBelow: 5, warnUnit: 'USD' }));
  for (const [i, account] of accounts.entries()) {
    const snapshot = i % 7 === 3 ? { ...cycleSnapshot(3800, 5000, now), remaining: 0.4 } : paygSnapshot(i % lowEvery === 0 ? 3 : 20 + i, now);
    items[`state:${account.id}`] = { for: fingerprint(account), snapshot, failures: 0, lastAttemptAt: now, alerts: {} };
  }
  return { ...items, accounts };
}

/** Claude, Codex, Cursor and the Anthropic Console, signed in, with fresh readings (issue 20). */
function signedInAccounts(now: number): Record<string, unknown> {
  const items: Record<string, unknown> = {};
  const HOUR = 3_600_000;
  const sites = [
    { id: 'claude', limits: [{ id: 'five_hour', kind: 'session', usedPercent: 42, resetsAt: now + 2 * HOUR, windowMs: 5 * HOUR }, { id: 'seven_day', kind: 'weekly', usedPercent: 92, resetsAt: now + 72 * HOUR, windowMs: 168 * HOUR }] },
    { id: 'codex', limits: [{ id: 'five_hour', kind: 'session', usedPercent: 46, resetsAt: now + 2 * HOUR, windowMs: 5 * HOUR }] },
    { id: 'cursor', limits: [{ id: 'plan', kind: 'monthly', usedPercent: 38, resetsAt: now + 360 * HOUR, windowMs: 720 * HOUR }] },
    { id: 'anthropic-console', remaining: 9.63 },
  ];
  const accounts = sites.map((site) => makeAccount({ id: `bench-${site.id}`, name: site.id, provider: site.id, key: '', baseUrl: 'http://127.0.0.1:9' }));
  for (const [i, account] of accounts.entries()) {
    const site = sites[i]!;
    const snapshot = { provider: site.id, unit: 'USD', remaining: site.remaining ?? null, unlimited: false, readAt: now, ...(site.limits ? { limits: site.limits } : {}) };
    items[`state:${account.id}`] = { for: fingerprint(account), snapshot, failures: 0, lastAttemptAt: now, alerts: {} };
  }
  return { ...items, accounts };
}

/**
 * Waits until the background has rendered the popup's first screen (issue 22) from the seeded accounts: one
 * rendered at or after `since` and showing the bench's rows. The worker's own start-up render can land after
 * `since` and still show the storage it read before the seed.
 */
async function screenRendered(worker: Worker, since: number) {
  const t0 = performance.now();
  for (;;) {
    const screen = await worker.evaluate(async (key) => (await chrome.storage.local.get(key))[key] as { at?: number; html?: string } | undefined, POPUP_SCREEN);
    if ((screen?.at ?? 0) >= since && screen?.html?.includes('Bench ')) return;
    if (performance.now() - t0 > 10_000) throw new Error('no first screen rendered 10 s after the accounts were stored');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface PaintFigures {
  /** Median of the pairs' ratios, popup over the blank page opened just before it. */
  ratio: number;
  popup: number;
  blank: number;
  /** When the app had taken over (its performance mark), from navigation start. */
  interactive: number;
  /** Medians of the steps behind the popup's paint, and the blank page's parse (PaintTimes). */
  steps: { blankParsed: number; asked: number; answered: number; shown: number };
}

/**
 * The popup's first paint in several builds at once, loaded side by side in one browser with `stored` in each
 * one's storage: each round opens, for every build in turn, its blank page and then its popup. Interleaved in
 * one browser, the builds meet the same machine; two browsers one after the other differ by more than the
 * builds do (measured: ±0.15x between runs of one build).
 */
async function popupPaints(builds: Record<string, string>, stored: Record<string, unknown>): Promise<Record<string, PaintFigures>> {
  const names = Object.keys(builds);
  const dirs: string[] = [];
  for (const name of names) {
    const dir = await mkdtemp(path.join(tmpdir(), `credit-gauge-bench-${name}-`));
    await cp(builds[name]!, dir, { recursive: true });
    await writeFile(path.join(dir, 'blank.html'), BLANK_PAGE);
    await writeFile(path.join(dir, 'bench-build.txt'), name);
    dirs.push(dir);
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'credit-gauge-bench-profile-'));
  const session = await launchExtension(profile, dirs.join(','));
  try {
    const { context } = session;
    await context.newPage();
    while (context.serviceWorkers().length < names.length) await context.waitForEvent('serviceworker');
    const bases: Record<string, string> = {};
    for (const worker of context.serviceWorkers()) {
      const name = await worker.evaluate(async () => (await fetch('/bench-build.txt')).text());
      bases[name] = `chrome-extension://${new URL(worker.url()).host}`;
      const seeded = Date.now();
      await seed(worker, stored);
      await screenRendered(worker, seeded);
    }
    const opens = Object.fromEntries(names.map((name) => [name, [] as { blank: PaintTimes; popup: PaintTimes }[]]));
    for (let i = 0; i < WARM_UP_OPENS + OPENS; i++) {
      for (const name of names) {
        const blank = await firstContentfulPaint(context, `${bases[name]}/blank.html`);
        const popup = await firstContentfulPaint(context, `${bases[name]}/popup.html`, POPUP_INTERACTIVE);
        if (i >= WARM_UP_OPENS) opens[name]!.push({ blank, popup });
      }
    }
    return Object.fromEntries(
      names.map((name) => {
        const pairs = opens[name]!;
        const of = (pick: (pair: { blank: PaintTimes; popup: PaintTimes }) => number | undefined) => median(pairs.map(pick).filter((x): x is number => Number.isFinite(x)));
        const figures: PaintFigures = {
          ratio: of(({ blank, popup }) => popup.paint / blank.paint),
          popup: of(({ popup }) => popup.paint),
          blank: of(({ blank }) => blank.paint),
          interactive: of(({ popup }) => popup.mark),
          steps: { blankParsed: of(({ blank }) => blank.parsed), asked: of(({ popup }) => popup.asked), answered: of(({ popup }) => popup.answered), shown: of(({ popup }) => popup.shown) },
        };
        return [name, figures];
      }),
    );
  } finally {
    await session.context.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

async function clearStorage(worker: Worker) {
  await worker.evaluate(() => chrome.storage.local.clear());
}

async function grantLoopback(context: BrowserContext, id: string): Promise<Page> {
  await grantHostAccess(context, id, 'http://127.0.0.1/*');
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  await page.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'grant';
    button.onclick = () => void chrome.permissions.request({ origins: ['http://127.0.0.1/*'] });
    document.body.append(button);
  });
  await page.click('#grant');
  await page.waitForFunction(() => chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }));
  return page;
}

const HISTORY_OPENS = 5;

/**
 * Opens the History page `HISTORY_OPENS` times (after one warm-up) and times: navigation start to the first
 * chart drawn (the page's performance mark); a click on "1 year" to every chart drawn again and painted; a click
 * on "Download CSV" to the file saved.
 */
async function historyTimes(context: BrowserContext, url: string) {
  const firstChart: number[] = [];
  const toYear: number[] = [];
  const csv: number[] = [];
  let csvBytes = 0;
  let csvRows = 0;
  for (let i = 0; i <= HISTORY_OPENS; i++) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.bringToFront();
    await page.goto(url);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, CHART_DRAWN);
    const first = await page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, CHART_DRAWN);
    const switched = await page.evaluate(async (mark) => {
      const charts = document.querySelectorAll('.plot').length;
      const before = performance.getEntriesByName(mark).length;
      const button = [...document.querySelectorAll<HTMLButtonElement>('.ranges button')].at(-1)!;
      const t0 = performance.now();
      button.click();
      // Frame by frame (a polling timer is throttled and would add its own delay), then the frame that paints them.
      while (performance.getEntriesByName(mark).length < before + charts) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    }, CHART_DRAWN);
    const t0 = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const text = await readFile((await download.path())!, 'utf8');
    const saved = performance.now() - t0;
    // Back to 7 days for the next open.
    await page.getByRole('button', { name: '7 days' }).click();
    await page.close();
    if (i === 0) continue;
    firstChart.push(first);
    toYear.push(switched);
    csv.push(saved);
    csvBytes = Buffer.byteLength(text);
    csvRows = text.split('\r\n').length - 2;
  }
  return { firstChart: median(firstChart), toYear: median(toYear), csv: median(csv), csvBytes, csvRows };
}

let launched: Awaited<ReturnType<typeof launchExtension>> | undefined;

/** Closes the browser on `profile`, starts it again, and times it until the badge reads `text`. */
async function restartToBadge(profile: string, dir: string, text: string): Promise<{ launch: number; total: number }> {
  await launched!.context.close();
  const t0 = performance.now();
  launched = await launchExtension(profile, dir);
  const launch = performance.now() - t0;
  for (;;) {
    const worker = launched.context.serviceWorkers().at(-1) ?? launched.serviceWorker;
    const badge = await worker.evaluate(() => chrome.action.getBadgeText({})).catch(() => '');
    if (badge === text) return { launch, total: performance.now() - t0 };
    if (performance.now() - t0 > 20_000) throw new Error(`badge still ${JSON.stringify(badge)} 20 s after restart`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main() {
  // 1. Size.
  const payload = await popupPayload(extensionDir);
  report(
    `popup payload (gzipped JS+CSS popup.html loads, ${payload.files.length} files)`,
    `${payload.gzipped} B of ${PAYLOAD_BUDGET} B budget`,
    payload.gzipped < PAYLOAD_BUDGET,
  );

  // 2. Per-provider read of a typical answer, no network: pipeline, success test and parse.
  for (const row of await parseTimes()) {
    report(`read + parse, ${row.label} (typical answer, median of 2000)`, `${row.micros.toFixed(0)} µs`, row.ok);
  }

  // A copy of the build with one blank page, the yardstick for the popup's paint.
  const dir = await mkdtemp(path.join(tmpdir(), 'credit-gauge-bench-ext-'));
  await cp(extensionDir, dir, { recursive: true });
  await writeFile(path.join(dir, 'blank.html'), BLANK_PAGE);
  const profile = await mkdtemp(path.join(tmpdir(), 'credit-gauge-bench-profile-'));
  let { context } = await launchExtension(profile, dir).then((session) => (launched = session));
  const { serviceWorker, extensionId } = launched!;
  let restart: { launch: number; total: number } | undefined;
  const base = `chrome-extension://${extensionId}`;
  // Headless Chromium quits when its last tab closes; this one stays open for the whole run.
  await context.newPage();
  const fake = await startFakeApi({ latencyMs: LATENCY_MS, cors: false });
  try {
    // 2. Popup time to first balance with 100 stored accounts, from stored state only (fresh data:
    // no network call). Every tenth is low, so the first screen has rows that need the user.
    const now = Date.now();
    const stored = { ...storedAccounts(ACCOUNTS, now), settings: DEFAULT_SETTINGS };
    const paints = await popupPaints({ shipped: extensionDir, padded: DEAD_CODE_DIR }, stored);
    const paint = paints['shipped']!;
    report(
      `popup first contentful paint, ${ACCOUNTS} accounts stored (the screen rendered ahead of time; median ratio of ${OPENS} paired opens after ${WARM_UP_OPENS} warm-up)`,
      `${ms(paint.popup)} vs blank extension page ${ms(paint.blank)}; median ratio ${paint.ratio.toFixed(2)}x (budget 1.2x)`,
      paint.ratio <= 1.2,
    );
    report('popup interactive (the app took over the screen: Refresh answers a click), same opens', `${ms(paint.interactive)} from navigation start (median)`);
    // Where the popup's extra time over the blank page goes: the early script is a second fetch the blank page
    // doesn't make (MV3 allows no inline script), then one storage read, then a frame.
    const { steps } = paint;
    report(
      'popup first paint, step by step (medians from navigation start, same opens)',
      `blank page parsed ${ms(steps.blankParsed)}, painted ${ms(paint.blank)}; popup's early script asks storage at ${ms(steps.asked)}, answered ${ms(steps.answered)}, screen on the page ${ms(steps.shown)}, painted ${ms(paint.popup)}`,
    );
    // The same build with 10 KB gzipped of code that never runs added to the popup's first load, opened in
    // turn with the shipped one in the same browser.
    const padded = paints['padded']!;
    report(
      `the same with ${DEAD_CODE_BYTES / 1024} KB gz of dead code in the popup's first load (bench-only build, opened in turn with the above)`,
      `${ms(padded.popup)} vs blank ${ms(padded.blank)}; median ratio ${padded.ratio.toFixed(2)}x (budget 1.2x); interactive at ${ms(padded.interactive)}`,
      padded.ratio <= 1.2,
    );
    if (process.argv.includes('--popup-only')) return;

    // Rows a 600 px popup shows at once, 25 keyed accounts (8 need attention) and 4 signed-in sites,
    // healthy ones unfolded.
    await clearStorage(serviceWorker);
    const keyed = storedAccounts(25, now, 3);
    const signedIn = signedInAccounts(now);
    await seed(serviceWorker, { ...keyed, ...signedIn, accounts: [...(keyed['accounts'] as unknown[]), ...(signedIn['accounts'] as unknown[])], settings: DEFAULT_SETTINGS });
    const rowsPage = await context.newPage();
    await rowsPage.setViewportSize({ width: 360, height: 600 });
    await rowsPage.goto(`${base}/popup.html`);
    await rowsPage.locator('button.fold').click();
    const rowsSeen = await rowsPage.evaluate(() => [...document.querySelectorAll('li.row')].filter((row) => row.getBoundingClientRect().bottom <= innerHeight).length);
    await rowsPage.close();
    report('rows visible in a 600 px popup, 25 keyed accounts and 4 signed-in sites (healthy unfolded)', `${rowsSeen} rows (budget at least 12)`, rowsSeen >= 12);

    // The History page (issue 21): 100 accounts with a year of history each.
    await clearStorage(serviceWorker);
    await seed(serviceWorker, { ...accountsWithHistory(ACCOUNTS, now), settings: DEFAULT_SETTINGS, historyView: { range: '7d' } });
    const historyPage = await historyTimes(context, `${base}/balance-history.html`);
    report(
      `History page, ${ACCOUNTS} accounts with a year of history: open to first chart painted (median of ${HISTORY_OPENS} opens)`,
      `${ms(historyPage.firstChart)} (budget 500 ms)`,
      historyPage.firstChart <= 500,
    );
    report(
      `History page, ${ACCOUNTS} accounts: range switched from 7 days to 1 year, every chart redrawn (median of ${HISTORY_OPENS})`,
      `${ms(historyPage.toYear)} (budget 500 ms)`,
      historyPage.toYear <= 500,
    );
    report(
      `History CSV, ${ACCOUNTS} accounts x 1 year: Download CSV to the file saved (median of ${HISTORY_OPENS})`,
      `${ms(historyPage.csv)}, ${(historyPage.csvBytes / 1e6).toFixed(1)} MB, ${historyPage.csvRows.toLocaleString('en')} rows (budget 2000 ms)`,
      historyPage.csv <= 2000,
    );
    await clearStorage(serviceWorker);

    // 3. Service worker cold start to badge rendered.
    const settingsPage = await grantLoopback(context, extensionId);
    const cdp = await context.newCDPSession(settingsPage);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await settingsPage.evaluate(() => chrome.action.setBadgeText({ text: 'zz' }));
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      starts.push(
        await settingsPage.evaluate(async () => {
          const t0 = performance.now();
          // Any message wakes the worker; this one is not ours, so nothing but start-up renders.
          chrome.runtime.sendMessage({ type: 'wake' }).catch(() => undefined);
          while ((await chrome.action.getBadgeText({})) === 'zz') await new Promise((r) => setTimeout(r, 1));
          return performance.now() - t0;
        }),
      );
    }
    report('service worker cold start to badge rendered (median of 5)', ms(median(starts)));
    await settingsPage.close();
    // The refresh figures are taken from a blank extension page: the settings page would re-render its
    // list on every stored result and measure itself, not the engine.
    const page = await context.newPage();
    await page.goto(`${base}/blank.html`);
    // tsx keeps function names with a `__name` helper that the page doesn't have.
    await page.evaluate('globalThis.__name = (f) => f');

    // 4. A refresh of 100 accounts against the fake at 50 ms a request.
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => {
      fake.set(`sk-bench-${i}`, apertisPayg({ remaining_usd: 50 + i, used_usd: 1 }));
      return makeAccount({ id: `b${i}`, name: `Bench ${i}`, key: `sk-bench-${i}`, baseUrl: fake.baseUrl });
    });
    await page.evaluate((values) => chrome.storage.local.set(values), { accounts });
    const worker = context.serviceWorkers().at(-1)!;
    // Counts the badge renders the worker makes (every render sets the tooltip once).
    await worker.evaluate('globalThis.__name = (f) => f');
    await worker.evaluate(() => {
      const g = globalThis as unknown as { renders: number };
      const setTitle = chrome.action.setTitle.bind(chrome.action);
      g.renders = 0;
      chrome.action.setTitle = ((details: { title: string }) => {
        g.renders++;
        return setTitle(details);
      }) as typeof chrome.action.setTitle;
    });
    const requestsBefore = fake.requests.length;
    const cycles: Array<{ ms: number; writes: number; bytes: number; screenWrites: number; screenBytes: number; renders: number }> = [];
    for (let i = 0; i < 3; i++) {
      await worker.evaluate(() => ((globalThis as unknown as { renders: number }).renders = 0));
      const cycle = await page.evaluate(async ([count, screenKey]) => {
        let writes = 0;
        let bytes = 0;
        let screenWrites = 0;
        let screenBytes = 0;
        const stored = new Set<string>();
        const t0 = performance.now();
        let finished = 0;
        const done = new Promise<void>((resolve) => {
          chrome.storage.onChanged.addListener((changes, area) => {
            if (area !== 'local') return;
            writes++;
            for (const [key, change] of Object.entries(changes)) {
              const size = key.length + JSON.stringify(change.newValue ?? null).length;
              bytes += size;
              if (key === screenKey) {
                screenWrites++;
                screenBytes += size;
              }
              if (key.startsWith('state:')) stored.add(key);
            }
            if (stored.size >= count && !finished) {
              finished = performance.now() - t0;
              resolve();
            }
          });
        });
        await chrome.runtime.sendMessage({ type: 'refresh' });
        await done;
        // Late writes (the activity marker, the last coalesced render) belong to the cycle too.
        await new Promise((r) => setTimeout(r, 500));
        return { ms: finished, writes, bytes, screenWrites, screenBytes };
      }, [ACCOUNTS, POPUP_SCREEN] as const);
      const renders = await worker.evaluate(() => (globalThis as unknown as { renders: number }).renders);
      cycles.push({ ...cycle, renders });
    }
    const cycle = median(cycles.map((c) => c.ms));
    const floor = Math.ceil(ACCOUNTS / CONCURRENCY) * LATENCY_MS;
    const requests = fake.requests.length - requestsBefore;
    report(
      `refresh, ${ACCOUNTS} accounts at ${LATENCY_MS} ms latency, until every result is stored (median of 3)`,
      `${ms(cycle)} vs floor ceil(${ACCOUNTS}/${CONCURRENCY})x${LATENCY_MS} ms = ${floor} ms: ${(cycle / floor).toFixed(2)}x (budget 1.3x)`,
      cycle / floor <= 1.3,
    );
    const perCycle = cycles.at(-1)!;
    report(
      'storage writes per refresh (100 accounts)',
      `${perCycle.writes} writes, ${perCycle.bytes} B (${(perCycle.bytes / ACCOUNTS).toFixed(0)} B per account: linear, one small write per result)`,
    );
    report(
      'popup screen rendered ahead of time, written per refresh (100 accounts; in the writes above)',
      `${perCycle.screenWrites} write(s), ${perCycle.screenBytes} B (once the results pause; at most ${SCREEN_ROWS} rows, so as large for 100 accounts as for 1,000)`,
    );
    report('badge renders per refresh (100 accounts)', `${median(cycles.map((c) => c.renders))} (coalesced to at most one per 200 ms)`);
    report('requests sent for 3 refreshes of 100 accounts', `${requests} (one per account per refresh)`, requests === 3 * ACCOUNTS);

    // 5. One endpoint hung, nine answering in 50 ms: how long until the nine are stored (and shown).
    const nine = Array.from({ length: 10 }, (_, i) => {
      fake.set(`sk-hung-${i}`, i === 9 ? hang() : apertisPayg({ remaining_usd: 10 + i, used_usd: 1 }));
      return makeAccount({ id: `h${i}`, name: `Hung test ${i}`, key: `sk-hung-${i}`, baseUrl: fake.baseUrl });
    });
    await page.evaluate((values) => chrome.storage.local.set(values), { accounts: nine });
    const untilNine = await page.evaluate(async () => {
      const stored = new Set<string>();
      const t0 = performance.now();
      const done = new Promise<number>((resolve) => {
        chrome.storage.onChanged.addListener((changes) => {
          for (const key of Object.keys(changes)) if (key.startsWith('state:')) stored.add(key);
          if (stored.size >= 9) resolve(performance.now() - t0);
        });
      });
      await chrome.runtime.sendMessage({ type: 'refresh' });
      return done;
    });
    report('refresh with 1 endpoint hung and 9 answering in 50 ms: time until the 9 are stored', `${ms(untilNine)} (budget 1000 ms)`, untilNine <= 1000);
    // The hung read holds one of the six request slots until it times out (15 s): measured last.

    // 6. Stored bytes per account, as storage.local holds them (key + JSON).
    const stateBytes = JSON.stringify(await page.evaluate(async () => (await chrome.storage.local.get('state:b0'))['state:b0'])).length + 'state:b0'.length;
    const accountBytes = JSON.stringify(accounts[0]).length;
    let history: History | undefined;
    const start = Date.UTC(2026, 0, 1);
    for (let t = 0; t < 365 * 24 * 12; t++) {
      history = appendSample(history, { ...cycleSnapshot(3000, 5000, start + t * 300_000), remaining: 1000 - t * 0.009 });
    }
    const yearBytes = historyBytes(history!) + 'history:b0'.length;
    const settingsBytes = JSON.stringify(DEFAULT_SETTINGS).length;
    report(
      'stored bytes per account',
      `settings ${accountBytes} + last snapshot and state ${stateBytes} + a year of 5-minute history ${yearBytes} = ${accountBytes + stateBytes + yearBytes} B (history budget 65536 B); shared settings ${settingsBytes} B`,
      yearBytes <= 65536,
    );

    // 7. A browser restart to the badge: one low account, the browser closed and started again.
    fake.set('sk-low', apertisPayg({ remaining_usd: 0.42, used_usd: 41.58 }));
    const low = makeAccount({ id: 'low', name: 'Low', key: 'sk-low', baseUrl: fake.baseUrl });
    await page.evaluate((values) => chrome.storage.local.set(values), { accounts: [low] });
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh' }));
    await page.waitForFunction(async () => (await chrome.action.getBadgeText({})) === '$0.4');
    restart = await restartToBadge(profile, dir, '$0.4');
    report('browser restart (Chromium launch) to the low badge rendered', `${ms(restart.total)} (browser up in ${ms(restart.launch)}, then ${ms(restart.total - restart.launch)})`);
  } finally {
    await fake.close();
    await launched?.context.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
  const failed = lines.filter((l) => l.endsWith('FAIL')).length;
  console.log(`\n${failed ? `${failed} budget(s) missed` : 'all budgets met'}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
