import { defineConfig } from 'wxt';

// Official API origins are granted at install; any other base URL a user enters is
// requested at runtime from a click (see lib/permissions.ts).
export const OFFICIAL_HOSTS = ['https://api.apertis.ai/*', 'https://api.apikley.ru/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  // Every browser we ship to supports <link rel=modulepreload>; the polyfill is dead weight in the popup.
  vite: () => ({ build: { modulePreload: { polyfill: false } } }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['alarms', 'storage', 'notifications'],
    host_permissions: OFFICIAL_HOSTS,
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*', 'http://[::1]/*'],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'credit-gauge@credit-gauge.dev', strict_min_version: '115.0' } } }
      : {}),
  }),
});
