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
  /** Optional: warn when the forecast says fewer than this many days are left. */
  warnDaysLeft?: number;
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
}

// Each provider's default "Warn below" is in its definition (README: a coding agent burns a
// few dollars an hour, so $5 leaves time to top up); 10% of a cycle is the default for subscriptions.
export const DEFAULT_CYCLE_WARN_PERCENT = 10;

/** Only the last 4 characters of a key are ever shown. */
export function maskKey(key: string): string {
  return key.length <= 4 ? '••••' : `••••${key.slice(-4)}`;
}

export function newAccountId(random: () => number = Math.random): string {
  return `acc-${Date.now().toString(36)}-${Math.floor(random() * 36 ** 6).toString(36)}`;
}
