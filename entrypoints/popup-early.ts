// A classic script popup.html runs while it is still parsing: it starts the one
// storage read the first paint waits on, before the page's modules (Preact,
// signals, the store) are fetched and evaluated. readStoredView takes it up.
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { browser } from '@/lib/browser-api';
import { EARLY_READ, firstReadKeys, idsHint, type EarlyRead, type StorageChanges } from '@/lib/store/first-read';

export default defineUnlistedScript(() => {
  const keys = firstReadKeys(idsHint());
  const changes: StorageChanges[] = [];
  const listener = (change: StorageChanges, area: string) => void (area === 'local' && changes.push(change));
  // Listening from the moment the read is asked for: nothing that lands before the page's own
  // listener (components/shared/stored.ts) is lost.
  browser.storage.onChanged.addListener(listener);
  const early: EarlyRead = {
    keys,
    values: browser.storage.local.get(keys),
    changes,
    stop: () => browser.storage.onChanged.removeListener(listener),
  };
  (globalThis as { [EARLY_READ]?: EarlyRead })[EARLY_READ] = early;
});
