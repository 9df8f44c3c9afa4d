import { describe, expect, it } from 'vitest';
import { assess } from '../judge/assess';
import { BADGE_COLORS, renderBadge } from './badge';
import type { ErrorKind } from '../model/errors';
import { creditsSnapshot, cycleSnapshot, limitSnapshot, makeAccount, paygSnapshot, stateWith } from '../testing';

const NOW = 100 * 60_000;
const fresh = NOW - 60_000;
const error = (kind: ErrorKind, failures = 1) => ({ error: { kind, message: '', at: NOW }, failures });

const work = makeAccount({ id: 'w', name: 'Work' });
const batch = makeAccount({ id: 'b', name: 'Batch', provider: 'apikley', warnBelow: 500 });

describe('renderBadge', () => {
  it.each([
    { case: 'quiet while every account is healthy', states: [stateWith(paygSnapshot(20, fresh)), stateWith(creditsSnapshot(5000, fresh))], text: '', color: BADGE_COLORS.lowest },
    { case: 'a low USD balance shows its value on red', states: [stateWith(paygSnapshot(0.46, fresh)), stateWith(creditsSnapshot(5000, fresh))], text: '$0.4', color: BADGE_COLORS.low },
    { case: 'low credits show the count on red', states: [stateWith(paygSnapshot(20, fresh)), stateWith(creditsSnapshot(3, fresh))], text: '3', color: BADGE_COLORS.low },
    { case: 'getting close shows amber', states: [stateWith(paygSnapshot(8, fresh)), stateWith(creditsSnapshot(5000, fresh))], text: '$8.0', color: BADGE_COLORS.close },
    { case: 'low subscription quota shows its percent', states: [stateWith(cycleSnapshot(54, 600, fresh)), stateWith(creditsSnapshot(5000, fresh))], text: '9%', color: BADGE_COLORS.low },
    { case: 'a rejected key shows its own glyph in purple', states: [stateWith(paygSnapshot(20, fresh), error('auth')), stateWith(creditsSnapshot(3, fresh))], text: '✕', color: BADGE_COLORS.rejected },
    { case: 'one failed read is not yet a failing account', states: [stateWith(paygSnapshot(20, fresh), error('timeout', 1)), stateWith(creditsSnapshot(5000, fresh))], text: '', color: BADGE_COLORS.lowest },
    { case: 'an account that keeps failing shows the grey glyph', states: [stateWith(paygSnapshot(20, fresh), error('server', 3)), stateWith(creditsSnapshot(5000, fresh))], text: '!', color: BADGE_COLORS.failing },
    { case: 'a low balance outranks a failing account', states: [stateWith(paygSnapshot(20, fresh), error('server', 5)), stateWith(creditsSnapshot(3, fresh))], text: '3', color: BADGE_COLORS.low },
    { case: 'a stale last value shows the stale mark', states: [stateWith(paygSnapshot(20, NOW - 16 * 60_000)), stateWith(creditsSnapshot(5000, fresh))], text: '?', color: BADGE_COLORS.stale },
    { case: 'a subscription getting close shows its quota percent, not its dollars', states: [stateWith({ ...cycleSnapshot(90, 600, fresh), remaining: 100 }), stateWith(creditsSnapshot(5000, fresh))], text: '15%', color: BADGE_COLORS.close },
    { case: 'an active subscription without fallback does not warn about its PAYG balance', states: [stateWith({ ...cycleSnapshot(500, 600, fresh), remaining: 0.95 }), stateWith(creditsSnapshot(5000, fresh))], text: '', color: BADGE_COLORS.lowest },
    { case: 'two low accounts: the one furthest under its own threshold wins, across units', states: [stateWith(paygSnapshot(4, fresh)), stateWith(creditsSnapshot(300, fresh))], text: '300', color: BADGE_COLORS.low },
    { case: 'out of credits (402) shows zero on red', states: [stateWith(paygSnapshot(20, fresh)), stateWith(creditsSnapshot(900, fresh), error('insufficient'))], text: '0', color: BADGE_COLORS.low },
  ])('$case', ({ states, text, color }) => {
    const assessments = [assess(work, states[0], NOW, 5), assess(batch, states[1], NOW, 5)];
    const badge = renderBadge(assessments, { showLowest: false, title: 'tip' });
    expect(badge).toMatchObject({ text, color, title: 'tip' });
    expect(badge.text.length).toBeLessThanOrEqual(4);
  });

  it('opt-in: shows the balance closest to its threshold while all is well', () => {
    const assessments = [
      assess(work, stateWith(paygSnapshot(50, fresh)), NOW, 5), // 10x its threshold
      assess(batch, stateWith(creditsSnapshot(2000, fresh)), NOW, 5), // 4x its threshold
    ];
    expect(renderBadge(assessments, { showLowest: true, title: '' })).toMatchObject({ text: '2k', color: BADGE_COLORS.lowest });
  });

  it('a paused account never reaches the badge, however low or stale its last value', () => {
    const paused = { ...work, paused: true as const };
    const assessments = [assess(paused, stateWith(paygSnapshot(0.1, NOW - 60 * 60_000), error('auth')), NOW, 5), assess(batch, stateWith(creditsSnapshot(5000, fresh)), NOW, 5)];
    expect(assessments[0]!.health).toBe('paused');
    expect(renderBadge(assessments, { showLowest: false, title: '' }).text).toBe('');
    expect(renderBadge(assessments, { showLowest: true, title: '' }).text).toBe('5k');
  });

  it('opt-in lowest: a subscriber without fallback shows its quota, not its irrelevant PAYG dollars', () => {
    const sub = makeAccount({ id: 's', name: 'Sub' });
    const assessments = [assess(sub, stateWith({ ...cycleSnapshot(3000, 5000, fresh), remaining: 0.95 }), NOW, 5)];
    expect(renderBadge(assessments, { showLowest: true, title: '' })).toMatchObject({ text: '60%', color: BADGE_COLORS.lowest });
  });

  it.each([
    { case: 'follows the worst account by default', follows: '', text: '3', color: BADGE_COLORS.low },
    { case: 'follows one chosen account: the other one being low does not light it', follows: 'w', text: '', color: BADGE_COLORS.lowest },
    { case: 'a chosen account that was removed: back to the worst', follows: 'gone', text: '3', color: BADGE_COLORS.low },
  ])('badge follows: $case', ({ follows, text, color }) => {
    const assessments = [assess(work, stateWith(paygSnapshot(20, fresh)), NOW, 5), assess(batch, stateWith(creditsSnapshot(3, fresh)), NOW, 5)];
    expect(renderBadge(assessments, { showLowest: false, title: '', follows })).toMatchObject({ text, color });
  });

  it('a forecast under a day, with the balance above its threshold: days on red', () => {
    const assessments = [assess(work, stateWith(paygSnapshot(20, fresh), { daysLeft: 0.5 }), NOW, 5)];
    expect(renderBadge(assessments, { showLowest: false, title: '' })).toMatchObject({ text: '0d', color: BADGE_COLORS.low });
  });

  it('a forecast under three days: days on amber', () => {
    const assessments = [assess(work, stateWith(paygSnapshot(20, fresh), { daysLeft: 2.5 }), NOW, 5)];
    expect(renderBadge(assessments, { showLowest: false, title: '' })).toMatchObject({ text: '2d', color: BADGE_COLORS.close });
  });

  it('no accounts: an empty badge', () => {
    expect(renderBadge([], { showLowest: true, title: 'x' }).text).toBe('');
  });
});

describe('renderBadge: a signed-in site (issue 20)', () => {
  const claude = makeAccount({ id: 'c', name: 'Claude Max', provider: 'claude' });
  const weekly = (usedPercent: number) => limitSnapshot([{ id: 'seven_day', kind: 'weekly', usedPercent, resetsAt: NOW + 86_400_000 * 3, windowMs: 7 * 86_400_000 }], fresh);
  it.each([
    { case: 'a window over the warning is the worst thing: its percent on red', state: stateWith(weekly(91.5)), text: '92%', color: BADGE_COLORS.low },
    { case: 'from 75% amber', state: stateWith(weekly(80)), text: '80%', color: BADGE_COLORS.close },
    { case: 'all well: quiet', state: stateWith(weekly(20)), text: '', color: BADGE_COLORS.lowest },
    { case: 'signed out: its own glyph', state: stateWith(weekly(20), { error: { kind: 'signed-out', message: '', at: NOW }, failures: 1 }), text: '⊘', color: BADGE_COLORS.rejected },
  ])('$case', ({ state, text, color }) => {
    const view = renderBadge([assess(claude, state, NOW, 5), assess(work, stateWith(paygSnapshot(20, fresh)), NOW, 5)], { showLowest: false, title: '' });
    expect([view.text, view.color]).toEqual([text, color]);
  });
});
