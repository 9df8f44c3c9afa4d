// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import en from '@/public/_locales/en/messages.json';
import { assess } from '@/lib/judge/assess';
import { createFormatter } from '@/lib/words/format';
import type { AccountState } from '@/lib/store/storage';
import { catalogue, creditsSnapshot, cycleSnapshot, limitSnapshot, makeAccount, paygSnapshot, stateWith } from '@/lib/testing';
import type { Account } from '@/lib/model/account';
import { AccountRow, meterOf } from './account-row';
import { RowDetails } from './row-details';
import { LazyDetails } from './trend-loader';

// The details chunk, as the popup has it a moment after its first paint.
LazyDetails.value = { RowDetails };

const t = catalogue(en);
const f = createFormatter('en-US', t);
const NOW = Date.UTC(2026, 10, 21, 12);
const DAY = 86_400_000;
const sub = (remaining: number) => {
  const s = cycleSnapshot(remaining, 5000, NOW);
  return { ...s, remaining: 0.95, cycle: { ...s.cycle!, end: NOW + 10 * DAY } };
};

function renderRow(state: AccountState | undefined, account: Partial<Account> = {}, expanded = false) {
  const root = document.createElement('div');
  const assessment = assess(makeAccount({ name: 'Work', ...account }), state, NOW, 5);
  render(
    <ul>
      <AccountRow item={{ assessment, state }} reading={false} expanded={expanded} onToggle={() => undefined} now={NOW} t={t} f={f} />
    </ul>,
    root,
  );
  const text = (selector: string) => root.querySelector(selector)?.textContent ?? null;
  return { root, mark: text('.mark'), value: text('.value'), forecast: text('.fc'), why: text('.why') };
}

describe('AccountRow: one line that says what matters', () => {
  it.each([
    { case: 'a low balance: its mark, the figure, the threshold', state: stateWith(paygSnapshot(3.12, NOW)), mark: '▼', value: '$3.12', why: 'Low: $3.12 (warn < $5.00)' },
    { case: 'healthy: a tick and OK', state: stateWith(paygSnapshot(40, NOW)), mark: '✓', value: '$40.00', why: 'OK' },
    { case: 'a subscriber without fallback leads with its quota and renewal', state: stateWith(sub(3200)), mark: '✓', value: '3,200 left', why: 'OK · renews in 10d' },
    { case: 'a low quota names the quota', state: stateWith(sub(250)), mark: '▼', value: '250 left', why: 'Low: Quota 5% left (warn < 10%)' },
    {
      case: 'a rejected key keeps its last value and says why',
      state: stateWith(paygSnapshot(7, NOW - 600_000), { error: { kind: 'auth', message: '', at: NOW }, failures: 1 }),
      mark: '✕',
      value: '$7.00',
      why: 'Key rejected: API key rejected',
    },
    { case: 'an unlimited key says Unlimited, never zero', state: stateWith(paygSnapshot(null, NOW)), mark: '✓', value: 'Unlimited', why: 'OK' },
    { case: 'credits are counted in words', state: stateWith(creditsSnapshot(1234, NOW)), account: { provider: 'apikley', warnBelow: 500 }, mark: '✓', value: '1,234 credits', why: 'OK' },
    { case: 'never read yet', state: undefined, mark: '…', value: '', why: 'Not read yet' },
    { case: 'a forecast under three days is amber and shown', state: stateWith(paygSnapshot(40, NOW), { daysLeft: 2.4 }), mark: '◆', value: '$40.00', why: 'Getting close: Runs out in ~2d (warn < 3d)', forecast: '~2d' },
  ])('$case', ({ state, account, mark, value, why, forecast = '' }) => {
    const row = renderRow(state, account);
    expect({ mark: row.mark, value: row.value, why: row.why, forecast: row.forecast }).toEqual({ mark, value, why, forecast });
  });

  it('is one button that says whether it is open and which details it controls', () => {
    const { root } = renderRow(stateWith(paygSnapshot(40, NOW)), { id: 'x1' }, true);
    const head = root.querySelector('button.row-head')!;
    expect(head.getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelector(`#${head.getAttribute('aria-controls')}`)).not.toBeNull();
  });

  it('a snoozed account says until when', () => {
    const { why } = renderRow(stateWith(paygSnapshot(40, NOW)), { snoozedUntil: NOW + 3_600_000 });
    expect(why).toMatch(/^OK · Alerts snoozed until /);
  });
});

describe('an expanded row', () => {
  it('holds the facts, the cycle with a labelled progress bar, and the actions', () => {
    const snapshot = { ...cycleSnapshot(3800, 5000, NOW), remaining: 0.4 };
    const { root } = renderRow(stateWith(snapshot), {}, true);
    const bar = root.querySelector('[role="progressbar"]')!;
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]).toEqual(['1200', '5000']);
    const actions = [...root.querySelectorAll('.actions button')].map((b) => b.textContent);
    expect(actions).toEqual(['Refresh', 'History', 'Top up', 'Edit', 'Snooze', 'Pin']);
    expect(root.textContent).toContain('••••1234');
    expect(root.textContent).not.toContain('sk-test-secret');
  });

  // Each figure the reading holds, by the name the open row gives it (issue 19: a subscriber's $0.95 was nowhere).
  const facts = (state: AccountState) => {
    const { root } = renderRow(state, {}, true);
    return Object.fromEntries([...root.querySelectorAll('.details dl.facts > div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]));
  };
  it.each([
    {
      case: "a subscriber without fallback: the row leads with the quota, the details name the pay-as-you-go money",
      snapshot: { ...cycleSnapshot(597, 600, NOW), remaining: 0.95, used: 0.05, total: 1 },
      named: { 'Pay-as-you-go left': '$0.95', Used: '$0.05', Total: '$1.00', Plan: 'Pro', 'Quota left': '597', 'Cycle started': 'Nov 1' },
    },
    { case: 'plain pay-as-you-go: what is left, used and the total', snapshot: paygSnapshot(5, NOW, { used: 2, total: 7 }), named: { Left: '$5.00', Used: '$2.00', Total: '$7.00' } },
    {
      case: "a key bounded by its account: the key's quota beside the account balance",
      snapshot: paygSnapshot(20, NOW, { accountBalance: 3 }),
      named: { 'Key quota': '$20.00', 'Account balance': '$3.00' },
    },
    { case: 'an unlimited key says so by name', snapshot: paygSnapshot(null, NOW), named: { 'Key quota': 'Unlimited', Used: '$1.00' } },
    { case: 'credits only: what is left, in credits', snapshot: creditsSnapshot(1234, NOW), named: { Left: '1,234 credits' } },
  ])('$case', ({ snapshot, named }) => {
    expect(facts(stateWith(snapshot))).toMatchObject(named);
  });

  it('a rejected key offers "Fix key" and says the error beside the age of the value shown', () => {
    const state = stateWith(paygSnapshot(7, NOW - 600_000), { error: { kind: 'auth', message: '', at: NOW }, failures: 1 });
    const { root } = renderRow(state, {}, true);
    expect(root.querySelector('.details')!.textContent).toContain('Last error: API key rejected');
    expect(root.querySelector('.details')!.textContent).toContain('Last good value shown, read 10 min. ago');
    expect([...root.querySelectorAll('.actions button')].map((b) => b.textContent)).toContain('Fix key');
  });

  it('server strings are rendered as text, never as markup', () => {
    const snapshot = cycleSnapshot(10, 100, NOW);
    snapshot.cycle!.plan = '<img src=x onerror=alert(1)>';
    const { root } = renderRow(stateWith(snapshot), { name: '<b>x</b>' }, true);
    expect(root.querySelector('img, b')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('meterOf: a bar only where there is a limit', () => {
  const at = (snapshot: ReturnType<typeof paygSnapshot>) => meterOf(assess(makeAccount(), stateWith(snapshot), NOW, 5), snapshot);
  it.each([
    { case: 'quota left of the cycle for a subscriber', snapshot: sub(1250), percent: 25 },
    { case: 'room left under a monthly cap', snapshot: paygSnapshot(40, NOW, { monthly: { limit: 10, used: 7 } }), percent: 30 },
    { case: "a key's total is not a limit: no bar beside a low balance", snapshot: paygSnapshot(3, NOW, { total: 3 }), percent: null },
    { case: 'no limit: no bar', snapshot: creditsSnapshot(900, NOW) as ReturnType<typeof paygSnapshot>, percent: null },
    { case: 'over the monthly cap: an empty bar, never negative', snapshot: paygSnapshot(40, NOW, { monthly: { limit: 10, used: 12 } }), percent: 0 },
  ])('$case', ({ snapshot, percent }) => {
    expect(at(snapshot)).toBe(percent);
  });
});

describe('a signed-in site, open (issue 20)', () => {
  const HOUR = 3_600_000;
  const limits = [
    { id: 'five_hour', kind: 'session' as const, usedPercent: 42, resetsAt: NOW + 2 * HOUR, windowMs: 5 * HOUR },
    { id: 'seven_day', kind: 'weekly' as const, usedPercent: 92, resetsAt: NOW + 2 * DAY, windowMs: 7 * DAY },
    { id: 'extra_usage', kind: 'spend' as const, usedPercent: 25, used: 12.5, limit: 50 },
  ];
  const snapshot = limitSnapshot(limits, NOW, { plan: 'Max 5x', org: "jane@example.com's Organization", dropped: ['seven_day_opus: utilization: expected a percent from 0 to 100'] });
  const account = { provider: 'claude', baseUrl: 'https://claude.ai', key: '' };

  it('lists every limit with a bar whose value is the percent used, worst first, the plan and organisation above', () => {
    const { root, value } = renderRow(stateWith(snapshot), account, true);
    expect(value).toBe('92%');
    const bars = [...root.querySelectorAll('.details [role="progressbar"]')].map((b) => [root.querySelector(`#${b.getAttribute('aria-labelledby')}`)?.textContent, b.getAttribute('aria-valuenow')]);
    expect(bars).toEqual([
      ['Weekly', '92'],
      ['5-hour', '42'],
      ['Extra usage', '25'],
    ]);
    const text = root.querySelector('.details')!.textContent!;
    expect(text).toContain("Max 5x · jane@example.com's Organization");
    expect(text).toContain('$12.50 of $50.00');
    expect(text).toContain('seven_day_opus: utilization: expected a percent from 0 to 100');
    // No key to show, and no "Top up" for a plan window.
    expect(text).not.toContain('••••');
    expect([...root.querySelectorAll('.actions button')].map((b) => b.textContent)).toEqual(['Refresh', 'History', 'Edit', 'Snooze', 'Pin']);
  });

  it('signed out: its own mark, the site named, and "Sign in"', () => {
    const state = stateWith(snapshot, { error: { kind: 'signed-out', message: '', at: NOW, site: 'claude.ai' }, failures: 1 });
    const { root, mark, why } = renderRow(state, account, true);
    expect([mark, why]).toEqual(['⊘', 'Signed out: Not signed in to claude.ai']);
    expect([...root.querySelectorAll('.actions button')].map((b) => b.textContent)).toContain('Sign in');
  });
});
