import type { Plugin } from 'vite';

/**
 * Replaces Vite's preload helper in the popup's first load with a plain call (~0.7 KB gz of the 20 KB
 * first load). The popup's one dynamic import (an open row's details) carries its own CSS, and the
 * chunks it imports load with it as any module's imports do; all the helper would add is fetching
 * those in parallel, a few local files. Vite adds it even with `modulePreload: false`
 * (vitejs/vite#13952, #18551). What a plain import() cannot do is load a CSS file: the build fails if
 * a lazily loaded chunk starts to need one.
 */
export function noPreloadHelper(chunkName = 'popup'): Plugin {
  // Rolldown names each module in a comment; the helper's id starts with a NUL, written as \0.
  const HELPER = '// \\0vite/preload-helper.js\n';
  return {
    name: 'credit-gauge:no-preload-helper',
    apply: 'build',
    renderChunk: {
      order: 'post',
      handler(code, chunk) {
        if (chunk.name !== chunkName) return null;
        const start = code.indexOf(HELPER);
        if (start < 0) return null;
        const end = code.indexOf('\n// ', start + HELPER.length);
        if (end < 0 || !code.slice(start, end).includes('var __vitePreload = function preload(')) {
          this.error('the preload helper no longer looks as expected: check build/no-preload-helper.ts against this Vite');
        }
        return { code: `${code.slice(0, start)}var __vitePreload = (load) => load();\n${code.slice(end + 1)}`, map: null };
      },
    },
    generateBundle: {
      // After Vite's own generateBundle, which writes each import()'s preload list (__vite__mapDeps).
      order: 'post',
      handler(_, bundle) {
        const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
        const entry = chunks.find((c) => c.name === chunkName);
        if (!entry) return;
        // The plain call ignores the list of files each import() would have preloaded: it goes too.
        entry.code = entry.code.replace(/^const __vite__mapDeps=[^\n]*\n/, '').replace(/,\s*__vite__mapDeps\(\[[\d,]*\]\)/g, '');
        if (entry.code.includes('__vite__mapDeps')) this.error('__vite__mapDeps left in the first load: check build/no-preload-helper.ts against this Vite');
        const cssOf = (file: string) =>
          (chunks.find((c) => c.fileName === file) as { viteMetadata?: { importedCss: Set<string> } } | undefined)?.viteMetadata?.importedCss.size ?? 0;
        for (const lazy of entry.dynamicImports) {
          const target = chunks.find((c) => c.fileName === lazy);
          const withCss = [lazy, ...(target?.imports ?? [])].filter((file) => cssOf(file) > 0);
          if (withCss.length) this.error(`${withCss.join(', ')} now import CSS, which a plain import() never loads: put it inline (see row-details.css)`);
        }
      },
    },
  };
}
