// The keys the pages' first read asks for, in one storage call (stored-view.ts),
// with nothing else imported. The stored items themselves are defined in
// storage.ts.

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
