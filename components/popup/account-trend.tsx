// The chunk loaded after the popup's first paint (see trend-loader.ts): an
// expanded row's details and the histories its trend is drawn from. The rows
// never wait for it.
import type { Signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { Account } from '@/lib/model/account';
import type { History } from '@/lib/store/types';
import { fingerprint } from '@/lib/store/fingerprint';
import { parseHistory, readHistories } from '@/lib/store/histories';
import detailsCss from './row-details.css?inline';

// The details' stylesheet comes inside this chunk and is added when it loads: as a separate CSS file
// it needed Vite's preload helper in the popup's first load (~0.7 KB gz) just to fetch it.
const style = document.createElement('style');
style.textContent = detailsCss;
document.head.append(style);

// An expanded row's details: its provider's name (the registry, a dozen providers' data, would
// not fit the popup's first load), its figures and actions.
export { RowDetails } from './row-details';

const HISTORY = 'history:';

/**
 * Fills `histories` for the accounts and keeps it current: each result that
 * lands rewrites its account's history key. Returns the unwatch function.
 */
export function followHistories(
  accounts: Signal<Account[]>,
  histories: Signal<Record<string, History | undefined>>,
): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    let next: Record<string, History | undefined> | undefined;
    for (const [key, { newValue }] of Object.entries(changes)) {
      const account = key.startsWith(HISTORY) ? accounts.value.find((a) => a.id === key.slice(HISTORY.length)) : undefined;
      if (!account) continue;
      next ??= { ...histories.value };
      next[account.id] = parseHistory(newValue, fingerprint(account));
    }
    if (next) histories.value = next;
  };
  browser.storage.onChanged.addListener(listener);
  // A change that lands while this first read is out is newer: it wins.
  void readHistories(accounts.value).then((read) => (histories.value = { ...read, ...histories.value }));
  return () => browser.storage.onChanged.removeListener(listener);
}

