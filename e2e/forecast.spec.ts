import { apertisPayg } from './fake-api';
import { expect, test } from './fixtures';
import { PopupPage } from './pages/popup';
import { saveScreenshot } from './screenshots';
import { stored } from './worker';

declare const chrome: typeof import('wxt/browser').browser;

test('the popup forecasts the run-out after the balance has dropped over several refreshes', async ({
  context,
  extensionId,
  serviceWorker,
  options,
  fakeApi,
}) => {
  fakeApi.set('sk-burn', apertisPayg({ remaining_usd: 20, used_usd: 10 }));
  await options.addAccount({ name: 'Burning', key: 'sk-burn' });

  // The refreshes of the past three hours, as the engine stored them ($1 an hour).
  // Refreshes seconds apart share one 5-minute slot, so past hours are seeded, not waited for.
  const [account] = (await stored(serviceWorker, 'accounts')) as Array<{ id: string }>;
  await serviceWorker.evaluate(async (id) => {
    const now = Math.floor(Date.now() / 1000);
    const samples = [3, 2, 1].map((h) => [now - h * 3600, 20 + h]);
    await chrome.storage.local.set({ [`history:${id}`]: { v: 1, samples } });
  }, account!.id);

  const popup = new PopupPage(context, extensionId);
  await popup.open();
  for (const remaining of [19.95, 19.9]) {
    fakeApi.set('sk-burn', apertisPayg({ remaining_usd: remaining, used_usd: 30 - remaining }));
    await popup.page.getByRole('button', { name: 'Refresh' }).click();
    await expect(popup.account('Burning')).toContainText(`$${remaining.toFixed(2)}`);
  }

  // The row says it in short; its details in words, with the line they come from.
  await expect(popup.account('Burning').locator('.fc')).toHaveText(/^~(19|20)h$/);
  const section = await popup.expand('Burning');
  // ~$20 left at ~$1/hour ($24 a day): about 20 hours.
  await expect(section).toContainText(/Runs out in about (19|20) hours/);
  await expect(section).toContainText(/\$2\d\.\d\d per day/);
  const chart = section.getByRole('img');
  await expect(chart).toHaveAttribute('aria-label', /^Balance over the last days: from \$23\.00 to \$19\.90$/);
  await popup.page.setViewportSize({ width: 360, height: 300 });
  await saveScreenshot(section, 'popup-forecast');
});
