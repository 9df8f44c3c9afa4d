// Every stored item is defined here, typed and versioned, and parsed with a
// schema on every read (stored data is input too). Everything lives in
// storage.local: API keys must never reach storage.sync.
import { browser } from '../browser-api';
import type { Account } from '../model/account';
import { metaKey } from './first-read';
import { POPUP_SCREEN, type PopupScreen } from './popup-screen';
import { parseAccounts, parseActivity, parseSettings } from './schema';
import { DEFAULT_SETTINGS, type Activity, type Settings } from './types';

export type { AccountState, Activity, AlertState, Settings } from './types';
export { DEFAULT_SETTINGS } from './types';

export const accountsItem = defineItem<Account[]>('accounts', { fallback: [], version: 1, parse: parseAccounts });
export const settingsItem = defineItem<Settings>('settings', { fallback: DEFAULT_SETTINGS, version: 1, parse: parseSettings });
export const activityItem = defineItem<Activity>('activity', { fallback: { reading: {} }, version: 1, parse: parseActivity });
/**
 * The popup's first screen, rendered ahead of time by the background (popup-screen.ts). Only written here: the
 * popup's early script reads and checks it without this module (components/popup/first-screen.ts).
 */
export const popupScreenItem = /* @__PURE__ */ defineItem<PopupScreen | null>(POPUP_SCREEN, { fallback: null, version: 1 });

/** Settings as stored, every field checked and defaulted. */
export const getSettings = (): Promise<Settings> => settingsItem.getValue();

// A small typed store instead of @wxt-dev/storage: the popup needs only
// get, set and watch, and this saves ~3 KB gzipped of its 20 KB budget.
// The on-disk format is the same: the value under `key`, `{ v }` under `key$`.

export interface StoredItem<T> {
  readonly key: string;
  readonly version: number;
  readonly fallbackValue: T;
  /** Turns whatever is stored (after migrations) into a valid value. */
  readonly parse: (raw: unknown) => T;
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
  /** Validates and repairs a stored value; without it the value is trusted. */
  parse?: (raw: unknown) => T;
}

const local = () => browser.storage.local;

export function defineItem<T>(key: string, options: ItemOptions<T>): StoredItem<T> {
  const { fallback, version, migrations = {} } = options;
  const parse = (raw: unknown): T => (raw === undefined ? fallback : options.parse ? options.parse(raw) : (raw as T));
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
    parse,
    async getValue() {
      await migrate();
      return parse((await local().get(key))[key]);
    },
    async setValue(value) {
      await local().set({ [key]: value, [metaKey(key)]: { v: version } });
    },
    watch(callback) {
      const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area === 'local' && key in changes) callback(parse(changes[key]!.newValue));
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
  return itemsFrom(await local().get(items.flatMap((item) => [item.key, metaKey(item.key)])), ...items);
}

/**
 * The items' values in what one storage call returned (their keys and `metaKey`s among it). Only an
 * item stored at an older version takes the slow, migrating path.
 */
export function itemsFrom<T extends readonly StoredItem<unknown>[]>(
  stored: Record<string, unknown>,
  ...items: T
): Promise<{ [K in keyof T]: T[K] extends StoredItem<infer V> ? V : never }> {
  return Promise.all(
    items.map((item) => {
      const value = stored[item.key];
      const version = (stored[metaKey(item.key)] as { v?: number } | undefined)?.v ?? 1;
      if (value !== undefined && version < item.version) return item.getValue();
      return item.parse(value);
    }),
  ) as never;
}
