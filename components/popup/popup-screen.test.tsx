// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { signal } from '@preact/signals';
import { fingerprint } from '@/lib/store/fingerprint';
import { DEFAULT_SETTINGS, type AccountState } from '@/lib/store/storage';
import type { ScreenInput } from '@/lib/store/popup-screen';
import { installBrowserFakes, makeAccount, paygSnapshot, stateWith } from '@/lib/testing';
import type { Account } from '@/lib/model/account';
import { PopupApp, type PopupAppModel } from './popup-app';
import { renderPopupScreen, SCREEN_ROWS } from './popup-screen';
import { derivePopupView } from './popup-view';
import { screenNodes } from './first-screen';

const NOW = Date.UTC(2026, 11, 7, 12);
const MINUTE = 60_000;

/** `count` accounts, every one under its $5 threshold (none folds away), read `ago` ms before NOW. */
function input(count: number, ago = 0, extra: Partial<Account> = {}): ScreenInput {
  const accounts = Array.from({ length: count }, (_, i) => makeAccount({ id: `a${i}`, name: `Key ${i}`, key: `sk-secret-${i}`, warnBelow: 5, warnUnit: 'USD', ...extra }));
  const states: Record<string, AccountState> = Object.fromEntries(
    accounts.map((a, i) => [a.id, { ...stateWith(paygSnapshot(1 + i / 100, NOW - ago)), for: fingerprint(a), lastAttemptAt: NOW - ago }]),
  );
  return { accounts, settings: DEFAULT_SETTINGS, activity: { reading: {} }, states };
}

/** The live popup's markup for the same stored state at the same moment, as the app renders it in the page. */
function appMarkup({ accounts, settings, activity, states }: ScreenInput): string {
  const clock = signal(NOW);
  const view = derivePopupView({ accounts: signal(accounts), settings: signal(settings), activity: signal(activity), states: signal(states) }, clock, signal({}));
  const idle = () => Promise.resolve(undefined);
  const model: PopupAppModel = { ...view, loaded: signal(true), failed: signal(false), refreshing: signal(false), clock, refresh: idle, loadTrend: idle, refreshIfStale: idle };
  const root = document.createElement('div');
  render(<PopupApp model={model} />, root);
  return root.innerHTML;
}

describe('the first screen the background renders for the popup', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await installBrowserFakes(fakeBrowser, vi);
  });

  it('is the markup the app renders for the same state, so the takeover shows no change', () => {
    const stored = input(5);
    const screen = renderPopupScreen(stored, NOW);
    // Both as the page's DOM holds them (the string says `hidden`, the DOM `hidden=""`).
    const template = document.createElement('template');
    template.innerHTML = screen.html;
    expect(template.innerHTML).toBe(appMarkup(stored));
    expect(screen).toMatchObject({ v: 1, at: NOW, ui: 'en-US', lang: 'en-US' });
  });

  it(`shows at most ${SCREEN_ROWS} rows, what a 600 px popup shows at once; the app lays out the rest`, () => {
    const template = document.createElement('template');
    template.innerHTML = renderPopupScreen(input(40), NOW).html;
    expect(template.content.querySelectorAll('li.row')).toHaveLength(SCREEN_ROWS);
    // The rows are the first ones the app shows, in its order.
    const app = document.createElement('template');
    app.innerHTML = appMarkup(input(40));
    const names = (root: DocumentFragment) => [...root.querySelectorAll('li.row .name')].map((n) => n.textContent);
    expect(names(template.content)).toEqual(names(app.content).slice(0, SCREEN_ROWS));
  });

  it('holds names and figures as text only, and never a key', () => {
    const stored = input(2, 0, { name: '<img src=x onerror="alert(1)"><script>alert(2)</script>' });
    const screen = renderPopupScreen(stored, NOW);
    const nodes = screenNodes(document, screen.html)!;
    expect(nodes).not.toBeNull();
    expect(nodes.querySelector('img, script')).toBeNull();
    expect(nodes.querySelector('li.row .name')!.textContent).toBe('<img src=x onerror="alert(1)"><script>alert(2)</script>');
    expect(JSON.stringify(screen)).not.toMatch(/sk-secret/);
  });

  it.each([
    ['read now', 0, 'Updated this minute'],
    ['read 5 minutes ago', 5 * MINUTE, 'Updated 5 min. ago'],
  ])('keeps what its "Updated" line is made of (%s), for the early script to word again at open', (_, ago, words) => {
    const screen = renderPopupScreen(input(3, ago), NOW);
    expect(screen.status).toEqual({ readAt: NOW - ago, before: 'Updated ', after: '' });
    expect(screen.html).toContain(words);
  });

  it('has no "Updated" line to word again while a refresh is reading', () => {
    const stored = input(3);
    stored.activity = { reading: { a0: NOW } };
    stored.states['a0']!.lastAttemptAt = NOW - MINUTE;
    const screen = renderPopupScreen(stored, NOW);
    expect(screen.status).toBeUndefined();
    expect(screen.html).toContain('Still reading 1 account');
  });

  it('is the empty popup when there are no accounts', () => {
    const screen = renderPopupScreen({ ...input(0) }, NOW);
    expect(screen.html).toContain('class="empty"');
    expect(screen.status).toBeUndefined();
  });
});
