// The extension's pages as a user meets them: controls found by their visible labels, text read as shown.
import type { ElementHandle, JSHandle, Page } from 'puppeteer-core';
import type { FakeApi } from '../e2e/fake-api';

// Code passed to page.evaluate() runs in an extension page, where Firefox's `browser` is the global.
declare const browser: typeof import('wxt/browser').browser;

const WAIT = { polling: 100, timeout: 10_000 };

/** Waits for the handle (the pages render once their stored state is read); names what never came. */
async function element(what: string, handle: Promise<JSHandle<unknown>>): Promise<ElementHandle<HTMLElement>> {
  try {
    const found = (await handle).asElement();
    if (!found) throw new Error('not an element');
    return found as ElementHandle<HTMLElement>;
  } catch (error) {
    throw new Error(`${what} never appeared: ${String(error)}`);
  }
}

/** The form control whose <label> reads exactly `text`. */
function byLabel(page: Page, text: string): Promise<ElementHandle<HTMLElement>> {
  const find = (wanted: string) => {
    const label = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === wanted);
    return label?.control ?? null;
  };
  return element(`a control labelled "${text}"`, page.waitForFunction(find, WAIT, text));
}

/** An element matching `selector` whose visible text is exactly `text` (a button, a summary). */
function byText(page: Page, selector: string, text: string): Promise<ElementHandle<HTMLElement>> {
  const find = (sel: string, wanted: string) =>
    [...document.querySelectorAll<HTMLElement>(sel)].find((e) => e.textContent?.trim() === wanted) ?? null;
  return element(`a ${selector} reading "${text}"`, page.waitForFunction(find, WAIT, selector, text));
}

/** Replaces a text field's value by typing, as a user would (select all, then type over it). */
async function typeInto(page: Page, field: ElementHandle<HTMLElement>, value: string): Promise<void> {
  await field.click();
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await field.type(value);
  const typed = await field.evaluate((el) => (el as HTMLInputElement).value);
  if (typed !== value) throw new Error(`typed "${value}" but the field holds "${typed}"`);
}

export interface NewAccount {
  /** The Provider control's option label. */
  provider?: string;
  name: string;
  /** None for a signed-in site: its form has no key field. */
  key?: string;
  baseUrl?: string;
}

/** Opens the "Add account" form, fills it by its labels, clicks "Save account", returns the outcome. */
export async function addAccount(page: Page, account: NewAccount): Promise<string> {
  // The form lives in a dialog that "Add account" (at the top of the list) opens.
  if (!(await page.evaluate(() => document.querySelector('dialog')?.open ?? false))) await (await byText(page, 'button', 'Add account')).click();
  if (account.provider) {
    const select = await byLabel(page, 'Provider');
    const value = await select.evaluate(
      (el, label) => [...(el as HTMLSelectElement).options].find((o) => o.textContent?.trim() === label)?.value,
      account.provider,
    );
    if (!value) throw new Error(`no provider option "${account.provider}"`);
    await select.select(value);
  }
  await typeInto(page, await byLabel(page, 'Name'), account.name);
  if (account.key !== undefined) await typeInto(page, await byLabel(page, 'API key'), account.key);
  if (account.baseUrl !== undefined) {
    const field = await byLabel(page, 'Base URL');
    // It sits in the collapsed "Advanced" section (a closed <details>) until that is opened.
    if (await field.evaluate((el) => el.closest('details')?.open === false)) await (await byText(page, 'summary', 'Advanced')).click();
    await typeInto(page, field, account.baseUrl);
  }
  // A real click: the extension's permissions.request() runs inside the user's input handler.
  await (await byText(page, 'button', 'Save account')).click();
  const outcome = await page.waitForFunction(
    (name) => {
      const text = document.querySelector('.outcome')?.textContent ?? '';
      return text.includes(`“${name}”`) ? text : false;
    },
    { polling: 100, timeout: 20_000 },
    account.name,
  );
  return (await outcome.jsonValue()) as string;
}

/** Clicks the button whose visible text is exactly `text`, once it is there. */
export async function clickButton(page: Page, text: string): Promise<void> {
  await page.bringToFront();
  await (await byText(page, 'button', text)).click();
}

/** The text of the popup's row whose name is exactly the account's (a pinned one carries a mark before it). */
export function rowText(page: Page, name: string): Promise<string | null> {
  return page.evaluate((wanted) => {
    const row = [...document.querySelectorAll<HTMLElement>('li.row')].find(
      (li) => li.querySelector('.name')?.textContent?.replace(/^◈ [^:]+: /, '').trim() === wanted,
    );
    return row ? row.innerText : null;
  }, name);
}

// What the user sees outside pages, read through the extension's own APIs from one of its pages.
export const badgeText = (page: Page) => page.evaluate(() => browser.action.getBadgeText({}));
export const badgeTitle = (page: Page) => page.evaluate(() => browser.action.getTitle({}));
export const refreshAlarm = (page: Page) => page.evaluate(async () => (await browser.alarms.get('refresh')) ?? null);
export const notifications = (page: Page) => page.evaluate(() => browser.notifications.getAll() as Promise<Record<string, unknown>>);
export const clearNotifications = (page: Page) =>
  page.evaluate(async () => {
    const all = await browser.notifications.getAll();
    await Promise.all(Object.keys(all).map((id) => browser.notifications.clear(id)));
  });
/**
 * Time passes: every stored reading becomes `ms` older, so the next alarm finds the
 * accounts due, as it would one interval later (an alarm fired seconds after a read
 * rightly skips fresh accounts). Same as ageStoredReadings in e2e/worker.ts.
 */
export const ageStoredReadings = (page: Page, ms = 10 * 60_000) =>
  page.evaluate(async (by: number) => {
    const all = await browser.storage.local.get(null);
    const aged: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith('state:') || typeof value !== 'object' || value === null) continue;
      const state = value as { lastAttemptAt?: number };
      if (state.lastAttemptAt !== undefined) aged[key] = { ...state, lastAttemptAt: state.lastAttemptAt - by };
    }
    await browser.storage.local.set(aged);
  }, ms);

/** Fires the real refresh alarm now instead of waiting its period out (as e2e/worker.ts does). */
export const fireRefreshAlarm = (page: Page) =>
  page.evaluate(() => browser.alarms.create('refresh', { when: Date.now() + 100, periodInMinutes: 5 }));

/** Requests the fake answered for real (not preflights), counted from a mark. */
export const answeredSince = (fake: FakeApi, mark: number) => fake.requests.slice(mark).filter((r) => r.method === 'GET').length;
