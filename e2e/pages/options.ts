import type { BrowserContext } from '@playwright/test';
import { ExtensionPage } from './extension-page';

export class OptionsPage extends ExtensionPage {
  constructor(context: BrowserContext, extensionId: string) {
    super(context, extensionId, 'options.html');
  }
}
