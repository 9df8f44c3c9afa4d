// The popup's first screen as markup, rendered in the background whenever what
// it shows changes, so opening the popup paints it without waiting for the
// popup's JavaScript (issue 22). The same component and the same derivation as
// the live popup: what is painted first is what the app shows a moment later.
// Preact renders every name, amount and reason as escaped text; no key is ever
// part of the popup's markup.
import { signal } from '@preact/signals';
import { renderToString } from 'preact-render-to-string';
import { SCREEN_VERSION, type PopupScreen, type ScreenInput } from '@/lib/store/popup-screen';
import { browser } from '@/lib/browser-api';
import { createFormatter } from '@/lib/words/format';
import { t, uiLocale } from '@/lib/words/i18n';
import { PopupApp, statusLine, type PopupAppModel } from './popup-app';
import { derivePopupView } from './popup-view';

/** Stands for the age in the "Updated $1" message while it is split. */
const AGE = '\u0001';

/** Rows a 600 px popup shows at once, and a few more: the rest is laid out when the app takes over. */
export const SCREEN_ROWS = 16;

/** The first screen for this stored state at `now`. */
export function renderPopupScreen(input: ScreenInput, now: number): PopupScreen {
  const clock = signal(now);
  const view = derivePopupView(
    { accounts: signal(input.accounts), settings: signal(input.settings), activity: signal(input.activity), states: signal(input.states) },
    clock,
    signal({}),
  );
  const idle = () => Promise.resolve(undefined);
  const model: PopupAppModel = {
    ...view,
    loaded: signal(true),
    failed: signal(false),
    refreshing: signal(false),
    clock,
    refresh: idle,
    loadTrend: idle,
    refreshIfStale: idle,
  };
  const lang = uiLocale();
  const [, readAt, suffix = ''] = statusLine(model, createFormatter(lang, t));
  // "Updated $1": the words on either side of the age, for the early script to put a new age between.
  const [before = '', after = ''] = t('updatedAgo', AGE).split(AGE);
  return {
    v: SCREEN_VERSION,
    html: renderToString(<PopupApp model={model} firstScreen={SCREEN_ROWS} />),
    at: now,
    ui: browser.i18n.getUILanguage(),
    lang,
    ...(readAt === undefined ? {} : { status: { readAt, before, after: after + suffix } }),
  };
}
