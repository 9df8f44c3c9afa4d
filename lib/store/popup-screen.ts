// The popup's first screen, rendered ahead of time by the background whenever
// what it shows changes (components/popup/popup-screen.tsx), and put on the page
// by the popup's early script the moment its storage read returns, before any of
// the popup's modules run (issue 22); the early script checks it as it reads it
// (components/popup/first-screen.ts). Its own module with no runtime imports: the
// early script stays tiny. storage.ts names the item; this defines its shape.

import type { Account } from '../model/account';
import type { AccountState, Activity, Settings } from './types';

export const POPUP_SCREEN = 'popupScreen';
/** popup.html's app script carries this attribute while it waits for the first screen (build/popup-after-first-screen.ts). */
export const APP_SCRIPT = 'data-app';
/** A performance mark: the popup's app has taken over the page, its controls answer (npm run bench reads it). */
export const POPUP_INTERACTIVE = 'popup-interactive';
/** Bumped whenever the popup's markup changes shape: an older screen is not shown. */
export const SCREEN_VERSION = 1;

export interface PopupScreen {
  v: typeof SCREEN_VERSION;
  /** The popup's markup, rendered from escaped text only; never a key. */
  html: string;
  /** When it was rendered. */
  at: number;
  /** The browser's UI language it was rendered in: in any other, it is not shown. */
  ui: string;
  /** The locale its words and numbers are in (the page's `lang`). */
  lang: string;
  /**
   * The header's "Updated 5 min ago" line, where the screen shows it: the early script words it again for
   * the moment the popup opens, so a screen rendered an hour ago says "Updated 1 hr. ago". The words around
   * the age come from the catalogue ("Updated " and " · 2 failed"), so the early script needs none.
   */
  status?: { readAt: number; before: string; after: string };
}

/** What a first screen is rendered from: what the popup reads from storage. */
export interface ScreenInput {
  accounts: Account[];
  settings: Settings;
  activity: Activity;
  states: Record<string, AccountState>;
}

export type RenderScreen = (input: ScreenInput, now: number) => PopupScreen;
