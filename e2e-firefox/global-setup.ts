// Runs once before the Firefox suite: says which Firefox is under test and checks the build exists.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { extensionDir, FIREFOX_PATH, firefoxVersion } from './firefox';

export default function setup(): void {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(`No Firefox at ${FIREFOX_PATH} (Debian: apt-get install -y firefox-esr; another path through FIREFOX_PATH)`);
  }
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build in ${extensionDir}: run \`npm run build:firefox\` first`);
  }
  // Debian moves Firefox ESR forward on its own: every run says which one it tested.
  console.log(`Firefox under test: ${firefoxVersion()} (${FIREFOX_PATH})`);
}
