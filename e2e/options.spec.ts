import { apertisPayg } from './fake-api';
import { expect, test } from './fixtures';
import { OptionsPage } from './pages/options';
import { PopupPage } from './pages/popup';
import { saveScreenshot } from './screenshots';
import { fixKeyPath } from '../lib/options-link';
import { badgeText, stored } from './worker';

test('an address that cannot be reached is caught before saving; "Save anyway" saves it', async ({ context, extensionId }) => {
  const options = new OptionsPage(context, extensionId);
  await options.open();
  // The official hosts don't resolve in tests (fixtures.ts): the check before saving fails, the form
  // stays filled with the base URL marked, and "Save anyway" is offered.
  const page = options.page;
  await options.fillAccount({ name: 'Official', key: 'sk-official-0001' });
  await page.getByRole('dialog').getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByText('This address could not be reached.')).toBeVisible();
  await expect(page.getByLabel('Base URL')).toBeFocused();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Official');
  await expect(options.accountItem('Official')).toHaveCount(0);
  await saveScreenshot(page, 'options-check');
  await page.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(options.accountItem('Official')).toContainText('https://api.apertis.ai');
  // Focus goes back to where the user started.
  await expect(page.getByRole('button', { name: 'Add account' })).toBeFocused();
});

test('the form checks its fields and says what is wrong next to each', async ({ context, extensionId }) => {
  const options = new OptionsPage(context, extensionId);
  const page = await options.open();
  await options.fillAccount({ name: '', key: 'sk with spaces', warnBelow: 'lots', baseUrl: 'http://example.com' });
  await page.getByRole('dialog').getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await expect(page.getByText('The key must be printable characters without spaces.')).toBeVisible();
  await expect(page.getByText('Enter a number of 0 or more.')).toBeVisible();
  await expect(page.getByText('Use https:// (plain http:// is only allowed for this computer: localhost, 127.0.0.1).')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  expect(options.errors).toEqual([]);
});

test('editing keeps the saved key unless a new one is typed, and the key is never shown', async ({ options, fakeApi, serviceWorker }) => {
  fakeApi.set('sk-first-1111', apertisPayg({ remaining_usd: 9, used_usd: 1 }));
  const page = options.page;
  await options.addAccount({ name: 'Team', key: 'sk-first-1111' });
  await options.accountItem('Team').getByRole('button', { name: 'Edit Team' }).click();
  await expect(page.getByRole('heading', { name: 'Edit account' })).toBeVisible();
  await expect(page.getByLabel('API key', { exact: true })).toHaveValue('');
  await expect(page.getByText('Leave empty to keep the saved key (••••1111).')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Team renamed');
  // The days-left warnings start on (red under 1 day, amber under 3) and are changed per account.
  await expect(page.getByLabel(/^Low when fewer days left/)).toHaveValue('1');
  await expect(page.getByLabel(/^Getting close when fewer days left/)).toHaveValue('3');
  await page.getByLabel(/^Getting close when fewer days left/).fill('5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(options.accountItem('Team renamed')).toContainText('$9.00 left');
  expect(await page.content()).not.toContain('sk-first');
  expect(fakeApi.requests.at(-1)?.authorization).toBe('Bearer sk-first-1111');
  const [saved] = (await stored(serviceWorker, 'accounts')) as Array<{ warnDaysLeft?: number; closeDaysLeft?: number }>;
  expect([saved?.warnDaysLeft, saved?.closeDaysLeft]).toEqual([1, 5]);
});

test('two quick clicks on different settings both stick', async ({ context, extensionId, serviceWorker }) => {
  const options = new OptionsPage(context, extensionId);
  const page = await options.open();
  const notifications = page.getByLabel('Show notifications');
  const lowest = page.getByLabel('Show the lowest balance on the badge even when all is well');
  await expect(notifications).toBeChecked();
  await expect(lowest).not.toBeChecked();
  // Both in one task, before storage can echo the first one back (a fast double click on a slow machine).
  await page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLInputElement>('.general input[type=checkbox]')];
    for (const box of boxes) box.click();
  });
  await expect
    .poll(() => serviceWorker.evaluate(async () => (await chrome.storage.local.get('settings')).settings))
    .toMatchObject({ notifications: false, badgeShowsLowest: true });
  await page.reload();
  await expect(notifications).not.toBeChecked();
  await expect(lowest).toBeChecked();
  expect(options.errors).toEqual([]);
});

declare const chrome: typeof import('wxt/browser').browser;

/** The stored id of the account with this name. */
async function accountId(worker: import('@playwright/test').Worker, name: string): Promise<string> {
  const accounts = (await stored(worker, 'accounts')) as Array<{ id: string; name: string }>;
  return accounts.find((a) => a.name === name)!.id;
}

test('"Fix key" opens the settings on that account\'s form with the API key focused, once; an unknown account shows just the list', async ({
  options,
  fakeApi,
  serviceWorker,
}) => {
  const page = options.page;
  fakeApi.set('sk-other-0001', apertisPayg({ remaining_usd: 20, used_usd: 1 }));
  fakeApi.set('sk-broken-0002', apertisPayg({ remaining_usd: 9, used_usd: 1 }));
  await options.addAccount({ name: 'Other', key: 'sk-other-0001' });
  await options.addAccount({ name: 'Broken', key: 'sk-broken-0002' });

  // The popup's link, as the popup builds it.
  await page.goto(new URL(fixKeyPath(await accountId(serviceWorker, 'Broken')), options.url).href);
  const form = page.getByRole('dialog');
  await expect(form.getByRole('heading', { name: 'Edit account' })).toBeVisible();
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Broken');
  await expect(form.getByLabel('API key', { exact: true })).toBeFocused();
  // Used once: out of the address, so a reload shows just the list.
  expect(new URL(page.url()).search).toBe('');
  await page.reload();
  await expect(options.accountItem('Broken')).toBeVisible();
  await expect(form).toBeHidden();

  await page.goto(`${options.url}?fix=acc-removed-long-ago`);
  await expect(options.accountItem('Broken')).toBeVisible();
  await expect(form).toBeHidden();
  expect(new URL(page.url()).search).toBe('');
  expect(options.errors).toEqual([]);
});

test('"Badge follows" one account: stored, and the badge shows only that one; removing it goes back to the worst', async ({
  options,
  fakeApi,
  serviceWorker,
}) => {
  const page = options.page;
  fakeApi.set('sk-low-0001', apertisPayg({ remaining_usd: 3, used_usd: 1 }));
  fakeApi.set('sk-fine-0002', apertisPayg({ remaining_usd: 50, used_usd: 1 }));
  await options.addAccount({ name: 'Low', key: 'sk-low-0001', warnBelow: '5' });
  await options.addAccount({ name: 'Fine', key: 'sk-fine-0002', warnBelow: '5' });
  await expect.poll(() => badgeText(serviceWorker)).toBe('$3.0');

  const follows = page.getByLabel('Badge follows');
  await expect(follows).toHaveValue('');
  await expect(follows.locator('option')).toHaveText(['The account that needs you most', 'Low', 'Fine']);
  await follows.selectOption({ label: 'Fine' });
  const fine = await accountId(serviceWorker, 'Fine');
  await expect.poll(() => stored(serviceWorker, 'settings')).toMatchObject({ badgeFollows: fine });
  // The low one no longer lights the badge: it follows the healthy one.
  await expect.poll(() => badgeText(serviceWorker)).toBe('');

  const order = page.getByLabel('Popup order');
  await expect(order).toHaveValue('worst');
  await order.selectOption({ label: 'My order (as added)' });
  await expect.poll(() => stored(serviceWorker, 'settings')).toMatchObject({ badgeFollows: fine, popupOrder: 'mine' });
  await page.reload();
  await expect(follows).toHaveValue(fine);
  await expect(order).toHaveValue('mine');
  await saveScreenshot(page.getByRole('region', { name: 'General' }), 'options-general');

  // The followed account removed: the setting shows the default, and the badge follows the worst again.
  await options.accountItem('Fine').getByRole('button', { name: 'Remove Fine' }).click();
  await options.accountItem('Fine').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(options.accountItem('Fine')).toHaveCount(0);
  await expect(follows).toHaveValue('');
  await expect.poll(() => badgeText(serviceWorker)).toBe('$3.0');
  expect(options.errors).toEqual([]);
});

test('Pause keeps the key but stops reading it: no request, off the badge, dimmed at the end; Resume reads it at once', async ({
  options,
  fakeApi,
  context,
  extensionId,
  serviceWorker,
}) => {
  const page = options.page;
  fakeApi.set('sk-idle-0001', apertisPayg({ remaining_usd: 0.42, used_usd: 9 }));
  fakeApi.set('sk-busy-0002', apertisPayg({ remaining_usd: 50, used_usd: 9 }));
  await options.addAccount({ name: 'Idle', key: 'sk-idle-0001' });
  await options.addAccount({ name: 'Busy', key: 'sk-busy-0002' });
  await expect.poll(() => badgeText(serviceWorker)).toBe('$0.4');

  await options.accountItem('Idle').getByRole('button', { name: 'Pause Idle' }).click();
  await expect(options.accountItem('Idle')).toContainText('Paused');
  await expect(page.locator('li.account').last()).toContainText('Idle');
  // Off the badge at once: the low balance it last had no longer counts.
  await expect.poll(() => badgeText(serviceWorker)).toBe('');

  // Refresh everything: the paused key is not asked for.
  fakeApi.clearRequests();
  const popup = new PopupPage(context, extensionId);
  await popup.open();
  await expect(popup.account('Idle')).toContainText('Paused');
  await saveScreenshot(popup.page, 'popup-paused', true);
  await popup.page.getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(() => fakeApi.requestsTo('apertis', 'sk-busy-0002').length).toBe(1);
  expect(fakeApi.requestsTo('apertis', 'sk-idle-0001')).toHaveLength(0);

  await options.accountItem('Idle').getByRole('button', { name: 'Resume Idle' }).click();
  await expect.poll(() => fakeApi.requestsTo('apertis', 'sk-idle-0001').length).toBe(1);
  await expect.poll(() => badgeText(serviceWorker)).toBe('$0.4');
  await expect(options.accountItem('Idle')).not.toContainText('Paused');
  expect(options.errors).toEqual([]);
});

test('export without keys holds no key; an encrypted export brings every key back after removing everything', async ({ options, fakeApi }) => {
  test.setTimeout(90_000);
  const page = options.page;
  fakeApi.set('sk-move-one-0001', apertisPayg({ remaining_usd: 11, used_usd: 1 }));
  fakeApi.set('sk-move-two-0002', apertisPayg({ remaining_usd: 22, used_usd: 1 }));
  await options.addAccount({ name: 'Move one', key: 'sk-move-one-0001' });
  await options.addAccount({ name: 'Move two', key: 'sk-move-two-0002' });
  const download = async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const plain = await download();
  expect(plain).toContain('Move one');
  expect(plain).not.toContain('sk-move');
  expect(plain).not.toContain('0001');

  // With keys a passphrase is required, and the file says nothing in clear.
  await page.getByLabel('Include API keys').check();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByText('Enter a passphrase to export the keys.')).toBeVisible();
  await page.getByLabel('Passphrase').fill('correct horse battery staple');
  const sealed = await download();
  expect(sealed).not.toContain('sk-move');
  expect(sealed).not.toContain('Move one');

  // Remove everything.
  for (const name of ['Move one', 'Move two']) {
    await options.accountItem(name).getByRole('button', { name: `Remove ${name}` }).click();
    await options.accountItem(name).getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(options.accountItem(name)).toHaveCount(0);
  }
  fakeApi.clearRequests();

  // Import: asks for the passphrase, refuses a wrong one without changing anything, previews, then adds.
  await page.getByLabel('Import a file').setInputFiles({ name: 'credit-gauge.json', mimeType: 'application/json', buffer: Buffer.from(sealed) });
  await expect(page.getByText('This file is encrypted: enter its passphrase.')).toBeVisible();
  const passphrase = page.locator('#i-passphrase');
  await passphrase.fill('wrong horse');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByText('Wrong passphrase (or the file was changed). Nothing was changed.')).toBeVisible();
  await passphrase.fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByText('This file adds 2 accounts:')).toBeVisible();
  await page.getByRole('button', { name: 'Add 2 accounts' }).click();
  await expect(options.accountItem('Move one')).toContainText('$11.00 left');
  await expect(options.accountItem('Move two')).toContainText('$22.00 left');
  // The fake saw the same keys again, each in its own header.
  expect(fakeApi.requestsTo('apertis', 'sk-move-one-0001').length).toBeGreaterThan(0);
  expect(fakeApi.requestsTo('apertis', 'sk-move-two-0002').length).toBeGreaterThan(0);

  // The same file again: everything is already here, nothing is overwritten.
  await page.getByLabel('Import a file').setInputFiles({ name: 'again.json', mimeType: 'application/json', buffer: Buffer.from(plain) });
  await expect(page.getByText('2 already here: skipped, nothing is overwritten.')).toBeVisible();
  await saveScreenshot(page, 'options-transfer', true);
  expect(options.errors).toEqual([]);
});

test('a slow gateway never blocks: saved while still checking, a second account added and a third edited meanwhile, nothing lost', async ({
  options,
  fakeApi,
}) => {
  test.setTimeout(60_000);
  const page = options.page;
  fakeApi.set('sk-third-0003', apertisPayg({ remaining_usd: 30, used_usd: 1 }));
  await options.addAccount({ name: 'Third', key: 'sk-third-0003' });
  // A gateway that takes 8 s to answer.
  fakeApi.set('sk-slow-0001', { ...apertisPayg({ remaining_usd: 10, used_usd: 1 }), delayMs: 8_000 });
  fakeApi.set('sk-second-0002', apertisPayg({ remaining_usd: 20, used_usd: 1 }));
  const slow = await options.addAccount({ name: 'Slow', key: 'sk-slow-0001' });
  expect(slow).toBe('Saved “Slow”, still checking the balance…');
  await expect(page.getByRole('dialog')).toBeHidden();
  // While the slow read is still out: add a second account, then edit the third.
  await options.addAccount({ name: 'Second', key: 'sk-second-0002' });
  await options.accountItem('Third').getByRole('button', { name: 'Edit Third' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Warn below', { exact: true }).fill('42');
  // The slow read lands while the edit is open: what was typed stays.
  await expect(options.accountItem('Slow')).toContainText('$10.00 left', { timeout: 15_000 });
  await expect(form.getByLabel('Warn below', { exact: true })).toHaveValue('42');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(options.accountItem('Third')).toContainText('warn below $42.00');
  await expect(options.accountItem('Second')).toContainText('$20.00 left');
  // Saved once each: the slow gateway was asked once (its check became its first reading).
  expect(fakeApi.requestsTo('apertis', 'sk-slow-0001').length).toBeLessThanOrEqual(2);
  expect(options.errors).toEqual([]);
});

test('keyboard only: Tab to "Add account", Enter opens the form, Enter saves, Escape cancels and gives focus back', async ({ options, fakeApi }) => {
  const page = options.page;
  fakeApi.set('sk-keys-0001', apertisPayg({ remaining_usd: 15, used_usd: 1 }));
  const add = page.getByRole('button', { name: 'Add account' });
  await add.focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog');
  await expect(form.getByLabel('Provider')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type('Typed');
  await page.keyboard.press('Tab');
  await page.keyboard.type('sk-keys-0001');
  // The base URL sits under "Advanced": reach it by keyboard too.
  await form.getByText('Advanced').focus();
  await page.keyboard.press('Enter');
  await form.getByLabel('Base URL').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(fakeApi.baseUrl);
  await page.keyboard.press('Enter');
  await expect(options.accountItem('Typed')).toContainText('$15.00 left');
  await expect(add).toBeFocused();
  // Escape cancels: nothing saved, focus back on the opener.
  await page.keyboard.press('Enter');
  await expect(form).toBeVisible();
  await page.keyboard.type('Never saved');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(add).toBeFocused();
  await expect(options.accountItem('Never saved')).toHaveCount(0);
});

test('a key already watched is pointed out; Paste keys adds the new ones; past ten accounts a filter appears', async ({ options, fakeApi }) => {
  test.setTimeout(60_000);
  const page = options.page;
  fakeApi.set('sk-twice-0001', apertisPayg({ remaining_usd: 9, used_usd: 1 }));
  await options.addAccount({ name: 'Once', key: 'sk-twice-0001' });
  await options.fillAccount({ name: 'Twice', key: 'sk-twice-0001' });
  const form = page.getByRole('dialog');
  await form.getByRole('button', { name: 'Save account' }).click();
  await expect(form.getByText('This key is already watched at this address.')).toBeVisible();
  await expect(form.getByText('Already watched as “Once”.')).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(options.accountItem('Twice')).toHaveCount(0);

  // Ten keys pasted at once (to the official address), one of them twice, one not a key at all.
  const keys = Array.from({ length: 10 }, (_, i) => `sk-paste-${String(i).padStart(4, '0')}`);
  await page.getByLabel('Provider of these keys').selectOption({ label: 'Apertis' });
  await page.getByLabel('Keys, one per line').fill([...keys, keys[0], 'not a key'].join('\n'));
  await page.getByRole('button', { name: 'Add keys' }).click();
  await expect(page.getByText('Added 10 accounts. 1 line skipped (not a key, or already here).')).toBeVisible();
  await expect(options.accountItem('Apertis ••••0003')).toContainText('https://api.apertis.ai');
  await expect(page.locator('li.account')).toHaveCount(11);
  const filter = page.getByLabel('Filter accounts');
  await expect(filter).toBeVisible();
  await filter.fill('Once');
  await expect(page.locator('li.account')).toHaveCount(1);
  await expect(options.accountItem('Once')).toBeVisible();
});

test('a rejected key keeps the form filled with the key marked; "Save anyway" saves it, and it says so', async ({ options }) => {
  const page = options.page;
  // The fake answers 401 to any key it was not told about.
  await options.fillAccount({ name: 'Typo', key: 'sk-typo-9999' });
  const form = page.getByRole('dialog');
  await form.getByRole('button', { name: 'Save account' }).click();
  await expect(form.getByText('The provider rejected this key. Check the key, and that the provider is the right one.')).toBeVisible();
  await expect(form.getByLabel('API key', { exact: true })).toBeFocused();
  await expect(form.getByLabel('API key', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Typo');
  await form.getByRole('button', { name: 'Save anyway' }).click();
  await expect(options.accountItem('Typo')).toContainText('API key rejected');
});
