// Reading the per-account histories back. Apart from records.ts so that the
// popup's first load does not carry it: only the trend (loaded after the first
// paint) and the engine read histories.
import { browser } from 'wxt/browser';
import type { Account } from '../model/account';
import { HISTORY_MAX_SERIES, type History, type HistorySeries, type StoredSample } from './types';
import { fingerprint } from './fingerprint';
import { historyKey } from './records';
import { finite, isObject } from './shape';

export async function readHistories(accounts: readonly Account[]): Promise<Record<string, History | undefined>> {
  if (!accounts.length) return {};
  const stored = await browser.storage.local.get(accounts.map((a) => historyKey(a.id)));
  return Object.fromEntries(accounts.map((a) => [a.id, parseHistory(stored[historyKey(a.id)], fingerprint(a))]));
}

/**
 * A history as it is stored: one JSON string, not the object itself. Reading
 * 100 year-long histories took 250–310 ms as objects (every sample crosses into
 * the page as its own value) and 45–70 ms as strings plus JSON.parse, measured in
 * Chromium 156 (issue 21): it is the History page's first paint and every refresh's
 * read. Histories stored as objects before are still read.
 */
export function encodeHistory(history: History): string {
  return JSON.stringify(history);
}

/**
 * One history; samples of the wrong shape are dropped, the others kept. A history
 * recorded under another key (its `for` is not `fingerprint`) becomes an earlier
 * series, and the current one starts empty: forecasts never read across a key change.
 */
export function parseHistory(stored: unknown, fingerprint: string): History | undefined {
  const raw = typeof stored === 'string' ? parseJson(stored) : stored;
  if (!isObject(raw) || raw.v !== 1) return undefined;
  const current = parseSeries(raw);
  if (!current) return undefined;
  const before = (Array.isArray(raw.before) ? raw.before : []).flatMap((series) => {
    const parsed = parseSeries(series);
    return parsed?.samples.length ? [parsed] : [];
  });
  // Histories written before states were bound to a key have no `for`: they belong to the account.
  if (current.for !== undefined && current.for !== fingerprint) {
    if (current.samples.length) before.push(current);
    return { v: 1, for: fingerprint, samples: [], ...(before.length ? { before: before.slice(-HISTORY_MAX_SERIES) } : {}) };
  }
  return { v: 1, ...current, for: fingerprint, ...(before.length ? { before: before.slice(-HISTORY_MAX_SERIES) } : {}) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseSeries(raw: unknown): HistorySeries | undefined {
  if (!isObject(raw) || !Array.isArray(raw.samples)) return undefined;
  const limits = Array.isArray(raw.limits) && raw.limits.every(isName) ? (raw.limits as string[]) : undefined;
  return {
    ...(typeof raw.for === 'string' ? { for: raw.for } : {}),
    ...(isName(raw.unit) ? { unit: raw.unit } : {}),
    ...(limits?.length ? { limits } : {}),
    samples: raw.samples.filter(isSample),
  };
}

/** A unit or a limit id: short text (shown as text, never as markup). */
const isName = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 64;
const isNumber = (x: unknown): x is number => finite(x) !== undefined;
const isPercent = (x: unknown): boolean => x === null || (isNumber(x) && x >= 0 && x <= 100);
function isSample(s: unknown): s is StoredSample {
  if (!Array.isArray(s) || s.length < 2 || !isNumber(s[0]) || !(s[1] === null || isNumber(s[1]))) return false;
  if (Array.isArray(s[2])) return s.length === 3 && s[2].length <= 32 && s[2].every(isPercent);
  return s.length <= 5 && s.slice(2).every(isNumber);
}
