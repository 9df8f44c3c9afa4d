// The provider catalogue as a user meets it: one account per provider added
// through the settings form, each read from its own fake origin, each value
// and unit read back in the popup, and each key seen only where it belongs.
import { apertisPayg, apikleyCredits } from './fake-api';
import { startCatalogueFake, type CatalogueFake, type CatalogueProviderId } from './fake-catalogue';
import { expect, test } from './fixtures';
import { PopupPage } from './pages/popup';
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
  await expect(popup.account('Cat Apertis')).toContainText('$42.50');
  await expect(popup.account('Cat Apikley')).toContainText('900 credits');
  for (const row of ROWS) await expect(popup.account(`Cat ${row.label}`), row.label).toContainText(row.shows);
  // Not merely a number: the reading says what it is.
  await expect(popup.account('Cat OpenRouter')).toContainText("showing this key's limit");
  await expect(popup.account('Cat AIHubMix')).toContainText('AIHubMix (experimental)');

  // Each key travelled only to its own provider's origin, only in the header that provider reads.
  for (const row of ROWS) {
    expect(fake.keysSeen(row.key), row.label).toEqual([{ provider: row.id, header: row.header }]);
  }
  expect(popup.errors).toEqual([]);

  // A gateway remembers what worked: after its first read, a refresh is one request
  // (the site's public /api/status is cached for a day).
  const newapi = ROWS.find((r) => r.id === 'newapi')!;
  const accounts = (await stored(serviceWorker, 'accounts')) as { id: string; name: string }[];
  const id = accounts.find((a) => a.name === `Cat ${newapi.label}`)!.id;
  const before = ((await stored(serviceWorker, `state:${id}`)) as { lastAttemptAt: number }).lastAttemptAt;
  fake.clearRequests();
  // Refresh as the popup asks for it (the worker ignores messages from anywhere else).
  await popup.page.evaluate((ids) => chrome.runtime.sendMessage({ type: 'refresh', ids }), [id]);
  await expect
    .poll(async () => ((await stored(serviceWorker, `state:${id}`)) as { lastAttemptAt: number }).lastAttemptAt)
    .toBeGreaterThan(before);
  expect(fake.requestsTo('newapi').map((r) => r.path)).toEqual(['/api/usage/token/']);
});

declare const chrome: typeof import('wxt/browser').browser;
