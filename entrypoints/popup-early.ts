// A classic script popup.html runs while it is still parsing: it starts the one
// storage read the first paint waits on, before the page's modules (Preact,
// signals, the store) are fetched and evaluated. readStoredView takes it up.
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { browser } from '@/lib/browser-api';
import { EARLY_READ, firstReadKeys, idsHint, type EarlyRead } from '@/lib/store/first-read';

export default defineUnlistedScript(() => {
  const keys = firstReadKeys(idsHint());
  const early: EarlyRead = { keys, values: browser.storage.local.get(keys) };
  (globalThis as { [EARLY_READ]?: EarlyRead })[EARLY_READ] = early;
});
