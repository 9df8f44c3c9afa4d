// Runs the built Firefox extension (.output/firefox-mv3, from `npm run build:firefox`) in a real headless
// Firefox, driven by puppeteer-core over WebDriver BiDi (built into Firefox: no driver binary).
// The launch flags, prefs and pitfalls are the ones in ../../shared/firefox-e2e.md.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { zipDirectory } from './zip';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const extensionDir = path.resolve('.output/firefox-mv3');
/** Fixed through the pref `extensions.webextensions.uuids`, so the moz-extension:// origin is known. */
export const EXTENSION_UUID = '0c6e1f5a-7d3b-4c2e-9a41-5b8f2d6e3c17';
export const extensionOrigin = `moz-extension://${EXTENSION_UUID}`;

interface BuiltManifest {
  host_permissions?: string[];
  browser_specific_settings: { gecko: { id: string } };
}

/** The gecko id and the official API hosts, read from the build under test so they never drift. */
export async function readBuild(): Promise<{ geckoId: string; officialHosts: string[] }> {
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8')) as BuiltManifest;
  const officialHosts = (manifest.host_permissions ?? []).map((pattern) => new URL(pattern.replace(/\*$/, '')).hostname);
  return { geckoId: manifest.browser_specific_settings.gecko.id, officialHosts };
}

/** `Mozilla Firefox 153.7.0esr`, from the binary itself. */
export function firefoxVersion(): string {
  return execFileSync(FIREFOX_PATH, ['--version'], { encoding: 'utf8' }).trim();
}

/** The installed add-on as Firefox's parent process sees it (read in chrome scope, see `Firefox.probe`). */
export interface AddonState {
  installed: boolean;
  /** Firefox's own state of the event page: 'stopped', 'starting', 'running' or 'suspending'. */
  background?: string;
  badgeText?: string;
  title?: string;
  alarms?: { name: string; scheduledTime: number; periodInMinutes?: number }[];
  /** Every live extension document: viewType ('background', 'tab', 'popup'...) and URL. */
  views?: { viewType?: string; url?: string }[];
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text?: string };
}

export interface LaunchOptions {
  /** A kept profile directory (for restarts). Default: a fresh temporary profile, deleted on close. */
  profileDir?: string;
  /**
   * 'temporary': `browser.installExtension(.output/firefox-mv3)`, as about:debugging does;
   * 'permanent': a zip of that folder through BiDi `webExtension.install` with `moz:permanent`, like a
   * user's install (unsigned, so the profile allows it with `xpinstall.signatures.required = false`);
   * 'none': whatever the profile already holds.
   */
  install: 'temporary' | 'permanent' | 'none';
}

export interface Firefox {
  browser: Browser;
  geckoId: string;
  /** Milliseconds from launch until BiDi answered. */
  startMs: number;
  /** Opens an extension page (e.g. 'options.html') in a new tab, in front. */
  openExtensionPage(file: string): Promise<Page>;
  /** Navigates a tab and waits for the document to complete. */
  navigate(page: Page, url: string): Promise<void>;
  /** Reads the add-on's parent-process state without opening or waking any extension page. */
  probe(): Promise<AddonState>;
  /** Content browsing contexts (tabs) and their URLs, as BiDi lists them. */
  tabUrls(): Promise<string[]>;
  /**
   * Extension errors seen so far: uncaught errors and console.error calls from extension documents
   * (Firefox's stdout/stderr), and error-level console-service messages whose source is the extension
   * (CSP violations are reported only there).
   */
  errors(): Promise<string[]>;
  /** Everything Firefox printed, for diagnosing a failure. */
  output(): string;
  /** An integer pref as the browser holds it (read in the parent process). */
  intPref(name: string): Promise<number>;
  close(): Promise<void>;
}

/** Launches Firefox with the prefs that make headless CI behave like a user's browser. */
export async function launchFirefox(options: LaunchOptions): Promise<Firefox> {
  const { geckoId, officialHosts } = await readBuild();
  const scratch = await mkdtemp(path.join(tmpdir(), 'credit-gauge-firefox-'));
  const started = Date.now();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocol: 'webDriverBiDi',
    // Skips an emulation command Firefox 140 does not know; the window size comes from the env below.
    defaultViewport: null,
    // Without it BiDi refuses to navigate to moz-extension:// URLs and has no chrome scope (test-only flag).
    args: ['--remote-allow-system-access'],
    env: { ...process.env, MOZ_HEADLESS_WIDTH: '1280', MOZ_HEADLESS_HEIGHT: '900' },
    ...(options.profileDir ? { userDataDir: options.profileDir } : {}),
    protocolTimeout: 30_000,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
      // permissions.request() from a real click is granted at once instead of opening a prompt nobody clicks.
      'extensions.webextOptionalPermissionPrompts': false,
      // Firefox's own alert window: without a desktop notification service every notification closes at once.
      'alerts.useSystemBackend': false,
      // The official API hosts resolve to loopback, where nothing listens on 443: tests never reach them.
      'network.dns.localDomains': officialHosts.join(','),
      // Console calls of content (and extension) documents go to stdout, where errors() reads them.
      'devtools.console.stdout.content': true,
      // Unsigned permanent installs, for the restart test (Firefox ESR honours it).
      'xpinstall.signatures.required': false,
    },
  });
  const startMs = Date.now() - started;

  let printed = '';
  let partial = '';
  const processErrors: string[] = [];
  const onOutput = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    printed += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(`JavaScript error: ${extensionOrigin}/`) || line.startsWith('console.error:')) processErrors.push(line);
    }
  };
  const child = browser.process();
  child?.stdout?.on('data', onOutput);
  child?.stderr?.on('data', onOutput);

  const connection = (browser as unknown as { connection: BidiConnection }).connection;

  async function chromeContext(): Promise<string> {
    const { result } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const contexts = (result as { contexts: { context: string; url: string }[] }).contexts;
    const main = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml') ?? contexts[0];
    if (!main) throw new Error('no chrome window to evaluate in');
    return main.context;
  }

  /** Evaluates privileged JS in the browser window (chrome scope); the expression returns a JSON string. */
  async function inChrome<T>(expression: string): Promise<T> {
    const { result } = await connection.send('script.evaluate', {
      expression,
      target: { context: await chromeContext() },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    const evaluated = result as EvaluateResult;
    if (evaluated.type !== 'success' || typeof evaluated.result?.value !== 'string') {
      throw new Error(`chrome-scope evaluation failed: ${evaluated.exceptionDetails?.text ?? JSON.stringify(evaluated)}`);
    }
    return JSON.parse(evaluated.result.value) as T;
  }

  // Catches console-service errors from the extension's documents from now on (and any already logged).
  await inChrome<null>(`(() => {
    const prefix = ${JSON.stringify(`${extensionOrigin}/`)};
    const seen = (globalThis.__creditGaugeErrors ??= []);
    const keep = (m) => {
      try {
        if (!(m instanceof Ci.nsIScriptError)) return;
        if (m.flags & (Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag)) return;
        if (!String(m.sourceName).startsWith(prefix)) return;
        seen.push(m.category + ': ' + m.errorMessage + ' (' + m.sourceName + ':' + m.lineNumber + ')');
      } catch {}
    };
    for (const m of Services.console.getMessageArray() ?? []) keep(m);
    Services.console.registerListener({ observe: keep });
    return 'null';
  })()`);

  if (options.install === 'temporary') {
    const id = await browser.installExtension(extensionDir);
    if (id !== geckoId) throw new Error(`installed ${id}, expected ${geckoId}`);
  } else if (options.install === 'permanent') {
    const xpi = path.join(scratch, 'credit-gauge.xpi');
    await zipDirectory(extensionDir, xpi);
    const { result } = await connection.send('webExtension.install', {
      extensionData: { type: 'archivePath', path: xpi },
      'moz:permanent': true,
    });
    const id = (result as { extension: string }).extension;
    if (id !== geckoId) throw new Error(`installed ${id}, expected ${geckoId}`);
  }

  async function navigate(page: Page, url: string): Promise<void> {
    // page.goto() times out on extension documents (Firefox sends them no load events); the BiDi browsing
    // context's own navigate with wait 'complete' works.
    const frame = page.mainFrame() as unknown as { browsingContext: { navigate(url: string, wait: string): Promise<unknown> } };
    await frame.browsingContext.navigate(url, 'complete');
  }

  return {
    browser,
    geckoId,
    startMs,
    navigate,
    async openExtensionPage(file: string) {
      const page = await browser.newPage();
      await navigate(page, `${extensionOrigin}/${file}`);
      // A background tab gets no animation frames and input crawls.
      await page.bringToFront();
      return page;
    },
    probe: () =>
      inChrome<AddonState>(`(() => {
        const policy = WebExtensionPolicy.getByID(${JSON.stringify(geckoId)});
        const ext = policy?.extension;
        if (!ext) return JSON.stringify({ installed: false });
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        const action = ExtensionParent.apiManager.global.browserActionFor(ext)?.action;
        const alarmsApi = ExtensionParent.apiManager.apis.get(ext).get('alarms');
        return JSON.stringify({
          installed: true,
          background: ext.backgroundState,
          badgeText: action?.getProperty(null, 'badgeText'),
          title: action?.getProperty(null, 'title'),
          alarms: alarmsApi ? [...alarmsApi.alarms.values()].map((a) => a.data) : [],
          views: [...ext.views].map((v) => ({ viewType: v.viewType, url: v.uri?.spec })),
        });
      })()`),
    async tabUrls() {
      const { result } = await connection.send('browsingContext.getTree', {});
      return (result as { contexts: { url: string }[] }).contexts.map((c) => c.url);
    },
    async errors() {
      const fromConsoleService = await inChrome<string[]>('JSON.stringify(globalThis.__creditGaugeErrors ?? [])');
      return [...processErrors, ...fromConsoleService];
    },
    output: () => printed,
    intPref: (name: string) => inChrome<number>(`JSON.stringify(Services.prefs.getIntPref(${JSON.stringify(name)}))`),
    async close() {
      try {
        await browser.close();
      } catch {
        // Already gone; make sure the process is.
        browser.process()?.kill('SIGKILL');
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}
