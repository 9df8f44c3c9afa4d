// Every stored item is defined here, typed and versioned. Everything lives in
// storage.local: API keys must never reach storage.sync.
import { storage } from 'wxt/utils/storage';
import type { Account } from './account';
import type { BalanceSnapshot } from './balance';
import type { BalanceError } from './errors';
import type { History } from './history';

export interface Settings {
  /** Minutes between scheduled refreshes, 1-60. */
  intervalMinutes: number;
  notifications: boolean;
  /** Opt-in: show the lowest balance on the badge even when all is well. */
  badgeShowsLowest: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  intervalMinutes: 5,
  notifications: true,
  badgeShowsLowest: false,
};

/** Which notifications have fired and not yet re-armed, per account. */
export interface AlertState {
  lowBalance?: boolean;
  lowCycle?: boolean;
  cycleOut?: boolean;
  keyRejected?: boolean;
  daysLeft?: boolean;
}

/** What the engine knows about one account. */
export interface AccountState {
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
  alerts: AlertState;
}

export type AccountStates = Record<string, AccountState>;

export interface EngineMeta {
  /** When the last refresh cycle finished, to catch up after sleep or restart. */
  lastCycleAt?: number;
}

export const accountsItem = storage.defineItem<Account[]>('local:accounts', {
  fallback: [],
  version: 1,
});

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

export const statesItem = storage.defineItem<AccountStates>('local:states', {
  fallback: {},
  version: 1,
});

export const engineItem = storage.defineItem<EngineMeta>('local:engine', {
  fallback: {},
  version: 1,
});

/**
 * Each account's balance history has its own key, so a cycle rewrites only the
 * histories it appended to (still in the cycle's single storage.local write).
 */
export function historyKey(accountId: string): `local:history:${string}` {
  return `local:history:${accountId}`;
}

export async function getHistories(ids: readonly string[]): Promise<Record<string, History | undefined>> {
  if (!ids.length) return {};
  const items = await storage.getItems(ids.map(historyKey));
  return Object.fromEntries(ids.map((id, i) => [id, asHistory(items[i]?.value)]));
}

/** The forecasts trust their input: anything not shaped like a v1 history is dropped. */
function asHistory(value: unknown): History | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const h = value as Partial<History>;
  return h.v === 1 && Array.isArray(h.samples) && h.samples.every((s) => Array.isArray(s) && typeof s[0] === 'number')
    ? (h as History)
    : undefined;
}

/** Settings read with defaults filled in, so older stored objects gain new fields. */
export async function getSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
}

export function emptyState(): AccountState {
  return { failures: 0, alerts: {} };
}
