// What the popup's #app held the moment it first held anything (issue 22): run in the page before its own
// scripts, by Playwright (e2e/first-screen.spec.ts) and by Puppeteer in Firefox (e2e-firefox/).
import { POPUP_INTERACTIVE } from '../lib/store/popup-screen';

export interface FirstSight {
  html: string;
  status: string | null;
  /** Each row's (and the fold's) top, height and width. */
  rows: number[][];
  /** Whether the app had already taken over: false when the early script painted a stored screen. */
  appRunning: boolean;
}

/** Page script: notes #app's first content in `window.__firstSight`. */
export const WATCH_FIRST_SIGHT = `new MutationObserver((records, observer) => {
  const app = document.getElementById('app');
  if (!app || !app.firstChild) return;
  observer.disconnect();
  window.__firstSight = {
    html: app.innerHTML,
    status: document.getElementById('status')?.textContent ?? null,
    rows: [...app.querySelectorAll('li.row, button.fold')].map((row) => { const box = row.getBoundingClientRect(); return [box.top, box.height, box.width]; }),
    appRunning: performance.getEntriesByName(${JSON.stringify(POPUP_INTERACTIVE)}).length > 0,
  };
}).observe(document, { childList: true, subtree: true });`;

/** #app's markup once the app took over, written as the screen writes it: the app sets a meter's width again ("width: 18%;"). */
export const asScreenWrites = (html: string) => html.replaceAll('style="width: ', 'style="width:');
