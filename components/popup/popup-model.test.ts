// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fingerprint } from '@/lib/store/fingerprint';
import { makeAccount, paygSnapshot, stateWith } from '@/lib/testing';
import { readStoredView } from '../shared/stored-view';
import { createPopupModel } from './popup-model';

const work = makeAccount({ id: 'w', name: 'Work', key: 'sk-work-1' });
const stateAt = (remaining: number, readAt: number) => ({ ...stateWith(paygSnapshot(remaining, readAt)), for: fingerprint(work) });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the popup clock', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set({ accounts: [work], 'state:w': stateAt(10, 1_000) });
  });

  it('moves to the time a result lands, so the newest reading is never "in the future" for the views', async () => {
    let time = 2_000;
    const model = createPopupModel(() => time, readStoredView());
    await model.ready;
    expect(model.clock.value).toBe(2_000);
    // The refresh message was answered at 2 s; its result lands at 2.9 s, read at 2.8 s.
    time = 2_900;
    await fakeBrowser.storage.local.set({ 'state:w': stateAt(9, 2_800) });
    await settle();
    expect(model.clock.value).toBe(2_900);
    expect(model.lastReadAt.value).toBeLessThanOrEqual(model.clock.value);
    model.dispose();
  });
});
