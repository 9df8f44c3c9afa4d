// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { assess } from '@/lib/judge/assess';
import { createFormatter } from '@/lib/format';
import type { AccountState } from '@/lib/store/storage';
import { creditsSnapshot, cycleSnapshot, makeAccount, paygSnapshot, stateWith } from '@/lib/testing';
import { AccountCard } from './account-card';
import { CycleDetails, Facts, providerLabel, Trend } from './account-trend';
import { LazyDetails } from './trend-loader';

// The details chunk, as the popup has it a moment after its first paint.
LazyDetails.value = { Facts, CycleDetails, Trend, providerLabel };

// Messages render as `key(substitutions)`, so each case pins which words were chosen.
const t = ((key: string, subs?: string | string[]) => `${key}(${[subs ?? []].flat().join('|')})`) as never;
const f = createFormatter('en-US', t);
const NOW = Date.UTC(2026, 10, 21, 12);

function renderCard(state: AccountState | undefined, name = 'Work', provider: 'apertis' | 'apikley' = 'apertis') {
  const root = document.createElement('div');
  const account = makeAccount({ name, provider });
  render(<AccountCard assessment={assess(account, state, NOW, 5)} state={state} now={NOW} t={t} f={f} />, root);
  return root;
}

describe('AccountCard', () => {
  it('a subscription without history renders its cycle and a labelled progress bar', () => {
    const root = renderCard(stateWith({ ...cycleSnapshot(3800, 5000, NOW), remaining: 0.4 }), 'Max plan');
    const bar = root.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('1200');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('5000');
    expect(bar.className).toBe('bar'); // 76% of the quota left: not low
    expect(root.querySelector('h2')!.textContent).toBe('Max plan');
  });

  it.each([
    { case: 'PAYG headline is the remaining USD', state: stateWith(paygSnapshot(12.5, NOW)), text: '$12.50' },
    { case: 'an unlimited key says Unlimited, not zero', state: stateWith(paygSnapshot(null, NOW)), text: 'unlimited()' },
    { case: 'Apikley shows its credits', state: stateWith(creditsSnapshot(1234, NOW)), provider: 'apikley' as const, text: '1,234' },
    {
      case: 'a rejected key says so and keeps the last good value with its age',
      state: stateWith(paygSnapshot(7, NOW - 10 * 60_000), { error: { kind: 'auth', message: '', at: NOW }, failures: 1 }),
      text: 'errorAuth()',
      also: ['$7.00', 'lastGoodAge(10 min. ago)'],
    },
    {
      case: 'a rate limit says when the next try is',
      state: stateWith(paygSnapshot(7, NOW), { error: { kind: 'rate-limited', message: '', at: NOW, retryAt: NOW + 5 * 60_000 }, failures: 1 }),
      text: 'errorRateLimitedUntil(',
    },
    { case: 'never read yet', state: undefined, text: 'notReadYet()' },
    {
      case: 'yuan are shown as yuan, with the provider facts in the same unit',
      state: stateWith({ ...paygSnapshot(110, NOW), used: undefined, total: undefined, unit: 'CNY', facts: [{ name: 'granted', value: 10 }] }),
      text: '¥110.00',
      also: ['fact_granted()', '¥10.00'],
    },
    { case: 'points are counted in words', state: stateWith({ ...creditsSnapshot(1500, NOW), unit: 'points' }), text: 'amountPoints_other(1,500)' },
    {
      case: 'a key without a cap of its own is "no key limit", never $0 and never unlimited',
      state: stateWith({ ...paygSnapshot(null, NOW), unlimited: false, used: 25.5, notes: ['key-limit-only', 'no-key-limit'] }),
      text: 'noKeyLimit()',
      also: ['noteKeyLimitOnly()', 'noteNoKeyLimit()', '$25.50'],
    },
  ])('$case', ({ state, provider, text, also = [] }) => {
    const content = renderCard(state, 'Work', provider).textContent!;
    for (const expected of [text, ...also]) expect(content).toContain(expected);
  });

  it.each([
    { case: 'a known status is said in the UI language', status: 'suspended', plan: 'max', shows: ['planSuspended()', 'Max'] },
    { case: 'an unknown one is shown as the server sent it', status: 'on-hold', plan: 'enterprise', shows: ['on-hold', 'enterprise'] },
  ])('plan and status: $case', ({ status, plan, shows }) => {
    const snapshot = cycleSnapshot(10, 100, NOW);
    snapshot.cycle!.status = status;
    snapshot.cycle!.plan = plan;
    const content = renderCard(stateWith(snapshot)).textContent!;
    for (const text of shows) expect(content).toContain(text);
  });

  it('server strings are rendered as text, never as markup', () => {
    const snapshot = cycleSnapshot(10, 100, NOW);
    snapshot.cycle!.plan = '<img src=x onerror=alert(1)>';
    const root = renderCard(stateWith(snapshot));
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
