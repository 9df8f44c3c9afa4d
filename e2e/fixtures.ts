// Loads the built extension into Chromium, per https://wxt.dev/guide/essentials/e2e-testing (Playwright).
// Run `npm run build` first: this loads .output/chrome-mv3 as it is.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, chromium, type BrowserContext, type Worker } from '@playwright/test';
import { startFakeApi, type FakeApi } from './fake-api';
import { OptionsPage } from './pages/options';
import { PROVIDER_LIST } from '../lib/providers/registry';

/** Every provider's official host, from the registry. */
const OFFICIAL_HOSTS = PROVIDER_LIST.filter((p) => p.baseUrl).map((p) => new URL(p.baseUrl).hostname);

export const extensionDir = path.resolve('.output/chrome-mv3');

export interface ExtensionSession {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
}

/**
 * Starts Chromium with the extension on the given profile directory.
 *
 * Headless: Playwright's `headless: true` passes `--headless`, which on Chromium >= 132 is the "new" headless
 * mode that runs the full browser, so MV3 extensions and their service workers load (checked on Debian
 * Chromium 156; no `--headless=new` trick needed).
 */
export async function launchExtension(
  userDataDir: string,
  dir = extensionDir,
  /** e.g. `['--lang=ru']` for the browser's UI language. */
  extraArgs: string[] = [],
): Promise<ExtensionSession> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Tests never reach the real APIs, with or without internet: no official host resolves.
      `--host-resolver-rules=${OFFICIAL_HOSTS.map((host) => `MAP ${host} ~NOTFOUND`).join(', ')}`,
      ...extraArgs,
      // Not here on purpose: --apps-gallery-install-auto-confirm-for-tests=accept. It only covers Web Store
      // installs; chrome.permissions.request() still waits on an invisible prompt (checked on Chromium 156).
      // Use grantHostAccess() below instead.
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return { context, serviceWorker, extensionId };
}

/**
 * Grants the extension access to `origin` the way a user can on chrome://extensions ("Site access"), through
 * that page's chrome.developerPrivate API. Only tried with origins listed in optional_host_permissions.
 *
 * Why: headless Playwright cannot click the chrome.permissions.request() prompt, and no Chromium switch
 * accepts it. After this call the permission is user-approved but not yet active (permissions.contains() is
 * still false), and the extension's own permissions.request() from a click resolves true without a prompt,
 * which activates it: so the real request code path still runs.
 */
export async function grantHostAccess(context: BrowserContext, extensionId: string, origin = 'http://127.0.0.1/*'): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome://extensions/?id=${extensionId}`);
    await page.evaluate(
      ([id, host]) => (globalThis as unknown as DeveloperPrivateGlobal).chrome.developerPrivate.addHostPermission(id, host),
      [extensionId, origin] as const,
    );
  } finally {
    await page.close();
  }
}

interface DeveloperPrivateGlobal {
  chrome: { developerPrivate: { addHostPermission(extensionId: string, host: string): Promise<void> } };
}

interface Fixtures {
  /** A fresh profile directory for this test, deleted afterwards. */
  userDataDir: string;
  /** The live browser; `relaunch()` replaces it. */
  session: { current: ExtensionSession };
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Closes the browser and starts it again on the same profile (a "browser restart"). */
  relaunch: () => Promise<ExtensionSession>;
  /** grantHostAccess() bound to the current browser; call it before the UI asks for the permission. */
  grantHostAccess: (origin?: string) => Promise<void>;
  fakeApi: FakeApi;
  /** The settings page, open, with loopback pre-approved: accounts added here default to the fake API. */
  options: OptionsPage;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'credit-gauge-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  session: async ({ userDataDir }, use) => {
    const session = { current: await launchExtension(userDataDir) };
    await use(session);
    await session.current.context.close();
  },
  context: async ({ session }, use) => use(session.current.context),
  serviceWorker: async ({ session }, use) => use(session.current.serviceWorker),
  extensionId: async ({ session }, use) => use(session.current.extensionId),
  relaunch: async ({ session, userDataDir }, use) => {
    await use(async () => {
      await session.current.context.close();
      session.current = await launchExtension(userDataDir);
      return session.current;
    });
  },
  grantHostAccess: async ({ session }, use) => {
    await use((origin) => grantHostAccess(session.current.context, session.current.extensionId, origin));
  },
  // eslint-disable-next-line no-empty-pattern
  fakeApi: async ({}, use) => {
    // No CORS headers, like the real APIs: the extension must hold the host permission to read it.
    const fake = await startFakeApi({ cors: false });
    await use(fake);
    await fake.close();
  },
  options: async ({ context, extensionId, grantHostAccess, fakeApi }, use) => {
    await grantHostAccess();
    const options = new OptionsPage(context, extensionId, fakeApi.baseUrl);
    await options.open();
    await use(options);
  },
});

export const expect = test.expect;
