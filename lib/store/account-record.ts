// One account's record as the settings page and the background handle it: read whole, or erased.
// Apart from records.ts so that the popup's first load, which only reads states, does not carry them.
import { browser } from '../browser-api';
import type { Account } from '../model/account';
import { fingerprint } from './fingerprint';
import { historyKey, stateKey } from './first-read';
import { parseState } from './schema';
import { accountsItem, type AccountState } from './storage';

const local = () => browser.storage.local;

/** The account as it is now (undefined once removed) and its state, if it still describes it: one read. */
export async function readRecord(id: string): Promise<{ account?: Account; state?: AccountState }> {
  const stored = await local().get([accountsItem.key, stateKey(id)]);
  const account = accountsItem.parse(stored[accountsItem.key]).find((a) => a.id === id);
  return account ? { account, state: parseState(stored[stateKey(id)], fingerprint(account)) } : {};
}

/** Erases everything learned about these accounts. */
export function removeRecords(ids: readonly string[]): Promise<void> {
  return local().remove(ids.flatMap((id) => [stateKey(id), historyKey(id)]));
}
