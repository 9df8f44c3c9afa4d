import type { Plugin } from 'vite';
import { APP_SCRIPT } from '../lib/store/popup-screen';

/**
 * Makes popup.html's module script (the app: Preact, signals, the store, the rows) wait for the early
 * script, which paints the screen the background rendered ahead of time and only then starts it
 * (components/popup/first-screen.ts). The script becomes `type="text/plain"` (not fetched, not run) and
 * its module preload goes: nothing of the app competes with the first paint, so the popup's JavaScript
 * can grow without moving it. Measured by `npm run bench` (the dead-code build).
 */
export function popupAfterFirstScreen(): Plugin {
  return {
    name: 'credit-gauge:popup-after-first-screen',
    apply: 'build',
    enforce: 'post',
    generateBundle(_, bundle) {
      const html = Object.values(bundle).find((file) => /(^|\/)popup(\/index)?\.html$/.test(file.fileName));
      if (!html || html.type !== 'asset' || typeof html.source !== 'string') return;
      const modules = html.source.match(/<script type="module"[^>]*>/g) ?? [];
      if (modules.length !== 1) this.error(`popup.html has ${modules.length} module scripts, expected the app's one`);
      html.source = html.source
        .replace(/<script type="module"( crossorigin)?/, `<script type="text/plain" ${APP_SCRIPT}`)
        .replace(/\s*<link rel="modulepreload"[^>]*>/g, '');
    },
  };
}
