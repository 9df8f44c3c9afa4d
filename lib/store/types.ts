// The shapes of what is stored, apart from how it is read and written.
import type { BalanceSnapshot } from '../model/balance';
import type { BalanceError } from '../model/errors';

export interface Settings {
  /** Minutes between scheduled refreshes, 1-60. */
  intervalMinutes: number;
  notifications: boolean;
  /** Opt-in: show the lowest balance on the badge even when all is well. */
  badgeShowsLowest: boolean;
  /** Which account the badge follows: '' for the worst one, else an account id. */
  badgeFollows: string;
  /** The popup's order: worst first, or the order the accounts were added in. */
  popupOrder: PopupOrder;
}

export type PopupOrder = 'worst' | 'mine';

export const DEFAULT_SETTINGS: Settings = {
  intervalMinutes: 5,
  notifications: true,
  badgeShowsLowest: false,
  badgeFollows: '',
  popupOrder: 'worst',
};

/** Which notifications have fired and not yet re-armed, per account. */
export interface AlertState {
  lowBalance?: boolean;
  lowCycle?: boolean;
  cycleOut?: boolean;
  keyRejected?: boolean;
  daysLeft?: boolean;
  /**
   * A signed-in site's limits that crossed the warning and have not reset since (issue 20), each with
   * the reset time it had then: a later one means the window started over.
   */
  limits?: Array<{ id: string; at?: number }>;
}

/** What the engine knows about one account, stored under `state:<id>`. */
export interface AccountState {
  /** The fingerprint of the provider, base URL and key this state describes: any other is ignored. */
  for: string;
  /** Last good snapshot: kept when later reads fail. */
  snapshot?: BalanceSnapshot;
  /** Set when the latest read failed; cleared by the next success. */
  error?: BalanceError & { at: number };
  /** Consecutive failed reads, for backoff. */
  failures: number;
  lastAttemptAt?: number;
  /** Backoff after failures: scheduled refreshes skip the account until then. */
  nextAttemptAt?: number;
  /** The server's own Retry-After: no request at all until then, manual included. */
  retryAt?: number;
  /** Forecast days until the balance or cycle quota runs out, as of `snapshot.readAt`. */
  daysLeft?: number;
  alerts: AlertState;
}

/** Which accounts a running refresh is reading, and since when (epoch ms), for the popup. */
export interface Activity {
  reading: Record<string, number>;
}

/**
 * One reading of an account's history, stored under `history:<id>` and kept bounded by
 * lib/judge/history.ts: epoch seconds, spendable balance (`null` when unlimited), then either
 * - with a subscription, the cycle's `used`, and its start in epoch seconds and its quota limit
 *   (written only where the cycle changes: later samples inherit them), or
 * - with a signed-in site's limits, each window's percent used, in the order of `History.limits`
 *   (`null` where that reading lacked the window).
 * Keeping the shared parts implicit keeps a year of polling near 45 KB.
 */
export type StoredSample =
  | [seconds: number, balance: number | null, cycleUsed?: number, cycleStart?: number, cycleLimit?: number]
  | [seconds: number, balance: number | null, limits: Array<number | null>];

/** One run of readings under one key and one unit: a key, provider or unit change starts another. */
export interface HistorySeries {
  /** The fingerprint of the key it was recorded for (absent in histories stored before keys were bound). */
  for?: string;
  /** The unit of its balances (absent in histories stored before issue 21: the account's current unit). */
  unit?: string;
  /** The limit windows' ids (`Limit.id`) that the samples' percent arrays follow. */
  limits?: string[];
  /** Oldest first. */
  samples: StoredSample[];
}

/** At most this many earlier series are kept: a key changed back and forth keeps the recent ones. */
export const HISTORY_MAX_SERIES = 8;

export interface History extends HistorySeries {
  v: 1;
  /** Earlier series of this account, oldest first, kept within the same byte bound. */
  before?: HistorySeries[];
}
