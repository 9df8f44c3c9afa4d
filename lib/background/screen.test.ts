import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fingerprint } from '../store/fingerprint';
import { POPUP_SCREEN, SCREEN_VERSION, type ScreenInput } from '../store/popup-screen';
import { accountsItem } from '../store/storage';
import { installBrowserFakes, makeAccount, paygSnapshot, stateWith } from '../testing';
import { createScreenWriter, SCREEN_MAX_WAIT_MS, SCREEN_QUIET_MS } from './screen';

const NOW = Date.UTC(2026, 11, 7, 12);
const work = makeAccount({ id: 'w', name: 'Work', key: 'sk-work' });

/** A render that writes what it was given as text, so a test sees which stored state it drew. */
function fakeRender() {
  const inputs: ScreenInput[] = [];
  const render = (input: ScreenInput, now: number) => {
    inputs.push(input);
    const balances = input.accounts.map((a) => `${a.name}=${input.states[a.id]?.snapshot?.remaining ?? '?'}`).join(',');
    return { v: SCREEN_VERSION, html: `<p>${balances}</p>`, at: now, ui: 'en-US', lang: 'en-US' } as const;
  };
  return { render, inputs };
}

const stored = async () => (await fakeBrowser.storage.local.get(POPUP_SCREEN))[POPUP_SCREEN] as { html: string; at: number } | undefined;

describe('the popup screen writer', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await installBrowserFakes(fakeBrowser, vi);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => vi.useRealTimers());

  it('draws the stored accounts and their states and keeps the screen in storage.local', async () => {
    await accountsItem.setValue([work]);
    await fakeBrowser.storage.local.set({ 'state:w': { ...stateWith(paygSnapshot(12.5, NOW)), for: fingerprint(work) } });
    const { render } = fakeRender();
    await createScreenWriter(render, () => NOW).now();
    expect(await stored()).toMatchObject({ html: '<p>Work=12.5</p>', at: NOW });
  });

  it('renders again once changes pause, once for a whole burst, and only for what the popup shows', async () => {
    await accountsItem.setValue([work]);
    const { render, inputs } = fakeRender();
    const writer = createScreenWriter(render, () => NOW);
    // A refresh: a result every 50 ms for half a second.
    for (let i = 0; i < 10; i++) {
      writer.onChanged({ 'state:w': {} }, 'local');
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(inputs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(SCREEN_QUIET_MS);
    expect(inputs).toHaveLength(1);
    // Its own write, a history or another area asks for nothing.
    writer.onChanged({ 'history:w': {}, [POPUP_SCREEN]: {} }, 'local');
    writer.onChanged({ 'state:w': {} }, 'sync');
    await vi.advanceTimersByTimeAsync(SCREEN_MAX_WAIT_MS);
    expect(inputs).toHaveLength(1);
    for (const key of ['accounts', 'settings', 'activity', 'state:w']) writer.onChanged({ [key]: {} }, 'local');
    await vi.advanceTimersByTimeAsync(SCREEN_QUIET_MS);
    expect(inputs).toHaveLength(2);
  });

  it('draws a burst that does not pause at least every few seconds', async () => {
    await accountsItem.setValue([work]);
    const { render, inputs } = fakeRender();
    const writer = createScreenWriter(render, () => NOW);
    for (let t = 0; t < 2 * SCREEN_MAX_WAIT_MS; t += 100) {
      writer.onChanged({ 'state:w': {} }, 'local');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(inputs).toHaveLength(2);
  });

  it('does not write a screen that did not change: the bytes of a refresh stay small', async () => {
    await accountsItem.setValue([work]);
    let now = NOW;
    const { render } = fakeRender();
    const writer = createScreenWriter(render, () => now);
    await writer.now();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    now += 30_000;
    await writer.now();
    expect(set).not.toHaveBeenCalled();
    await fakeBrowser.storage.local.set({ 'state:w': { ...stateWith(paygSnapshot(3, now)), for: fingerprint(work) } });
    set.mockClear();
    await writer.now();
    expect(set).toHaveBeenCalledTimes(1);
    expect(await stored()).toMatchObject({ html: '<p>Work=3</p>', at: now });
  });

  it('a worker woken again (an alarm) does not write the screen storage already holds', async () => {
    await accountsItem.setValue([work]);
    const { render } = fakeRender();
    await createScreenWriter(render, () => NOW).now();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await createScreenWriter(render, () => NOW + 60_000).now();
    expect(set).not.toHaveBeenCalled();
  });

  it('draws an account whose stored state is for an older key as not read yet', async () => {
    await accountsItem.setValue([work]);
    await fakeBrowser.storage.local.set({ 'state:w': { ...stateWith(paygSnapshot(99, NOW)), for: 'another key' } });
    const { render } = fakeRender();
    await createScreenWriter(render, () => NOW).now();
    expect((await stored())!.html).toBe('<p>Work=?</p>');
  });
});
