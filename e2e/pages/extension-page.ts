import type { BrowserContext, Page } from '@playwright/test';

/** Opens one extension page in a new tab and records its console errors and uncaught exceptions. */
export class ExtensionPage {
  readonly errors: string[] = [];
  private current?: Page;

  constructor(
    protected readonly context: BrowserContext,
    protected readonly extensionId: string,
    private readonly file: string,
  ) {}

  get url(): string {
    return `chrome-extension://${this.extensionId}/${this.file}`;
  }

  get page(): Page {
    if (!this.current) throw new Error(`${this.file} is not open; call open() first`);
    return this.current;
  }

  async open(): Promise<Page> {
    const page = await this.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.errors.push(`pageerror: ${error.message}`));
    await page.goto(this.url);
    this.current = page;
    return page;
  }
}
