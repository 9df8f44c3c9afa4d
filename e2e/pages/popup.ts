import type { BrowserContext } from '@playwright/test';
import { ExtensionPage } from './extension-page';

export class PopupPage extends ExtensionPage {
  constructor(context: BrowserContext, extensionId: string) {
    super(context, extensionId, 'popup.html');
  }

  /** The section whose heading is exactly the account's name. */
  account(name: string) {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** The value shown for a term (e.g. "Used") in an account's section. */
  fact(account: string, term: string) {
    return this.account(account)
      .locator('dl > div')
      .filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${term}$`) }) })
      .locator('dd');
  }
}
