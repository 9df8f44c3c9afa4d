import { apertisPayg, apikleyCredits } from './fake-api';
import { expect, test } from './fixtures';
import { ageStoredReadings, alarm, badgeText, badgeTitle, clearNotifications, fireRefreshAlarm, notifications } from './worker';

test('the real alarm refreshes, the badge and one notification warn of a low account', async ({
  serviceWorker,
  options,
  fakeApi,
}) => {
  await expect.poll(() => alarm(serviceWorker)).toMatchObject({ name: 'refresh', periodInMinutes: 5 });
  expect(await badgeText(serviceWorker)).toBe('');

  fakeApi.set('sk-healthy', apertisPayg({ remaining_usd: 40, used_usd: 2 }));
  fakeApi.set('sk-batch', apikleyCredits(9000));
  await options.addAccount({ name: 'Work', key: 'sk-healthy' });
  await options.addAccount({ provider: 'Apikley', name: 'Batch', key: 'sk-batch' });
  expect(await badgeText(serviceWorker)).toBe('');
  expect(await notifications(serviceWorker)).toEqual({});

  // The balance drops while nobody looks; the next alarm notices.
  fakeApi.set('sk-healthy', apertisPayg({ remaining_usd: 0.42, used_usd: 41.58 }));
  const before = fakeApi.requests.length;
  await ageStoredReadings(serviceWorker);
  await fireRefreshAlarm(serviceWorker);
  await expect.poll(() => badgeText(serviceWorker), { timeout: 10_000 }).toBe('$0.4');
  expect(fakeApi.requests.length - before).toBe(2); // both accounts, one request each
  expect(await badgeTitle(serviceWorker)).toBe(
    'Credit Gauge: 1 account needs attention\nWork: $0.42 left — low\nBatch: 9,000 credits left',
  );
  const shown = await notifications(serviceWorker);
  expect(Object.keys(shown)).toHaveLength(1);
  expect(Object.keys(shown)[0]).toMatch(/\|lowBalance$/);

  // Still low on the next alarm: the same crossing is not notified again.
  await clearNotifications(serviceWorker);
  fakeApi.set('sk-healthy', apertisPayg({ remaining_usd: 0.3, used_usd: 41.7 }));
  await ageStoredReadings(serviceWorker);
  await fireRefreshAlarm(serviceWorker);
  await expect.poll(() => badgeText(serviceWorker), { timeout: 10_000 }).toBe('$0.3');
  expect(await notifications(serviceWorker)).toEqual({});
});
