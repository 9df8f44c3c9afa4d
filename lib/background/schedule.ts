import { clampInterval } from '../store/schema';

export const REFRESH_ALARM = 'refresh';

/**
 * Makes sure the one periodic refresh alarm exists with the wanted period.
 * Re-creating an alarm resets its timer, so it is only created when missing or
 * when the period changed; called at install, startup and every worker start.
 */
/** The part of `browser.alarms` this module needs (structural, so fakes fit). */
export interface AlarmsApi {
  get(name: string): Promise<{ periodInMinutes?: number } | undefined>;
  create(name: string, info: { periodInMinutes: number; delayInMinutes: number }): unknown;
}

export async function ensureRefreshAlarm(
  alarms: AlarmsApi,
  intervalMinutes: number,
): Promise<'kept' | 'created'> {
  const period = clampInterval(intervalMinutes);
  const existing = await alarms.get(REFRESH_ALARM);
  if (existing?.periodInMinutes === period) return 'kept';
  await alarms.create(REFRESH_ALARM, { periodInMinutes: period, delayInMinutes: period });
  return 'created';
}
