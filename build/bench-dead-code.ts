import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The popup module the dead code is added to: one of its first load's. */
const TARGET = /components[\\/]popup[\\/]popup-app\.tsx$/;

/**
 * Bench only (`npm run bench` builds with CREDIT_GAUGE_DEAD_CODE=<bytes>): adds that many gzipped bytes of
 * code that never runs to the popup's first load, so the bench shows whether the first paint moves with
 * the popup's JavaScript (issue 22). Functions of pseudo-random numbers, kept by a global assignment:
 * they compress like real code does not, so the bytes are there after gzip.
 */
export function benchDeadCode(bytes: number): Plugin {
  // Only in the build of the pages: the background renders the popup's components too.
  let pages = false;
  return {
    name: 'credit-gauge:bench-dead-code',
    apply: 'build',
    buildStart(options) {
      pages = Object.values(options.input ?? {}).some((id) => /popup[\\/]index\.html$/.test(String(id)));
    },
    transform(code, id) {
      return pages && TARGET.test(id) ? `${code}\n${deadCode(bytes)}` : null;
    },
  };
}

export function deadCode(bytes: number): string {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  const fns: string[] = [];
  const source = () => `globalThis.__creditGaugeBenchDeadCode = [${fns.join(',')}];`;
  while (gzipSync(source()).length < bytes) {
    const terms = Array.from({ length: 8 }, () => `a * ${next() % 100_000} + ${next() % 1000}`);
    fns.push(`(a) => [${terms.join(', ')}]`);
  }
  return source();
}
