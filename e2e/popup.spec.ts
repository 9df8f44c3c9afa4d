import {
  apertisLegacy,
  apertisPayg,
  apertisSubscription,
  apikleyCredits,
  apikleyError,
  hang,
  htmlPage,
  httpError,
  rateLimited,
} from './fake-api';
import { expect, test } from './fixtures';
import { OptionsPage } from './pages/options';
import { PopupPage } from './pages/popup';
import { saveScreenshot } from './screenshots';
import { saveStoreScreenshot, STORE_SIZE } from './store-shots';
import { storedKeys } from './worker';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

test('the popup shows every kind of account with its numbers', async ({ context, extensionId, options, fakeApi }) => {
  fakeApi.set('sk-payg', apertisPayg({ remaining_usd: 12.5, used_usd: 2, monthly_limit_usd: 10, monthly_used_usd: 3, monthly_reset_day: 1 }));
  fakeApi.set('sk-unl', apertisPayg({ remaining_usd: null, used_usd: 7, is_unlimited: true }));
  fakeApi.set(
    'sk-sub-max',
    apertisSubscription(
      {
        plan_type: 'max',
        cycle_quota_limit: 5000,
        cycle_quota_used: 1200,
        cycle_quota_remaining: 3800,
        // Relative to today: a fixed date would pass and turn this into a lapsed cycle.
        cycle_start: iso(Date.now() - 20 * DAY),
        cycle_end: iso(Date.now() + 10 * DAY),
        payg_fallback_enabled: true,
        payg_spent_usd: 2.5,
        payg_limit_usd: 10,
      },
      { remaining_usd: 3, used_usd: 0.5 },
    ),
  );
  fakeApi.set('sk-old', apertisLegacy({ account_credits: 8, token_used: 1, token_total: 'unlimited', token_remaining: 'unlimited', token_is_unlimited: true }));
  fakeApi.set('sk-apikley', apikleyCredits(1234));
  for (const [name, key, provider] of [
    ['Agents PAYG', 'sk-payg', 'Apertis'],
    ['Unlimited key', 'sk-unl', 'Apertis'],
    ['Max plan', 'sk-sub-max', 'Apertis'],
    ['Old mirror', 'sk-old', 'Apertis'],
    ['Apikley batch', 'sk-apikley', 'Apikley'],
  ] as const) {
    const outcome = await options.addAccount({ provider, name, key });
    expect(outcome).toContain('Saved');
  }
  // Saved and closed: the next "Add account" starts from an empty form.
  await expect(options.page.getByRole('dialog')).toBeHidden();
  await options.page.getByRole('button', { name: 'Add account' }).click();
  await expect(options.page.getByLabel('Name', { exact: true })).toHaveValue('');
  await options.page.keyboard.press('Escape');

  const popup = new PopupPage(context, extensionId);
  await popup.open();
  // The monthly cap has $7 of room: that, not the key's $12.50, is what can still be spent.
  await expect(popup.account('Agents PAYG').locator('.value')).toHaveText('$7.00');
  await popup.expand('Agents PAYG');
  await expect(popup.fact('Agents PAYG', 'Key quota')).toHaveText('$12.50');
  await expect(popup.fact('Agents PAYG', 'Used')).toHaveText('$2.00');
  await expect(popup.fact('Agents PAYG', 'Total')).toHaveText('$14.50');
  await expect(popup.fact('Agents PAYG', 'Monthly cap')).toHaveText('$3.00 of $10.00, resets on day 1');
  await expect(popup.account('Unlimited key').locator('.value')).toHaveText('Unlimited');
  // With PAYG fallback on, the dollars are what the agent spends next: they lead.
  await expect(popup.account('Max plan').locator('.value')).toHaveText('$3.00');
  const max = await popup.expand('Max plan');
  await expect(popup.fact('Max plan', 'Plan')).toHaveText('Max');
  await expect(popup.fact('Max plan', 'Status')).toHaveText('active');
  const bar = max.getByRole('progressbar');
  await expect(bar).toHaveAttribute('aria-valuenow', '1200');
  await expect(bar).toHaveAttribute('aria-valuemin', '0');
  await expect(bar).toHaveAttribute('aria-valuemax', '5000');
  await expect(max).toContainText('1,200 used of 5,000');
  await expect(popup.fact('Max plan', 'Cycle ends')).toHaveText(/^[A-Z][a-z]{2} \d{1,2} \(\d+ days left\)$/);
  await expect(popup.fact('Max plan', 'PAYG fallback')).toHaveText('On, $2.50 of $10.00 spent');
  // An unlimited key on an $8 account can spend $8: that is the figure, not "Unlimited".
  await expect(popup.account('Old mirror').locator('.value')).toHaveText('$8.00');
  await popup.expand('Old mirror');
  await expect(popup.fact('Old mirror', 'Key quota')).toHaveText('Unlimited');
  await expect(popup.fact('Old mirror', 'Account balance')).toHaveText('$8.00');
  await expect(popup.account('Apikley batch').locator('.value')).toHaveText('1,234 credits');
  await expect(popup.page.getByText(/Updated/)).toBeVisible();
  expect(popup.errors).toEqual([]);
  // One row open, as a user reads the details of one account.
  await popup.expand('Max plan');
  for (const scheme of ['light', 'dark'] as const) {
    await popup.page.emulateMedia({ colorScheme: scheme });
    await popup.page.setViewportSize({ width: 360, height: 600 });
    await saveScreenshot(popup.page, `popup-${scheme}`);
  }
  await options.page.setViewportSize({ width: 900, height: 1400 });
  await saveScreenshot(options.page, 'options', true);
  // The store's settings screenshot: the same page at 1280×800, light.
  await options.page.bringToFront();
  await options.page.setViewportSize(STORE_SIZE);
  await options.page.emulateMedia({ colorScheme: 'light' });
  await saveStoreScreenshot(options.page, 'store-settings');
});

test('each kind of failure shows its words, and the last good value stays', async ({
  context,
  extensionId,
  options,
  fakeApi,
}) => {
  test.setTimeout(60_000);
  const cases = [
    { name: 'Rejected', key: 'sk-bad', answer: httpError(401, { error: { message: 'Invalid API key' } }), words: 'API key rejected' },
    { name: 'Throttled', key: 'sk-429', answer: rateLimited('600'), words: /Rate limited, next try at \d{1,2}:\d\d( [AP]M)?/ },
    { name: 'Maintained', key: 'sk-455', answer: apikleyError(455, 'maintenance'), words: 'Service under maintenance', provider: 'Apikley' as const },
    { name: 'Proxy page', key: 'sk-html', answer: htmlPage(200), words: 'Unexpected response from server' },
    { name: 'Broken', key: 'sk-500', answer: httpError(503), words: 'Server error' },
    { name: 'Hung', key: 'sk-hang', answer: hang(), words: 'Timed out' },
    {
      name: 'Moved',
      key: 'sk-moved',
      answer: { status: 302, headers: { Location: 'http://127.0.0.2:9/steal' } },
      words: 'The server redirected: the key was not sent on',
    },
  ];
  // Each account first reads fine, then fails: the failure must not hide the last good value.
  for (const c of cases) {
    fakeApi.set(c.key, c.provider === 'Apikley' ? apikleyCredits(777) : apertisPayg({ remaining_usd: 7.77, used_usd: 1 }));
    await options.addAccount({ provider: c.provider ?? 'Apertis', name: c.name, key: c.key });
    fakeApi.set(c.key, c.answer);
  }
  const popup = new PopupPage(context, extensionId);
  await popup.open();
  await popup.page.getByRole('button', { name: 'Refresh' }).click();
  for (const c of cases) {
    const row = popup.account(c.name);
    await expect(row.locator('.why')).toContainText(c.words, { timeout: 20_000 });
    await expect(row.locator('.value')).toHaveText(c.provider === 'Apikley' ? '777 credits' : '$7.77');
  }
  // The details say the error again beside the age of the value still shown.
  for (const c of cases) {
    const row = await popup.expand(c.name);
    await expect(row.locator('.details')).toContainText(c.words);
    await expect(row.locator('.details')).toContainText('Last good value shown, read');
  }
  await popup.rowButton(cases.at(-1)!.name).click();
  await popup.page.setViewportSize({ width: 360, height: 900 });
  await saveScreenshot(popup.page.locator('main'), 'popup-errors');
});

test('removing an account erases its key and everything stored about it', async ({
  serviceWorker,
  options,
  fakeApi,
}) => {
  fakeApi.set('sk-gone-4321', apertisPayg({ remaining_usd: 5, used_usd: 1 }));
  await options.addAccount({ name: 'Temporary', key: 'sk-gone-4321' });
  const item = options.accountItem('Temporary');
  await expect(item).toContainText('••••4321');
  await expect(item).not.toContainText('sk-gone');
  expect(await storedKeys(serviceWorker)).toContain('accounts');
  expect((await storedKeys(serviceWorker)).filter((k) => /^(state|history):/.test(k))).toHaveLength(2);

  await item.getByRole('button', { name: 'Remove Temporary' }).click();
  await item.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(options.page.getByText('No accounts yet. Add one above.')).toBeVisible();
  await expect
    .poll(async () => {
      const dump = JSON.stringify(await serviceWorker.evaluate(() => chrome.storage.local.get(null)));
      return { key: dump.includes('sk-gone'), history: dump.includes('history:'), state: dump.includes('state:') };
    })
    .toEqual({ key: false, history: false, state: false });
});

test('after a browser restart the keys are kept and cached balances show at once', async ({
  options,
  fakeApi,
  relaunch,
}) => {
  fakeApi.set('sk-keep', apertisPayg({ remaining_usd: 21.5, used_usd: 1 }));
  await options.addAccount({ name: 'Kept', key: 'sk-keep' });

  // The API is slow now: whatever the popup shows at once came from storage.
  fakeApi.set('sk-keep', { ...apertisPayg({ remaining_usd: 1, used_usd: 21.5 }), delayMs: 10_000 });
  const session = await relaunch();
  const popup = new PopupPage(session.context, session.extensionId);
  await popup.open();
  await expect(popup.account('Kept')).toContainText('$21.50', { timeout: 2_000 });
  const list = new OptionsPage(session.context, session.extensionId);
  await list.open();
  await expect(list.accountItem('Kept')).toContainText('••••keep');
});

declare const chrome: typeof import('wxt/browser').browser;

test('real-world values: overdrawn, a cycle past its end, a cancelled plan', async ({ context, extensionId, serviceWorker, options, fakeApi }) => {
  const day = DAY;
  fakeApi.set('sk-over', apertisPayg({ remaining_usd: -3.2, used_usd: 13.2, total_usd: 10 }));
  fakeApi.set(
    'sk-ended',
    apertisSubscription({ cycle_start: iso(Date.now() - 40 * day), cycle_end: iso(Date.now() - 10 * day) }, { remaining_usd: 20, used_usd: 1 }),
  );
  fakeApi.set(
    'sk-cancel',
    apertisSubscription({ status: 'cancelled', cycle_start: iso(Date.now() - 20 * day), cycle_end: iso(Date.now() + 10 * day) }, { remaining_usd: 20, used_usd: 1 }),
  );
  for (const [name, key] of [['Overdrawn', 'sk-over'], ['Lapsed plan', 'sk-ended'], ['Cancelled plan', 'sk-cancel']] as const) {
    expect(await options.addAccount({ name, key })).toContain('Saved');
  }
  const popup = new PopupPage(context, extensionId);
  await popup.open();
  const over = popup.account('Overdrawn');
  await expect(over.locator('.value')).toHaveText('-$3.20');
  await expect(over.locator('.why')).toContainText('Overdrawn by $3.20 (warn < $5.00)');
  await expect(popup.account('Lapsed plan').locator('.why')).toContainText('Cycle ended');
  await popup.expand('Lapsed plan');
  await expect(popup.fact('Lapsed plan', 'Cycle ended')).toHaveText(/, waiting to renew$/);
  await popup.expand('Cancelled plan');
  await expect(popup.fact('Cancelled plan', 'Cycle ends')).toHaveText(/cancelled: does not renew$/);
  // The badge warns of the overdrawn key first; the tooltip says what is wrong with each.
  await expect.poll(() => serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('-$4');
  const title = await serviceWorker.evaluate(() => chrome.action.getTitle({}));
  expect(title.split('\n').slice(0, 3)).toEqual([
    'Credit Gauge: 2 accounts need attention',
    'Overdrawn: overdrawn by $3.20 — low',
    expect.stringMatching(/^Lapsed plan: .* — cycle ended .*, not renewed$/),
  ]);
  expect(popup.errors).toEqual([]);
  await popup.page.setViewportSize({ width: 360, height: 900 });
  await saveScreenshot(popup.page.locator('main'), 'popup-real-world');
});
