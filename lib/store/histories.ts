// Reading the per-account histories back. Apart from records.ts so that the
// popup's first load does not carry it: only the trend (loaded after the first
// paint) and the engine read histories.
import { browser } from 'wxt/browser';
import type { Account } from '../model/account';
import type { History, StoredSample } from './types';
import { fingerprint } from './fingerprint';
import { historyKey } from './records';
import { finite, isObject } from './shape';

export async function readHistories(accounts: readonly Account[]): Promise<Record<string, History | undefined>> {
  if (!accounts.length) return {};
  const stored = await browser.storage.local.get(accounts.map((a) => historyKey(a.id)));
  return Object.fromEntries(accounts.map((a) => [a.id, parseHistory(stored[historyKey(a.id)], fingerprint(a))]));
}

/** One history; samples of the wrong shape are dropped, the others kept. */
export function parseHistory(raw: unknown, fingerprint: string): History | undefined {
  if (!isObject(raw)) return undefined;
  // Histories written before states were bound to a key have no `for`: they belong to the account.
  if (raw.v !== 1 || !Array.isArray(raw.samples) || (raw.for !== undefined && raw.for !== fingerprint)) return undefined;
  return { v: 1, for: fingerprint, samples: raw.samples.filter(isSample) };
}

const isNumber = (x: unknown): x is number => finite(x) !== undefined;
function isSample(s: unknown): s is StoredSample {
  return (
    Array.isArray(s) &&
    s.length >= 2 &&
    s.length <= 4 &&
    isNumber(s[0]) &&
    (s[1] === null || isNumber(s[1])) &&
    (s[2] === undefined || isNumber(s[2])) &&
    (s[3] === undefined || isNumber(s[3]))
  );
}
