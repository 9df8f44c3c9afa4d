import type { Plugin } from 'vite';

/** The chunk every module of the popup's first load goes in (build/no-preload-helper.ts edits it). */
export const FIRST_LOAD_CHUNK = 'first-load';

/**
 * Puts every module of the popup's first load in one chunk, FIRST_LOAD_CHUNK. Left to itself the
 * bundler groups shared modules by which pages import them, so a new page that needs some of the
 * popup's modules (History needs the store and the words, not the messages) splits the popup's
 * shared chunk in two, and every extra file costs the popup's 20 KB budget its imports and exports
 * (~0.7 KB gz measured for History). The settings and History pages load this chunk too. Left out: the
 * popup's own main module and its CSS (another page must not load the popup's styles), the popup's
 * early script (a separate entry that must stay tiny) and the lazy chunks.
 */
export function popupChunk(): Plugin {
  const firstLoad = new Set<string>();
  return {
    name: 'credit-gauge:popup-chunk',
    apply: 'build',
    // Only where chunks are split: the background and scripts are built as single IIFE files.
    outputOptions(options) {
      if (options.format && options.format !== 'es') return null;
      return { ...options, codeSplitting: { groups: [{ name: FIRST_LOAD_CHUNK, test: (id: string) => firstLoad.has(id) }] } };
    },
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const staticClosure = (root: string | undefined) => {
        const seen = new Set<string>();
        const queue = root ? [root] : [];
        while (queue.length) {
          const id = queue.pop()!;
          if (seen.has(id)) continue;
          seen.add(id);
          queue.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
        return seen;
      };
      const popup = ids.find((id) => /entrypoints[\\/]popup[\\/]index\.html$/.test(id));
      const early = staticClosure(ids.find((id) => /entrypoints[\\/]popup-early\.ts$/.test(id)));
      // WXT builds the background (and any script entry) in builds of their own, without the popup.
      if (!popup) return;
      const own = (id: string) => id === popup || /entrypoints[\\/]popup[\\/]main\.tsx$/.test(id) || /\.css($|\?)/.test(id);
      for (const id of staticClosure(popup)) if (!own(id) && !early.has(id)) firstLoad.add(id);
    },
  };
}
