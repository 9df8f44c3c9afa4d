import type { ProviderId } from './balance';

/** One watched API key, as the user entered it on the options page. */
export interface Account {
  id: string;
  provider: ProviderId;
  name: string;
  /** Secret. Lives only in storage.local; views show `maskKey(key)`. */
  key: string;
  baseUrl: string;
  /** Warn when the spendable balance drops below this, in the provider's unit. */
  warnBelow: number;
  /** Apertis subscriptions: warn when less than this percent of the cycle quota is left. */
  cycleWarnPercent: number;
  /**
   * Low (red) when the forecast says fewer than this many days are left; unset means the default
   * (DEFAULT_WARN_DAYS), 0 turns it off. Needs a few hours of history (lib/judge/forecast.ts).
   */
  warnDaysLeft?: number;
  /** Getting close (amber) under this many days left; unset means DEFAULT_CLOSE_DAYS, 0 turns it off. */
  closeDaysLeft?: number;
  /** Signed-in sites: low (red) when a limit's percent used is at or above this; unset means DEFAULT_LIMIT_WARN_PERCENT. */
  limitWarnPercent?: number;
  /** Signed-in sites: `false` turns off "your 5-hour limit has reset" (on by default). */
  limitResetNotify?: false;
  /** The provider's own settings (its definition's `fields`): a custom endpoint's mapping, a preferred currency. */
  options?: Record<string, string>;
  /**
   * The unit `warnBelow` was set in, when the provider said it before any reading
   * (a fixed unit, a chosen currency). A reading in another unit is never held
   * against it: the account says so instead. Unset for gateways (the site's unit).
   */
  warnUnit?: string;
  /** Paused: the key is kept but not read, not on the badge, never notified. */
  paused?: true;
  /** Pinned in the popup: leads its group, and is never folded away with the healthy ones. */
  pinned?: true;
  /** Snoozed from the popup or a notification: no notifications for it until then (epoch ms). */
  snoozedUntil?: number;
}

/** What the user set on an account outside its form (popup, pause): an edit keeps them. */
export const ACCOUNT_FLAGS = ['paused', 'pinned', 'snoozedUntil'] as const;

export function accountFlags(account: Account): Pick<Account, (typeof ACCOUNT_FLAGS)[number]> {
  const flags: Pick<Account, (typeof ACCOUNT_FLAGS)[number]> = {};
  if (account.paused) flags.paused = true;
  if (account.pinned) flags.pinned = true;
  if (account.snoozedUntil !== undefined) flags.snoozedUntil = account.snoozedUntil;
  return flags;
}

/** A snooze silences an account's notifications for a day. */
export const SNOOZE_MS = 24 * 3_600_000;
export const isSnoozed = (account: Account, now: number) => account.snoozedUntil !== undefined && account.snoozedUntil > now;

// Each provider's default "Warn below" is in its definition (README: a coding agent burns a
// few dollars an hour, so $5 leaves time to top up); 10% of a cycle is the default for subscriptions.
export const DEFAULT_CYCLE_WARN_PERCENT = 10;
/** Days-left warnings are on by default: red under a day, amber under three (issue 11). */
export const DEFAULT_WARN_DAYS = 1;
export const DEFAULT_CLOSE_DAYS = 3;
/** Signed-in sites (issue 20): red at 90% of a limit used, amber from 75% or when the pace fills it before it resets. */
export const DEFAULT_LIMIT_WARN_PERCENT = 90;
export const LIMIT_CLOSE_PERCENT = 75;

/** Only the last 4 characters of a key are ever shown. */
export function maskKey(key: string): string {
  return key.length <= 4 ? '••••' : `••••${key.slice(-4)}`;
}

export function newAccountId(random: () => number = Math.random): string {
  return `acc-${Date.now().toString(36)}-${Math.floor(random() * 36 ** 6).toString(36)}`;
}
