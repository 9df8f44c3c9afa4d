import path from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Builds the popup's early script (components/popup/popup-early.ts) as one minified classic script,
 * `popup-early.js`, beside popup.html. Not a WXT unlisted script: WXT wraps those in a logger and a
 * crash report (~0.25 KB gz of the popup's 20 KB), and this script only reads one stored value and
 * puts it on the page. Only in the build of the pages; `wxt dev` runs the popup without it (the app
 * then paints as it always did).
 */
export function earlyScript(entry: string, fileName = 'popup-early.js'): Plugin {
  const root = path.resolve(path.dirname(entry), '../..');
  return {
    name: 'credit-gauge:early-script',
    apply: 'build',
    // After Vite has written the HTML pages into the bundle: popup.html tells the pages' build.
    enforce: 'post',
    async generateBundle(_, bundle) {
      if (!Object.values(bundle).some((file) => /(^|\/)popup(\/index)?\.html$/.test(file.fileName))) return;
      this.addWatchFile(entry);
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        format: 'iife',
        minify: true,
        target: 'es2022',
        write: false,
        alias: { '@': root },
        // A classic script of its own: strict mode buys nothing here and costs its prologue.
        tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
        logLevel: 'silent',
      });
      this.emitFile({ type: 'asset', fileName, source: result.outputFiles[0]!.text });
    },
  };
}
