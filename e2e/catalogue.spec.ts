// The provider catalogue as a user meets it: one account per provider added
// through the settings form, each read from its own fake origin, each value
// and unit read back in the popup, and each key seen only where it belongs.
import { apertisPayg, apikleyCredits } from './fake-api';
import { startCatalogueFake, type CatalogueFake, type CatalogueProviderId } from './fake-catalogue';
import { expect, test } from './fixtures';
import { PopupPage } from './pages/popup';
import { saveScreenshot } from './screenshots';
import { stored } from './worker';

interface Row {
  /** The Provider control's option label, exactly as the issue names it. */
  label: string;
  id: CatalogueProviderId;
  key: string;
  /** What the popup shows as remaining, in the UI's English formats. */
  shows: string;
  fields?: Record<string, string>;
  /** The header the key must travel in. */
  header: string;
}

const ROWS: Row[] = [
  { label: 'DeepSeek', id: 'deepseek', key: 'sk-cat-deepseek-0001', shows: '$110.00', header: 'authorization' },
  { label: 'OpenRouter', id: 'openrouter', key: 'sk-or-v1-cat-openrouter-0002', shows: '$74.50', header: 'authorization' },
  { label: 'Moonshot (international)', id: 'moonshot', key: 'sk-cat-moonshot-0003', shows: '$49.59', header: 'authorization' },
  { label: 'Moonshot (China)', id: 'moonshot-cn', key: 'sk-cat-moonshotcn-0004', shows: '¥49.59', header: 'authorization' },
  { label: 'Vercel AI Gateway', id: 'vercel', key: 'vck-cat-vercel-0005', shows: '$95.50', header: 'authorization' },
  { label: 'Novita AI', id: 'novita', key: 'sk-cat-novita-0006', shows: '$100.00', header: 'authorization' },
  { label: 'Poe', id: 'poe', key: 'poe-cat-0007', shows: '1,500 points', header: 'authorization' },
  { label: 'AIHubMix', id: 'aihubmix', key: 'sk-cat-aihubmix-0008', shows: '$5.25', header: 'authorization' },
  { label: 'new-api / one-api gateway', id: 'newapi', key: 'sk-cat-newapi-0009', shows: '$1.98', header: 'authorization' },
  {
    label: 'Custom endpoint',
    id: 'custom',
    key: 'cat-custom-0010',
    shows: '€12.34',
    header: 'x-api-key',
    fields: { Path: '/v1/balance', 'Balance field': 'data.0.balance', Unit: 'EUR', Header: 'X-API-Key' },
  },
];

let fake: CatalogueFake;
test.beforeEach(async () => {
  // No CORS, like the real APIs: the extension must hold each origin's permission.
  fake = await startCatalogueFake({ cors: false });
  for (const row of ROWS) fake.addKey(row.id, row.key);
  fake.configureCustom({ accept: 'x-api-key' });
  // A new-api site whose token-usage route is off (admins may disable it): the first read probes
  // /api/status, token usage (404) and user credits; what worked is remembered.
  fake.configureNewApi({ routes: { tokenUsage: false, credits: true } });
});
test.afterEach(async () => fake.close());

test('one account per provider: added in settings, read from its own origin, shown with its unit', async ({
  options,
  fakeApi,
  context,
  extensionId,
  serviceWorker,
}) => {
  test.setTimeout(120_000);
  fakeApi.set('sk-cat-apertis-0011', apertisPayg({ remaining_usd: 42.5, used_usd: 1 }));
  fakeApi.set('apk-cat-apikley-0012', apikleyCredits(900));
  await options.addAccount({ provider: 'Apertis', name: 'Cat Apertis', key: 'sk-cat-apertis-0011' });
  await options.addAccount({ provider: 'Apikley', name: 'Cat Apikley', key: 'apk-cat-apikley-0012' });
  for (const row of ROWS) {
    const outcome = await options.addAccount({
      provider: row.label,
      name: `Cat ${row.label}`,
      key: row.key,
      baseUrl: fake.providers[row.id].baseUrl,
      ...(row.fields ? { fields: row.fields } : {}),
    });
    expect(outcome, row.label).toContain(`Saved “Cat ${row.label}”`);
    expect(outcome, row.label).not.toContain('could not be read');
  }

  const popup = new PopupPage(context, extensionId);
  await popup.open();
  // Twelve accounts: the healthy ones fold behind "N OK".
  await popup.page.setViewportSize({ width: 360, height: 600 });
  await popup.unfold();
  await expect(popup.account('Cat Apertis')).toContainText('$42.50');
  await expect(popup.account('Cat Apikley')).toContainText('900 credits');
  for (const row of ROWS) await expect(popup.account(`Cat ${row.label}`), row.label).toContainText(row.shows);
  await saveScreenshot(popup.page, 'popup-catalogue', true);
  // Not merely a number: the reading says what it is.
  await popup.expand('Cat OpenRouter');
  await expect(popup.account('Cat OpenRouter')).toContainText("showing this key's limit");
  await popup.expand('Cat AIHubMix');
  await expect(popup.account('Cat AIHubMix')).toContainText('AIHubMix (experimental)');

  // Each key travelled only to its own provider's origin, only in the header that provider reads.
  for (const row of ROWS) {
    expect(fake.keysSeen(row.key), row.label).toEqual([{ provider: row.id, header: row.header }]);
  }
  expect(popup.errors).toEqual([]);

  // A gateway remembers what worked: after its first read, a refresh is one request
  // (the site's public /api/status is cached for a day). (Token usage, when it is what worked,
  // is asked at most once a minute per site: lib/providers/newapi.test.ts.)
  const newapi = ROWS.find((r) => r.id === 'newapi')!;
  const accounts = (await stored(serviceWorker, 'accounts')) as { id: string; name: string }[];
  const id = accounts.find((a) => a.name === `Cat ${newapi.label}`)!.id;
  // Saving does not wait for the first read: let every read started by the adds land first.
  await expect.poll(async () => Object.keys(((await stored(serviceWorker, 'activity')) as { reading?: object })?.reading ?? {}).length).toBe(0);
  const before = ((await stored(serviceWorker, `state:${id}`)) as { lastAttemptAt: number }).lastAttemptAt;
  fake.clearRequests();
  // Refresh as the popup asks for it (the worker ignores messages from anywhere else).
  await popup.page.evaluate((ids) => chrome.runtime.sendMessage({ type: 'refresh', ids }), [id]);
  await expect
    .poll(async () => ((await stored(serviceWorker, `state:${id}`)) as { lastAttemptAt: number }).lastAttemptAt)
    .toBeGreaterThan(before);
  expect(fake.requestsTo('newapi').map((r) => r.path)).toEqual(['/v1/credits']);
});

test('the form fits the provider: a pasted key picks it, a custom mapping is previewed before saving', async ({ options }) => {
  const page = options.page;
  await page.getByRole('button', { name: 'Add account' }).click();
  const form = page.getByRole('dialog');
  const provider = form.getByLabel('Provider');
  // A key only OpenRouter issues picks OpenRouter, and the form says which key it wants.
  await form.getByLabel('API key', { exact: true }).fill('sk-or-v1-pasted-0000');
  await expect(provider).toHaveValue('openrouter');
  await expect(page.getByText('Provider set to OpenRouter from the key or address you entered.')).toBeVisible();
  await expect(page.getByText(/A management key shows the account's credits/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Get your OpenRouter key' })).toHaveAttribute('href', 'https://openrouter.ai/settings/keys');
  // Official providers keep their base URL under Advanced; a gateway asks for the site up front.
  await expect(form.getByLabel('Base URL')).toBeHidden();
  await provider.selectOption({ label: 'Custom endpoint' });
  await expect(form.getByLabel('Base URL')).toBeVisible();
  for (const label of ['Path', 'Balance field', 'Divisor', 'Unit', 'Header']) await expect(form.getByLabel(label, { exact: true })).toBeVisible();
  // A key typed after the user chose the provider never changes it.
  await form.getByLabel('API key', { exact: true }).fill('sk-sub-not-apertis-1');
  await expect(provider).toHaveValue('custom');

  await form.getByLabel('API key', { exact: true }).fill('cat-custom-0010');
  await form.getByLabel('Base URL').fill(fake.providers.custom.baseUrl);
  await form.getByLabel('Path', { exact: true }).fill('/v1/balance');
  await form.getByLabel('Balance field', { exact: true }).fill('data.1.balance');
  await form.getByLabel('Unit', { exact: true }).fill('EUR');
  await form.getByLabel('Header', { exact: true }).selectOption({ label: 'X-API-Key' });
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText(/^Unexpected response from server: The field data\.1\.balance was not found/)).toBeVisible();
  await form.getByLabel('Balance field', { exact: true }).fill('data.0.balance');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Reads: €12.34')).toBeVisible();
  await saveScreenshot(page, 'options-custom', true);
  // The preview stored nothing: no account yet.
  await expect(options.accountItem('Mapped')).toHaveCount(0);
  await form.getByLabel('Name', { exact: true }).fill('Mapped');
  await page.getByRole('dialog').getByRole('button', { name: 'Save account' }).click();
  await expect(options.accountItem('Mapped')).toContainText('€12.34 left');
  // The next add starts over from the default provider, never the last one used.
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(provider).toHaveValue('apertis');
  expect(fake.keysSeen('cat-custom-0010')).toEqual([{ provider: 'custom', header: 'x-api-key' }]);
  expect(options.errors).toEqual([]);
});

declare const chrome: typeof import('wxt/browser').browser;
