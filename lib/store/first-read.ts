// The keys the popup's first paint reads, with nothing else imported, so the
// page's early script (entrypoints/popup-early.ts) can start that one storage
// call while the page is still parsing, before Preact and signals are even
// fetched. The stored items themselves are defined in storage.ts.

/** The items the first paint needs, under these keys (storage.ts defines them). */
export const FIRST_PAINT_ITEMS = ['accounts', 'settings', 'activity'] as const;
/** An item's version lives beside it, under its key plus `$`. */
export const metaKey = (key: string) => `${key}$`;
/** Each account's learned data: `state:<id>` and `history:<id>`. */
export const stateKey = (accountId: string): `state:${string}` => `state:${accountId}`;
export const historyKey = (accountId: string): `history:${string}` => `history:${accountId}`;
/** The v1 layout kept every state in one map under this key; read until migrated. */
export const LEGACY_STATES = 'states';

/** The storage keys that hold these accounts' states (read them, then `statesFrom` in records.ts). */
export function stateKeysOf(ids: readonly string[]): string[] {
  return [...ids.map(stateKey), LEGACY_STATES];
}

/** Which account ids the last page saw: a guess that lets the first paint read everything in one call. */
export const IDS_HINT = 'credit-gauge:account-ids';

export function idsHint(): string[] {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(IDS_HINT) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Every key the first paint reads: the items, their versions, and the states of the hinted ids. */
export function firstReadKeys(hint: readonly string[]): string[] {
  return [...FIRST_PAINT_ITEMS.flatMap((key) => [key, metaKey(key)]), ...stateKeysOf(hint)];
}

/** Where the early script leaves its read (a promise of the raw values) for the page's modules. */
export const EARLY_READ = '__creditGaugeFirstRead';

export type StorageChanges = Record<string, { newValue?: unknown }>;

export interface EarlyRead {
  keys: string[];
  /** Taken by the first paint's read; gone once taken. */
  values?: Promise<Record<string, unknown>>;
  /**
   * Every storage.local change since the read was asked for, until the page's own listener takes
   * over: a result landing while the modules load must not be lost. Replaying one the read already
   * holds is harmless: a change carries the whole new value.
   */
  changes: StorageChanges[];
  stop(): void;
}

const scope = globalThis as { [EARLY_READ]?: EarlyRead };

/** The early script's read, if it asked for these keys; taken once, it is only good for the first paint. */
export function takeEarlyRead(keys: readonly string[]): Promise<Record<string, unknown>> | undefined {
  const early = scope[EARLY_READ];
  const values = early?.values;
  if (early) delete early.values;
  return values && early.keys.join('\n') === keys.join('\n') ? values : undefined;
}

/** The changes the early script heard, handed over (and its listener removed) as the page starts its own. */
export function takeEarlyChanges(): StorageChanges[] {
  const early = scope[EARLY_READ];
  if (!early) return [];
  early.stop();
  delete scope[EARLY_READ];
  return early.changes;
}
