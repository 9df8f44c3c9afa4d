import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clampInterval } from '../store/schema';
import { ensureRefreshAlarm, REFRESH_ALARM } from './schedule';

describe('ensureRefreshAlarm', () => {
  beforeEach(() => fakeBrowser.reset());

  it('creates the alarm when it is missing', async () => {
    expect(await ensureRefreshAlarm(fakeBrowser.alarms, 5)).toBe('created');
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toMatchObject({ periodInMinutes: 5 });
  });

  it('keeps an alarm with the same period, so its timer is not reset', async () => {
    await ensureRefreshAlarm(fakeBrowser.alarms, 5);
    const before = await fakeBrowser.alarms.get(REFRESH_ALARM);
    expect(await ensureRefreshAlarm(fakeBrowser.alarms, 5)).toBe('kept');
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toBe(before);
  });

  it('re-creates the alarm when the period changed', async () => {
    await ensureRefreshAlarm(fakeBrowser.alarms, 5);
    expect(await ensureRefreshAlarm(fakeBrowser.alarms, 15)).toBe('created');
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toMatchObject({ periodInMinutes: 15 });
    expect(await fakeBrowser.alarms.getAll()).toHaveLength(1);
  });
});

describe('clampInterval', () => {
  it.each([
    [0, 1],
    [1, 1],
    [5, 5],
    [60, 60],
    [600, 60],
    [2.6, 3],
    [Number.NaN, 5],
  ])('%s minutes becomes %s', (input, expected) => {
    expect(clampInterval(input)).toBe(expected);
  });
});
