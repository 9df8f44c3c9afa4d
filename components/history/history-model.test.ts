// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { appendSample } from '@/lib/judge/history';
import { fingerprint } from '@/lib/store/fingerprint';
import { encodeHistory } from '@/lib/store/histories';
import { makeAccount, paygSnapshot, stateWith } from '@/lib/testing';
import { createHistoryModel } from './history-model';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 6, 12);
const work = makeAccount({ id: 'w', name: 'Work', key: 'sk-work-1' });
const lab = makeAccount({ id: 'l', name: 'Lab', key: 'sk-lab-2' });
const historyOf = (...balances: number[]) =>
  encodeHistory(
    balances.reduce(
      (history, balance, i) => appendSample(history, paygSnapshot(balance, NOW - (balances.length - i) * HOUR)),
      appendSample(undefined, paygSnapshot(balances[0]!, NOW - (balances.length + 1) * HOUR)),
    ),
  );

describe('the History page model', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await fakeBrowser.storage.local.set({
      accounts: [work, lab],
      'state:w': { ...stateWith(paygSnapshot(8, NOW)), for: fingerprint(work) },
      'history:w': historyOf(10, 9, 8),
      'history:l': historyOf(5, 4),
    });
  });
  afterEach(() => vi.useRealTimers());

  it('reads every history, stored as a string, and remembers the range chosen', async () => {
    const model = createHistoryModel('');
    await model.ready;
    expect(model.view.value.groups[0]!.total).toBe(3);
    model.setRange('30d');
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get('historyView')).historyView).toEqual({ range: '30d' }));
    const again = createHistoryModel('');
    await again.ready;
    expect(again.range.value).toBe('30d');
    model.stop();
    again.stop();
  });

  it("a row's History link shows that account alone; once it is removed, all of them", async () => {
    const model = createHistoryModel('?account=l');
    await model.ready;
    expect(model.view.value.groups[0]!.lines.map((line) => line.id)).toEqual(['l']);
    await fakeBrowser.storage.local.set({ accounts: [work] });
    await vi.waitFor(() => expect(model.view.value.groups[0]!.lines.map((line) => line.id)).toEqual(['w']));
    model.stop();
  });

  it("new readings are applied together, at most once a second, and a state's change alone rebuilds nothing", async () => {
    const model = createHistoryModel('');
    await model.ready;
    const before = model.view.value;
    await fakeBrowser.storage.local.set({ 'state:w': { ...stateWith(paygSnapshot(7, NOW)), for: fingerprint(work) } });
    expect(model.view.value).toBe(before);
    await fakeBrowser.storage.local.set({ 'history:w': historyOf(10, 9, 8, 7) });
    await fakeBrowser.storage.local.set({ 'history:l': historyOf(5, 4, 2) });
    expect(model.view.value).toBe(before);
    await vi.advanceTimersByTimeAsync(1000);
    expect(model.view.value.groups[0]!.total).toBe(6);
    model.stop();
  });
});
