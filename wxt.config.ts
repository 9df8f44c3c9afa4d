import { defineConfig } from 'wxt';
import { inlinePopupCss } from './build/inline-popup-css';

// Official API origins are granted at install; any other base URL a user enters is
// requested at runtime from a click (see lib/permissions.ts).
export const OFFICIAL_HOSTS = ['https://api.apertis.ai/*', 'https://api.apikley.ru/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  // Every browser we ship to supports <link rel=modulepreload>; the polyfill is dead weight in the popup.
  vite: () => ({ build: { modulePreload: { polyfill: false } }, plugins: [inlinePopupCss()] }),
  // The sources zip (made for Firefox/AMO review) does not read .gitignore: keep local test
  // and build artifacts out of it. WXT already drops node_modules, .output, dotfiles and *.test/*.spec.
  zip: {
    excludeSources: ['test-results/**', 'playwright-report/**', 'e2e/.artifacts/**', '**/*.log', 'stats.html'],
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: histories grow to 64 KB per account; with many accounts the 10 MB storage.local
    // quota would fill and results stop being saved. Chrome shows no install warning for it.
    permissions: ['alarms', 'storage', 'unlimitedStorage', 'notifications'],
    host_permissions: OFFICIAL_HOSTS,
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*', 'http://[::1]/*'],
    action: { default_title: '__MSG_extName__' },
    // Firefox (built as MV3 by the :firefox scripts). 140 (the current ESR) is the floor: MV3
    // optional_host_permissions needs 128, data_collection_permissions 140 (142 on Android).
    // The extension sends nothing anywhere but the user's own API endpoints, so it collects no data.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'credit-gauge@credit-gauge.dev',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
