// Store screenshots at 1280×800 (issue 23), taken by the e2e run like the README's: the popup shown as
// Chrome opens it, beside a few words, on the settings page's own theme; History and Settings as they
// are. Written to test-results/screenshots/ on every run, and to docs/store/screenshots/ when
// UPDATE_SCREENSHOTS is set.
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

export const STORE_SIZE = { width: 1280, height: 800 } as const;

export function storeScreenshotPaths(name: string): string[] {
  const paths = [path.join('test-results', 'screenshots', `${name}.png`)];
  if (process.env.UPDATE_SCREENSHOTS) paths.push(path.join('docs', 'store', 'screenshots', `${name}.png`));
  return paths;
}

export async function saveStoreScreenshot(page: Page, name: string): Promise<void> {
  for (const file of storeScreenshotPaths(name)) await page.screenshot({ path: file });
}

interface PopupShot {
  dark?: boolean;
  /** An account whose row is opened inside the popup. */
  open?: string;
  title: string;
  lines: string[];
}

/**
 * The popup (a 380×600 frame of popup.html, as Chrome opens it) beside a title and a few lines, on a
 * 1280×800 page of the extension's own origin (the settings page, its content replaced once it has
 * painted), so the frame is the real popup reading the real stored accounts.
 */
export async function storePopupShot(context: BrowserContext, extensionId: string, name: string, shot: PopupShot): Promise<void> {
  const page = await context.newPage();
  await page.setViewportSize(STORE_SIZE);
  await page.emulateMedia({ colorScheme: shot.dark ? 'dark' : 'light' });
  await page.bringToFront();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.locator('h1').first().waitFor();
  await page.evaluate(
    ({ popupUrl, title, lines }) => {
      const style = document.createElement('style');
      style.textContent = `
        body { margin: 0; height: 100vh; display: flex; align-items: center; justify-content: center; gap: 72px;
               background: linear-gradient(135deg, var(--card), var(--bg)); font-size: 18px; }
        .pitch { max-width: 520px; }
        .pitch h1 { font-size: 44px; margin: 0 0 20px; }
        .pitch li { margin: 12px 0; color: var(--muted); line-height: 1.45; }
        .frame { width: 380px; height: 600px; border: 1px solid var(--line); border-radius: 10px; background: var(--bg);
                 box-shadow: 0 16px 48px rgb(0 0 0 / 28%); overflow: hidden; }
        .frame iframe { width: 100%; height: 100%; border: 0; }`;
      document.head.append(style);
      const pitch = document.createElement('div');
      pitch.className = 'pitch';
      const heading = document.createElement('h1');
      heading.textContent = title;
      const list = document.createElement('ul');
      for (const line of lines) {
        const item = document.createElement('li');
        item.textContent = line;
        list.append(item);
      }
      pitch.append(heading, list);
      const frame = document.createElement('div');
      frame.className = 'frame';
      const iframe = document.createElement('iframe');
      iframe.src = popupUrl;
      iframe.title = 'Credit Gauge';
      frame.append(iframe);
      document.body.replaceChildren(pitch, frame);
    },
    { popupUrl: `chrome-extension://${extensionId}/popup.html`, title: shot.title, lines: shot.lines },
  );
  const popup = page.frameLocator('iframe');
  await popup.getByRole('heading', { level: 1 }).waitFor();
  if (shot.open) {
    await popup.locator('li.row').filter({ hasText: shot.open }).first().locator('.row-head').click();
    await popup.locator('.details').first().waitFor();
  }
  await saveStoreScreenshot(page, name);
  await page.close();
}
