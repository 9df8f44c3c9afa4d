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
}

// Defaults, also stated in the README: a coding agent burns a few dollars an hour,
// so $5 (or 500 Apikley credits) leaves time to top up; 10% of a cycle is the
// issue's default for subscriptions.
export const DEFAULT_WARN_BELOW: Record<ProviderId, number> = { apertis: 5, apikley: 500 };
export const DEFAULT_CYCLE_WARN_PERCENT = 10;

/** Only the last 4 characters of a key are ever shown. */
export function maskKey(key: string): string {
  return key.length <= 4 ? '••••' : `••••${key.slice(-4)}`;
}

export function newAccountId(random: () => number = Math.random): string {
  return `acc-${Date.now().toString(36)}-${Math.floor(random() * 36 ** 6).toString(36)}`;
}
