import type { browser } from 'wxt/browser';
import { apertisPayg, startFakeApi } from './fake-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, launchExtension, test } from './fixtures';
import { OptionsPage } from './pages/options';
import { PopupPage } from './pages/popup';
import { saveScreenshot } from './screenshots';

// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: typeof browser;

test('the service worker starts and can read the badge', async ({ serviceWorker, extensionId }) => {
  expect(extensionId).toMatch(/^[a-p]{32}$/);
  expect(serviceWorker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
  const badge = await serviceWorker.evaluate(() => chrome.action.getBadgeText({}));
  expect(typeof badge).toBe('string');
});

for (const Page of [PopupPage, OptionsPage]) {
  test(`${Page.name} opens without errors`, async ({ context, extensionId }) => {
    const view = new Page(context, extensionId);
    const page = await view.open();
    await expect(page.locator('#app')).not.toBeEmpty();
    expect(view.errors).toEqual([]);
  });
}

// Pins the harness recipe from fixtures.ts: if a Chromium update breaks it, permission tests would hang.
test('grantHostAccess lets a click grant loopback access, which the service worker needs', async ({
  context,
  extensionId,
  serviceWorker,
  grantHostAccess,
}) => {
  const fake = await startFakeApi({ cors: false });
  fake.set('sk-smoke', apertisPayg({ remaining_usd: 5, used_usd: 2 }));
  const fetchCredits = () =>
    serviceWorker.evaluate(
      (url) => fetch(url, { headers: { Authorization: 'Bearer sk-smoke' } }).then((r) => r.status, () => 'failed'),
      `${fake.baseUrl}/v1/dashboard/billing/credits`,
    );
  try {
    expect(await fetchCredits()).toBe('failed');

    await grantHostAccess('http://127.0.0.1/*');
    const options = new OptionsPage(context, extensionId);
    const page = await options.open();
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'grant';
      button.onclick = () => {
        void chrome.permissions.request({ origins: ['http://127.0.0.1/*'] }).then((granted) => {
          button.dataset.granted = String(granted);
        });
      };
      document.body.append(button);
    });
    await page.click('#grant');
    await expect(page.locator('#grant')).toHaveAttribute('data-granted', 'true');

    expect(await fetchCredits()).toBe(200);
  } finally {
    await fake.close();
  }
});

test('with no accounts the popup invites the user to add one', async ({ context, extensionId }) => {
  const popup = new PopupPage(context, extensionId);
  const page = await popup.open();
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add your first account' })).toBeVisible();
});

test('a browser in Russian shows the extension in Russian', async () => {
  const profile = await mkdtemp(path.join(tmpdir(), 'credit-gauge-ru-'));
  const session = await launchExtension(profile, undefined, ['--lang=ru']);
  try {
    const popup = new PopupPage(session.context, session.extensionId);
    const page = await popup.open();
    await expect(page.getByRole('heading', { name: 'Пока нет аккаунтов' })).toBeVisible();
    const options = new OptionsPage(session.context, session.extensionId);
    const settings = await options.open();
    await settings.getByRole('button', { name: 'Добавить аккаунт' }).click();
    await expect(settings.getByLabel('API-ключ', { exact: true })).toBeVisible();
    // Numbers and dates follow the language of the words.
    expect(await page.evaluate(() => chrome.i18n.getMessage('catalogueLocale'))).toBe('ru');
  } finally {
    await session.context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('first run: the settings page opens by itself with its welcome, which links where keys are made', async ({ context }) => {
  const welcomePage = () => context.pages().find((p) => p.url().includes('/options.html?welcome'));
  await expect.poll(welcomePage, { timeout: 10_000 }).toBeTruthy();
  const page = welcomePage()!;
  const card = page.getByRole('region', { name: 'Welcome to Credit Gauge' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('pin Credit Gauge');
  await expect(card.getByRole('link', { name: 'DeepSeek' })).toHaveAttribute('href', 'https://platform.deepseek.com/api_keys');
  await saveScreenshot(page, 'options-welcome', true);
  await card.getByRole('button', { name: 'Got it' }).click();
  await expect(card).toBeHidden();
  await expect(page.getByRole('button', { name: 'Add account' })).toBeFocused();
  expect(page.url()).not.toContain('welcome');
});
