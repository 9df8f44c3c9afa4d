// Every stored item is defined here, typed and versioned. Everything lives in
// storage.local: API keys must never reach storage.sync.
import { browser } from 'wxt/browser';
import type { Account } from '../account';
import type { BalanceSnapshot } from '../balance';
import type { BalanceError } from '../errors';
import type { History } from '../history';

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

export const accountsItem = defineItem<Account[]>('accounts', { fallback: [], version: 1 });
export const settingsItem = defineItem<Settings>('settings', { fallback: DEFAULT_SETTINGS, version: 1 });
export const statesItem = defineItem<AccountStates>('states', { fallback: {}, version: 1 });
export const engineItem = defineItem<EngineMeta>('engine', { fallback: {}, version: 1 });

/**
 * Each account's balance history has its own key, so a cycle rewrites only the
 * histories it appended to (still in the cycle's single storage.local write).
 */
export function historyKey(accountId: string): `history:${string}` {
  return `history:${accountId}`;
}

export async function getHistories(ids: readonly string[]): Promise<Record<string, History | undefined>> {
  if (!ids.length) return {};
  const stored = await local().get(ids.map(historyKey));
  return Object.fromEntries(ids.map((id) => [id, asHistory(stored[historyKey(id)])]));
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
  return withDefaults(await settingsItem.getValue());
}

/** Settings stored before a field existed gain its default. */
export function withDefaults(stored: Partial<Settings>): Settings {
  return { ...DEFAULT_SETTINGS, ...stored };
}

export function emptyState(): AccountState {
  return { failures: 0, alerts: {} };
}

// A small typed store instead of @wxt-dev/storage: the popup needs only
// get, set and watch, and this saves ~3 KB gzipped of its 20 KB budget.
// The on-disk format is the same: the value under `key`, `{ v }` under `key$`.

export interface StoredItem<T> {
  readonly key: string;
  readonly version: number;
  readonly fallbackValue: T;
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  /** Calls back with every later change; returns the unwatch function. */
  watch(callback: (value: T) => void): () => void;
}

export interface ItemOptions<T> {
  fallback: T;
  /** Bump with a migration whenever the stored shape changes. */
  version: number;
  /** `migrations[n]` turns a version n-1 value into version n. */
  migrations?: Record<number, (old: unknown) => unknown>;
}

const local = () => browser.storage.local;
const metaKey = (key: string) => `${key}$`;

export function defineItem<T>(key: string, options: ItemOptions<T>): StoredItem<T> {
  const { fallback, version, migrations = {} } = options;
  let migrated: Promise<void> | undefined;
  // Runs once per context, on first use; a value older than `version` is upgraded and written back.
  const migrate = () =>
    (migrated ??= (async () => {
      const stored = await local().get([key, metaKey(key)]);
      const value = stored[key];
      const from = (stored[metaKey(key)] as { v?: number } | undefined)?.v ?? 1;
      if (value === undefined || from >= version) return;
      let next: unknown = value;
      for (let v = from + 1; v <= version; v++) next = migrations[v]?.(next) ?? next;
      await local().set({ [key]: next, [metaKey(key)]: { v: version } });
    })());
  return {
    key,
    version,
    fallbackValue: fallback,
    async getValue() {
      await migrate();
      return ((await local().get(key))[key] as T | undefined) ?? fallback;
    },
    async setValue(value) {
      await local().set({ [key]: value, [metaKey(key)]: { v: version } });
    },
    watch(callback) {
      const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area === 'local' && key in changes) callback((changes[key]!.newValue as T | undefined) ?? fallback);
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}

/**
 * Reads several items in one storage call: the popup's first paint waits on
 * this. Only an item stored at an older version takes the slow, migrating path.
 */
export async function readItems<T extends readonly StoredItem<unknown>[]>(
  ...items: T
): Promise<{ [K in keyof T]: T[K] extends StoredItem<infer V> ? V : never }> {
  const stored = await local().get(items.flatMap((item) => [item.key, metaKey(item.key)]));
  return Promise.all(
    items.map((item) => {
      const value = stored[item.key];
      const version = (stored[metaKey(item.key)] as { v?: number } | undefined)?.v ?? 1;
      if (value !== undefined && version < item.version) return item.getValue();
      return value ?? item.fallbackValue;
    }),
  ) as never;
}

/** Several items and keys in one storage.local write (one onChanged event). */
export function setTogether(entries: Array<[StoredItem<unknown> | string, unknown]>): Promise<void> {
  const values: Record<string, unknown> = {};
  for (const [item, value] of entries) {
    if (typeof item === 'string') values[item] = value;
    else Object.assign(values, { [item.key]: value, [metaKey(item.key)]: { v: item.version } });
  }
  return local().set(values);
}

export function removeKeys(keys: readonly string[]): Promise<void> {
  return local().remove([...keys]);
}
