import path from 'node:path';
import { defineConfig } from 'wxt';
import { benchDeadCode } from './build/bench-dead-code';
import { earlyScript } from './build/early-script';
import { inlinePopupCss } from './build/inline-popup-css';
import { popupAfterFirstScreen } from './build/popup-after-first-screen';
import { noPreloadHelper } from './build/no-preload-helper';
import { FIRST_LOAD_CHUNK, popupChunk } from './build/popup-chunk';
import { PROVIDER_LIST } from './lib/providers/registry';

// Host lists come from the provider registry. The founding providers' origins are granted at
// install; every other official origin, and any gateway or custom base URL a user enters, is
// optional and requested at runtime from the click that adds the account (lib/background/permissions.ts).
const pattern = (baseUrl: string) => `${new URL(baseUrl).origin}/*`;
export const OFFICIAL_HOSTS = PROVIDER_LIST.filter((p) => p.grantedAtInstall).map((p) => pattern(p.baseUrl));
const CATALOGUE_HOSTS = PROVIDER_LIST.filter((p) => p.baseUrl && !p.grantedAtInstall).map((p) => pattern(p.baseUrl));
/** `npm run bench` only: a build of its own with this many gzipped bytes of dead code in the popup (issue 22). */
const DEAD_CODE = Number(process.env.CREDIT_GAUGE_DEAD_CODE ?? 0);

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  ...(DEAD_CODE ? { outDir: '.output/bench-dead-code' } : {}),
  // Every browser we ship to supports <link rel=modulepreload>; the polyfill is dead weight in the popup.
  vite: () => ({
    build: { modulePreload: { polyfill: false } },
    plugins: [inlinePopupCss(), popupAfterFirstScreen(), earlyScript(path.resolve('components/popup/popup-early.ts')), noPreloadHelper(FIRST_LOAD_CHUNK), popupChunk(), ...(DEAD_CODE ? [benchDeadCode(DEAD_CODE)] : [])],
  }),
  // The sources zip (made for Firefox/AMO review) does not read .gitignore: keep local test
  // and build artifacts out of it. WXT already drops node_modules, .output, dotfiles and *.test/*.spec.
  zip: {
    excludeSources: ['test-results/**', 'playwright-report/**', 'e2e/.artifacts/**', '**/*.log', 'stats.html', 'docs/screenshots/**', 'docs/store/screenshots/**'],
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: histories grow to 64 KB per account; with many accounts the 10 MB storage.local
    // quota would fill and results stop being saved. Chrome shows no install warning for it.
    permissions: ['alarms', 'storage', 'unlimitedStorage', 'notifications'],
    host_permissions: OFFICIAL_HOSTS,
    optional_host_permissions: [
      ...CATALOGUE_HOSTS,
      // Gateways and custom endpoints: any https site, or plain http only on this machine.
      'https://*/*',
      'http://127.0.0.1/*',
      'http://localhost/*',
      'http://[::1]/*',
    ],
    action: { default_title: '__MSG_extName__' },
    // A suggested shortcut for the popup (issue 11): Alt+Shift+G, G for Gauge, free in Chrome and Firefox
    // by default. Users change it at chrome://extensions/shortcuts or in Firefox's add-on shortcuts.
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+G' }, description: '__MSG_commandOpenPopup__' },
    },
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
