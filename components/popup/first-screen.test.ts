// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_SCRIPT, SCREEN_VERSION, type PopupScreen } from '@/lib/store/popup-screen';
import { paintFirstScreen, screenNodes, showFirstScreen, startApp } from './first-screen';

const NOW = Date.UTC(2026, 11, 7, 12);
const HOUR = 3_600_000;
const HEADER = '<main class="popup"><header class="top"><div class="top-line"><h1>All OK</h1><nav><a href="/balance-history.html">History</a></nav></div><p id="status" class="muted" aria-live="polite">Updated this minute</p></header>';
const ROW = '<ul class="rows"><li class="row s-ok" data-account="a"><button type="button" class="row-head" aria-expanded="false"><span class="mark" aria-hidden="true" title="OK">✓</span><span class="name">Work</span><span class="meter" aria-hidden="true"><span style="width:40%"></span></span></button><div id="d-a" class="details" hidden></div></li></ul></main>';
/** What the background stores: "Updated $1" split around the age. */
const updated = (readAt: number, after = '') => ({ readAt, before: 'Updated ', after });
const screen = (extra: Partial<PopupScreen> = {}): PopupScreen => ({ v: SCREEN_VERSION, html: HEADER + ROW, at: NOW, ui: 'en-US', lang: 'en-US', status: updated(NOW), ...extra });

beforeEach(() => {
  document.documentElement.lang = '';
  document.body.innerHTML = '<div id="app"></div>';
});

describe('the stored first screen as the early script reads it', () => {
  it.each<[string, unknown]>([
    ['not an object', 'html'],
    ['null', null],
    ['another version', { ...screen(), v: 0 }],
    ['no markup', { ...screen(), html: 7 }],
    ['no UI language', { ...screen(), ui: null }],
    ['no locale', { ...screen(), lang: undefined }],
  ])('is not shown: %s', (_, raw) => {
    expect(showFirstScreen(document, raw, 'en-US', NOW)).toBe(false);
    expect(document.getElementById('app')!.childNodes).toHaveLength(0);
  });

  it.each<[string, unknown]>([
    ['without its time', { before: 'Updated ', after: '' }],
    ['with a time that is no number', { readAt: 'noon', before: 'Updated ', after: '' }],
    ['with words that are no text', { readAt: NOW, before: 'Updated ', after: 3 }],
    ['that is no object', 'Updated'],
  ])('keeps the "Updated" line as rendered when what words it again comes %s', (_, status) => {
    expect(showFirstScreen(document, { ...screen(), status }, 'en-US', NOW + 3 * HOUR)).toBe(true);
    expect(document.getElementById('status')!.textContent).toBe('Updated this minute');
  });

  it('is read back as it was written', () => {
    expect(showFirstScreen(document, JSON.parse(JSON.stringify(screen())), 'en-US', NOW)).toBe(true);
  });
});

describe('screenNodes: only what the popup renders is put on the page', () => {
  it('takes the popup markup as it is', () => {
    const nodes = screenNodes(document, HEADER + ROW)!;
    expect(nodes.querySelector('li.row .name')!.textContent).toBe('Work');
  });

  it.each([
    ['a script', '<script>alert(1)</script>'],
    ['an image', '<img src="x">'],
    ['an event handler', '<span onclick="alert(1)">x</span>'],
    ['a link to a script URL', '<a href="javascript:alert(1)">x</a>'],
    ['a link to another site', '<a href="https://example.com/options.html">x</a>'],
    ['a style beyond a meter width', '<span style="background:url(https://example.com/)">x</span>'],
    ['a form', '<form action="https://example.com"><button>x</button></form>'],
    ['an iframe', '<iframe src="/options.html"></iframe>'],
    ['an SVG', '<svg><a href="/x"></a></svg>'],
  ])('refuses the whole screen when it holds %s', (_, bad) => {
    expect(screenNodes(document, HEADER + bad + ROW)).toBeNull();
  });
});

describe('showFirstScreen', () => {
  it.each([
    ['rendered this minute', 0, 'Updated this minute'],
    ['rendered 3 hours ago', 3 * HOUR, 'Updated 3 hr. ago'],
    ['rendered yesterday', 26 * HOUR, 'Updated yesterday'],
  ])('says how old what it shows is, for the moment the popup opens (%s)', (_, age, words) => {
    expect(showFirstScreen(document, screen({ at: NOW - age, status: updated(NOW - age) }), 'en-US', NOW)).toBe(true);
    expect(document.getElementById('status')!.textContent).toBe(words);
    expect(document.documentElement.lang).toBe('en-US');
  });

  it('keeps what follows the age ("· 2 failed")', () => {
    showFirstScreen(document, screen({ status: updated(NOW - 2 * HOUR, ' · 2 failed') }), 'en-US', NOW);
    expect(document.getElementById('status')!.textContent).toBe('Updated 2 hr. ago · 2 failed');
  });

  it('leaves a line that is no age as it is ("Still reading…")', () => {
    const reading = HEADER.replace('Updated this minute', 'Still reading 1 account…');
    showFirstScreen(document, screen({ html: reading + ROW, status: undefined }), 'en-US', NOW);
    expect(document.getElementById('status')!.textContent).toBe('Still reading 1 account…');
  });

  it.each([
    ['rendered in another language than the browser now uses', () => screen({ ui: 'ru' })],
    ['with markup it does not trust', () => screen({ html: HEADER + '<img src=x>' + ROW })],
  ])('does not show a screen %s', (_, make) => {
    expect(showFirstScreen(document, make(), 'en-US', NOW)).toBe(false);
    expect(document.getElementById('app')!.childNodes).toHaveLength(0);
  });

  it('never paints over a page the app already drew', () => {
    document.getElementById('app')!.innerHTML = '<main>app</main>';
    expect(showFirstScreen(document, screen(), 'en-US', NOW)).toBe(false);
    expect(document.getElementById('app')!.textContent).toBe('app');
  });
});

describe('the app starts after the first screen', () => {
  it('starts the module script the build left waiting, once the screen is painted', async () => {
    document.head.innerHTML = `<script type="text/plain" ${APP_SCRIPT} src="/chunks/popup.js"></script>`;
    let paint!: () => void;
    const started = startApp(new Promise<void>((resolve) => (paint = resolve)), document);
    await Promise.resolve();
    expect(document.querySelector('script[type=module]')).toBeNull();
    paint();
    await started;
    const script = document.querySelector<HTMLScriptElement>('script[type=module]')!;
    expect(new URL(script.src).pathname).toBe('/chunks/popup.js');
    expect(document.querySelector(`script[${APP_SCRIPT}]`)).toBeNull();
  });

  it('starts it too when the first screen failed', async () => {
    document.head.innerHTML = `<script type="text/plain" ${APP_SCRIPT} src="/chunks/popup.js"></script>`;
    await startApp(Promise.reject(new Error('no storage')), document);
    expect(document.querySelector('script[type=module]')).not.toBeNull();
  });

  it('paints nothing and waits for nothing when no screen is stored', async () => {
    await paintFirstScreen(undefined, document, 'en-US', () => NOW);
    expect(document.getElementById('app')!.childNodes).toHaveLength(0);
  });
});
