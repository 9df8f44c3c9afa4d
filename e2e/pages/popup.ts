import type { BrowserContext, Locator } from '@playwright/test';
import { ExtensionPage } from './extension-page';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class PopupPage extends ExtensionPage {
  constructor(context: BrowserContext, extensionId: string) {
    super(context, extensionId, 'popup.html');
  }

  /** The account's row: its name is exactly this (a pinned one carries a pin mark and "Pinned:" for screen readers before it). */
  account(name: string): Locator {
    return this.page.locator('li.row').filter({ has: this.page.locator('.name', { hasText: new RegExp(`^(◈ [^:]+: )?${escape(name)}$`) }) });
  }

  /** The button that expands and collapses the row. */
  rowButton(name: string): Locator {
    return this.account(name).locator('.row-head');
  }

  /** Expands the row (once) and returns it: its details and actions are inside. */
  async expand(name: string): Promise<Locator> {
    const head = this.rowButton(name);
    if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
    await this.account(name).locator('.details').waitFor();
    return this.account(name);
  }

  /** The "N OK" button the healthy accounts fold behind, past six accounts. */
  get fold(): Locator {
    return this.page.locator('button.fold');
  }

  /** Waits for the healthy accounts to fold, then shows them (they stay shown while the popup is open). */
  async unfold(): Promise<void> {
    await this.fold.waitFor();
    if ((await this.fold.getAttribute('aria-expanded')) !== 'true') await this.fold.click();
  }

  /** The value shown for a term (e.g. "Used") in an expanded account's details. */
  fact(account: string, term: string): Locator {
    return this.account(account)
      .locator('dl > div')
      .filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${term}$`) }) })
      .locator('dd');
  }
}
