// Puts the screen the background rendered ahead of time (popup-screen.tsx) on
// the page, for the popup's early script: no Preact, no schema library, a few
// hundred bytes. The markup is checked against what the popup renders before it
// is shown: stored data is input too, so a screen holding any other element or
// attribute is not shown at all (the app then paints as it always did).
import { APP_SCRIPT, SCREEN_VERSION, type PopupScreen } from '@/lib/store/popup-screen';
import { relativeFormat, relativeWords } from '@/lib/words/format';

/** Every element the popup's first screen is made of. */
const TAGS = /^(main|header|div|h[12]|nav|a|p|button|ul|li|span|section)$/;
/** Every attribute it carries, beside the two checked by value below. */
const ATTRIBUTES = /^(class|id|hidden|type|title|aria-[a-z]+|data-account)$/;
/** The header's two links, and nothing else. */
const PAGE = /^\/[a-z-]+\.html$/;
/** A meter's fill. */
const WIDTH = /^width: ?\d+(\.\d+)?%;?$/;

/** The screen's markup as inert nodes, or null when it holds anything the popup never renders. */
export function screenNodes(doc: Document, html: string): DocumentFragment | null {
  const template = doc.createElement('template');
  template.innerHTML = html;
  for (const element of template.content.querySelectorAll('*')) {
    if (!TAGS.test(element.localName)) return null;
    for (const { name, value } of element.attributes) {
      const allowed =
        ATTRIBUTES.test(name) || (name === 'href' && element.localName === 'a' && PAGE.test(value)) || (name === 'style' && WIDTH.test(value));
      if (!allowed) return null;
    }
  }
  return template.content;
}

const isTime = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x < Infinity;

/**
 * Shows a stored screen in the page's empty #app, its "Updated … ago" worded for `now`: a screen rendered an
 * hour ago says so. False when it is not shown: not a screen of this version, rendered in another UI language,
 * the page already drawn, or markup it does not trust. What is stored is input too: each field is checked.
 */
export function showFirstScreen(doc: Document, raw: unknown, ui: string, now: number): boolean {
  const screen = (raw ?? {}) as Partial<PopupScreen>;
  const app = doc.getElementById('app');
  if (screen.v !== SCREEN_VERSION || screen.ui !== ui || typeof screen.lang !== 'string' || typeof screen.html !== 'string' || !app || app.firstChild) return false;
  const nodes = screenNodes(doc, screen.html);
  if (!nodes) return false;
  app.replaceChildren(nodes);
  doc.documentElement.lang = screen.lang;
  const { readAt, before, after } = screen.status ?? {};
  const line = doc.getElementById('status');
  if (line && isTime(readAt) && typeof before === 'string' && typeof after === 'string') line.textContent = before + relativeWords(relativeFormat(screen.lang), readAt, now) + after;
  return true;
}

/** Once the page's body is parsed: the read usually returns after that, but need not. */
const parsed = (doc: Document) =>
  doc.readyState !== 'loading' ? Promise.resolve() : new Promise<void>((resolve) => doc.addEventListener('readystatechange', () => resolve(), { once: true }));

/** After the frame that paints what is on the page; a page that draws no frames (hidden) waits 100 ms at most. */
const framePainted = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 100);
  });

/** Shows a stored screen as soon as the page can hold it; resolves once it is painted, or at once when none is shown. */
export async function paintFirstScreen(raw: unknown, doc: Document, ui: string, now = Date.now): Promise<void> {
  if (raw === undefined) return;
  await parsed(doc);
  if (showFirstScreen(doc, raw, ui, now())) await framePainted();
}

/**
 * Starts the app's module script, which the build left waiting (build/popup-after-first-screen.ts), once the
 * first screen is painted or there is none: the app never competes with the first paint.
 */
export async function startApp(firstScreen: Promise<void>, doc: Document): Promise<void> {
  await firstScreen.catch(() => undefined);
  await parsed(doc);
  const waiting = doc.querySelector<HTMLScriptElement>(`script[${APP_SCRIPT}]`);
  if (!waiting) return;
  const script = doc.createElement('script');
  script.type = 'module';
  script.src = waiting.src;
  waiting.replaceWith(script);
}
