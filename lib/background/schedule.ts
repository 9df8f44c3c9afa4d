
export const REFRESH_ALARM = 'refresh';
export const MIN_INTERVAL_MINUTES = 1;
export const MAX_INTERVAL_MINUTES = 60;

export function clampInterval(minutes: number): number {
  if (!Number.isFinite(minutes)) return 5;
  return Math.min(MAX_INTERVAL_MINUTES, Math.max(MIN_INTERVAL_MINUTES, Math.round(minutes)));
}

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

/**
 * True when a scheduled refresh was missed (device asleep, browser closed):
 * the last cycle is more than one interval old, with a little slack for alarm jitter.
 */
export function missedRefresh(lastCycleAt: number | undefined, now: number, intervalMinutes: number): boolean {
  if (lastCycleAt === undefined) return true;
  return now - lastCycleAt > clampInterval(intervalMinutes) * 60_000 * 1.5;
}
