// Each account's learned data lives under keys of its own: `state:<id>` (the
// last snapshot, error, backoff and alerts) and `history:<id>`. One result is
// one small write, and no write about one account can undo another's.
import { browser } from '../browser-api';
import type { Account } from '../model/account';
import { fingerprint } from './fingerprint';
import { historyKey, LEGACY_STATES, stateKey, stateKeysOf } from './first-read';
import { parseState } from './schema';
import { accountsItem, type AccountState } from './storage';

export { historyKey, stateKey, stateKeysOf } from './first-read';

const local = () => browser.storage.local;

/** The states of these accounts in one read; a state of another key, provider or origin is left out. */
export async function readStates(accounts: readonly Account[]): Promise<Record<string, AccountState>> {
  if (!accounts.length) return {};
  return statesFrom(await local().get(stateKeysOf(accounts.map((a) => a.id))), accounts);
}

/** The states of these accounts in what was read with `stateKeysOf`. */
export function statesFrom(stored: Record<string, unknown>, accounts: readonly Account[]): Record<string, AccountState> {
  const legacy = stored[LEGACY_STATES] as Record<string, unknown> | undefined;
  const states: Record<string, AccountState> = {};
  for (const account of accounts) {
    const fp = fingerprint(account);
    const state =
      parseState(stored[stateKey(account.id)], fp) ?? (legacy ? parseLegacyState(legacy[account.id], fp) : undefined);
    if (state) states[account.id] = state;
  }
  return states;
}


/**
 * Moves a v1 profile (one `states` map, an `engine` item) to one key per
 * account. States are bound to the account they were stored beside (v1 forgot
 * a state whenever its key changed). Idempotent; returns whether it moved anything.
 */
export async function migrateRecords(): Promise<boolean> {
  const stored = await local().get([accountsItem.key, LEGACY_STATES]);
  const legacy = stored[LEGACY_STATES];
  if (legacy === undefined) return false;
  const moved: Record<string, AccountState> = {};
  if (typeof legacy === 'object' && legacy !== null) {
    for (const account of accountsItem.parse(stored[accountsItem.key])) {
      const state = parseLegacyState((legacy as Record<string, unknown>)[account.id], fingerprint(account));
      if (state) moved[stateKey(account.id)] = state;
    }
  }
  await local().set(moved);
  await local().remove([LEGACY_STATES, `${LEGACY_STATES}$`, 'engine', 'engine$']);
  return true;
}

function parseLegacyState(raw: unknown, fp: string): AccountState | undefined {
  return typeof raw === 'object' && raw !== null ? parseState({ ...raw, for: fp }, fp) : undefined;
}
