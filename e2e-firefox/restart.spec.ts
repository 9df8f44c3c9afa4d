// A browser restart, the way a user has one: the add-on installed for good on a kept profile, Firefox quit
// and started again. Firefox keeps alarms in memory only, and at launch it starts an event page only if it
// listens to runtime.onStartup: without that the refresh alarm is gone and the badge is blank until the
// user happens to open the popup.
//
// How the state is read without opening an extension page: opening one could itself wake the background
// and hide the problem, so while the 10 s run, the add-on is read from Firefox's parent process over
// BiDi's chrome scope (Firefox.probe: the background's state, the action's badge, the alarms), and every
// read also checks that no extension document other than the background exists. Only after the deadline is
// a page opened, to confirm with the extension's own APIs that it sees the same alarm and badge.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apertisPayg, startFakeApi, type FakeApi } from '../e2e/fake-api';
import { launchFirefox, type AddonState, type Firefox } from './firefox';
import { addAccount, badgeText, refreshAlarm } from './pages';

const DEADLINE_MS = 10_000;

let fake: FakeApi;
let profileDir: string;
let firefox: Firefox | undefined;

beforeAll(async () => {
  fake = await startFakeApi({ cors: false });
  profileDir = await mkdtemp(path.join(tmpdir(), 'credit-gauge-firefox-profile-'));
});

afterAll(async () => {
  await firefox?.close();
  await fake?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('after a browser restart the background starts by itself: refresh alarm and low badge back within 10 s, no page opened', async () => {
  // A user's install: permanent, on a profile that is kept.
  firefox = await launchFirefox({ profileDir, install: 'permanent' });
  const options = await firefox.openExtensionPage('options.html');
  fake.set('sk-low', apertisPayg({ remaining_usd: 0.42, used_usd: 41.58 }));
  expect(await addAccount(options, { name: 'Work', key: 'sk-low', baseUrl: fake.baseUrl })).toMatch(/^Saved “Work”: /);
  await expect.poll(() => badgeText(options), { timeout: 10_000 }).toBe('$0.4');
  expect(await refreshAlarm(options)).toMatchObject({ name: 'refresh', periodInMinutes: 5 });
  expect(await firefox.errors()).toEqual([]);
  await firefox.close();
  firefox = undefined;

  // Start again on the same profile, installing nothing: an install would itself start the background.
  const launchAt = Date.now();
  firefox = await launchFirefox({ profileDir, install: 'none' });
  const upAt = Date.now();
  const deadline = upAt + DEADLINE_MS;
  const timeline: string[] = [];
  let state: AddonState;
  let pagesOpened: string[] = [];
  for (;;) {
    state = await firefox.probe();
    const at = Date.now() - upAt;
    // Nothing but the background may have woken the add-on: no extension tab, no other extension view.
    pagesOpened = [
      ...(await firefox.tabUrls()).filter((url) => url.startsWith('moz-extension:')),
      ...(state.views ?? []).filter((v) => v.viewType !== 'background').map((v) => `${v.viewType}: ${v.url}`),
    ];
    const alarm = state.alarms?.find((a) => a.name === 'refresh');
    timeline.push(`+${at} ms: background ${state.background}, badge ${JSON.stringify(state.badgeText)}, alarm ${alarm ? 'set' : 'missing'}`);
    if (pagesOpened.length > 0) break;
    if (alarm && state.badgeText === '$0.4') break;
    if (Date.now() >= deadline) break;
    await sleep(250);
  }
  const reads = timeline.length <= 2 ? timeline : [timeline[0], `(${timeline.length - 2} more)`, timeline.at(-1)];
  console.log(`restart: Firefox answered ${upAt - launchAt} ms after launch; reads without any page open:\n  ${reads.join('\n  ')}`);
  expect(pagesOpened).toEqual([]);
  expect(state.installed).toBe(true);
  expect(state.alarms?.find((a) => a.name === 'refresh'), timeline.join('\n')).toMatchObject({ periodInMinutes: 5 });
  expect(state.badgeText, timeline.join('\n')).toBe('$0.4');
  expect(state.background).toBe('running');

  // Only now open a page, and check that the extension's own APIs see the very same alarm and badge.
  const seenAlarm = state.alarms!.find((a) => a.name === 'refresh')!;
  const page = await firefox.openExtensionPage('options.html');
  expect(await refreshAlarm(page)).toEqual({ name: 'refresh', periodInMinutes: 5, scheduledTime: seenAlarm.scheduledTime });
  expect(await badgeText(page)).toBe('$0.4');
  expect(await firefox.errors()).toEqual([]);
});
