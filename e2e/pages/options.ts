import type { BrowserContext } from '@playwright/test';
import { ExtensionPage } from './extension-page';

export interface NewAccount {
  /** The Provider control's option label, e.g. "Moonshot (China)". */
  provider?: string;
  name: string;
  /** None for a signed-in site: its form has no key field. */
  key?: string;
  baseUrl?: string;
  warnBelow?: string;
  cyclePercent?: string;
  warnDays?: string;
  /** A provider's own fields by their label ("Path", "Header"): text typed, or a select's option label. */
  fields?: Record<string, string>;
}

export class OptionsPage extends ExtensionPage {
  /** `defaultBaseUrl`: used for accounts that don't name one (the fake API, in tests). */
  constructor(
    context: BrowserContext,
    extensionId: string,
    private readonly defaultBaseUrl?: string,
  ) {
    super(context, extensionId, 'options.html');
  }

  /** Fills the "Add account" form by its visible labels, as a user would, and submits it. */
  async fillAccount(input: NewAccount): Promise<void> {
    const account = { baseUrl: this.defaultBaseUrl, ...input };
    const page = this.page;
    // The form lives in a dialog that "Add account" (at the top of the list) opens.
    if (!(await page.getByRole('dialog').isVisible())) await page.getByRole('button', { name: 'Add account' }).click();
    const form = page.getByRole('dialog');
    if (account.provider) await form.getByLabel('Provider').selectOption({ label: account.provider });
    await form.getByLabel('Name', { exact: true }).fill(account.name);
    if (account.key !== undefined) await form.getByLabel('API key', { exact: true }).fill(account.key);
    if (account.warnBelow !== undefined) await form.getByLabel('Warn below', { exact: true }).fill(account.warnBelow);
    if (account.cyclePercent !== undefined) await form.getByLabel(/subscription quota left/).fill(account.cyclePercent);
    if (account.warnDays !== undefined) await form.getByLabel(/^Low when fewer days left/).fill(account.warnDays);
    if (account.baseUrl !== undefined) {
      const field = form.getByLabel('Base URL');
      if (!(await field.isVisible())) await form.getByText('Advanced').click();
      await field.fill(account.baseUrl);
    }
    for (const [label, value] of Object.entries(account.fields ?? {})) {
      const field = form.getByLabel(label, { exact: true });
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption({ label: value });
      else await field.fill(value);
    }
  }

  /** Adds an account and waits for the inline result of its first read. */
  async addAccount(account: NewAccount): Promise<string> {
    await this.fillAccount(account);
    await this.page.getByRole('dialog').getByRole('button', { name: 'Save account' }).click();
    const outcome = this.page.locator('.outcome').first();
    await this.page.waitForFunction(
      (name) => document.querySelector('.outcome')?.textContent?.includes(`“${name}”`),
      account.name,
      { timeout: 20_000 },
    );
    return (await outcome.textContent()) ?? '';
  }

  accountItem(name: string) {
    return this.page.locator('li.account').filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }
}
