// Where e2e screenshots go: test-results/ on every run (to look at), and the
// README's docs/screenshots/ only when asked (UPDATE_SCREENSHOTS=1), so a test
// run never dirties the tree.
import path from 'node:path';

export function screenshotPaths(name: string): string[] {
  const paths = [path.join('test-results', 'screenshots', `${name}.png`)];
  if (process.env.UPDATE_SCREENSHOTS) paths.push(path.join('docs', 'screenshots', `${name}.png`));
  return paths;
}

export async function saveScreenshot(target: { screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown> }, name: string, fullPage = false) {
  for (const file of screenshotPaths(name)) await target.screenshot({ path: file, ...(fullPage ? { fullPage } : {}) });
}
