// Reads what the user sees outside pages: badge, tooltip, notifications, storage.
import type { Worker } from '@playwright/test';
import type { browser } from 'wxt/browser';

// Code passed to worker.evaluate() runs in the extension, where `chrome` is the global.
declare const chrome: typeof browser;

export const badgeText = (worker: Worker) => worker.evaluate(() => chrome.action.getBadgeText({}));
export const badgeTitle = (worker: Worker) => worker.evaluate(() => chrome.action.getTitle({}));
export const notifications = (worker: Worker) =>
  worker.evaluate(() => chrome.notifications.getAll() as Promise<Record<string, unknown>>);
export const clearNotifications = (worker: Worker) =>
  worker.evaluate(async () => {
    const all = await chrome.notifications.getAll();
    await Promise.all(Object.keys(all).map((id) => chrome.notifications.clear(id)));
  });
export const storedKeys = (worker: Worker) =>
  worker.evaluate(async () => Object.keys(await chrome.storage.local.get(null)));
export const stored = (worker: Worker, key: string) =>
  worker.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key);
/**
 * Time passes: every stored reading becomes `ms` older, so the next scheduled
 * refresh (alarm, worker start, popup) finds the accounts due, as it would one
 * interval later. Alarms fired seconds after a read rightly skip fresh accounts.
 */
export const ageStoredReadings = (worker: Worker, ms = 10 * 60_000) =>
  worker.evaluate(async (by) => {
    const all = await chrome.storage.local.get(null);
    const aged: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith('state:') || typeof value !== 'object' || value === null) continue;
      const state = value as { lastAttemptAt?: number; nextAttemptAt?: number };
      aged[key] = {
        ...state,
        ...(state.lastAttemptAt === undefined ? {} : { lastAttemptAt: state.lastAttemptAt - by }),
        ...(state.nextAttemptAt === undefined ? {} : { nextAttemptAt: state.nextAttemptAt - by }),
      };
    }
    await chrome.storage.local.set(aged);
  }, ms);
/** Fires the real refresh alarm now instead of waiting its period out. */
export const fireRefreshAlarm = (worker: Worker) =>
  worker.evaluate(() => chrome.alarms.create('refresh', { when: Date.now() + 100, periodInMinutes: 5 }));
export const alarm = (worker: Worker) => worker.evaluate(() => chrome.alarms.get('refresh'));
