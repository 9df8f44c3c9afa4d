// The extension API for the modules the popup's first paint loads (storage, words, messages):
// WXT's own `browser`, which is the browser's native promise-based namespace (`browser` in
// Firefox, `chrome` in Chrome MV3). webextension-polyfill adds nothing these calls need and
// costs 2.8 KB gzipped of the popup's 20 KB budget (and its start-up time), so only the code
// that needs it (the background's promise-returning onMessage, the pages' other modules)
// imports `wxt/browser`, which the polyfill module aliases (wxt.config.ts).
export { browser } from '@wxt-dev/browser';
