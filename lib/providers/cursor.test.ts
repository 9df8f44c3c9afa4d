import { describe, expect, it } from 'vitest';
import { read } from './cursor';
import { errorOf, NOW, readWith, snapshotOf, type FakeAnswer } from './harness';

// sessions.md §6.
const BASE = 'https://cursor.com';
const SUMMARY = {
  billingCycleStart: '2026-09-05T08:12:44.000Z',
  billingCycleEnd: '2026-10-05T08:12:44.000Z',
  membershipType: 'pro',
  limitType: 'user',
  isUnlimited: false,
  individualUsage: {
    plan: { enabled: true, used: 760, limit: 2000, remaining: 1240, autoPercentUsed: 31.5, apiPercentUsed: 44.0, totalPercentUsed: 38.0 },
    onDemand: { enabled: true, used: 350, limit: 5000, remaining: 4650 },
  },
  teamUsage: {},
};
const START = Date.UTC(2026, 8, 5, 8, 12, 44);
const END = Date.UTC(2026, 9, 5, 8, 12, 44);
const readCursor = (answer: FakeAnswer) => readWith(read, { '/api/usage-summary': answer }, { base: BASE, key: '' });
const withPlan = (plan: Record<string, unknown>) => ({ ...SUMMARY, individualUsage: { plan } });

describe('Cursor (signed in)', () => {
  it('reads the example: the plan this cycle and on-demand spend of its limit, cents in dollars', async () => {
    const { result, calls } = await readCursor({ body: SUMMARY });
    expect(snapshotOf(result)).toEqual({
      provider: 'cursor',
      unit: 'USD',
      remaining: null,
      unlimited: false,
      signedIn: true,
      limits: [
        { id: 'plan', kind: 'monthly', usedPercent: 38, resetsAt: END, windowMs: END - START, used: 7.6, limit: 20 },
        { id: 'on_demand', kind: 'spend', usedPercent: 7, used: 3.5, limit: 50, resetsAt: END, windowMs: END - START },
      ],
      plan: 'Pro',
      readAt: NOW,
    });
    expect(calls.map((c) => [c.method, c.credentials])).toEqual([['GET', 'include']]);
  });

  it.each([
    { case: 'the mean of auto and API without a total', plan: { enabled: true, autoPercentUsed: 30, apiPercentUsed: 50 }, percent: 40 },
    { case: 'used of limit without any percent', plan: { enabled: true, used: 500, limit: 2000 }, percent: 25 },
  ])('the plan percent: $case', async ({ plan, percent }) => {
    const { result } = await readCursor({ body: withPlan(plan) });
    expect(snapshotOf(result).limits?.[0]?.usedPercent).toBe(percent);
  });

  it('a total over 100 drops the plan window with words', async () => {
    const { result } = await readCursor({ body: { ...SUMMARY, individualUsage: { ...SUMMARY.individualUsage, plan: { enabled: true, totalPercentUsed: 140 } } } });
    const s = snapshotOf(result);
    expect([s.limits?.map((l) => l.id), s.dropped]).toEqual([['on_demand'], ['individualUsage.plan: expected a percent from 0 to 100']]);
  });

  it('unlimited on-demand (a null limit) is nothing that can fill', async () => {
    const { result } = await readCursor({ body: { ...SUMMARY, individualUsage: { ...SUMMARY.individualUsage, onDemand: { enabled: true, used: 350, limit: null, remaining: null } } } });
    expect(snapshotOf(result).limits?.map((l) => l.id)).toEqual(['plan']);
  });

  it('a team pool is its own limit', async () => {
    const { result } = await readCursor({ body: { ...SUMMARY, teamUsage: { pooled: { enabled: true, used: 9000, limit: 10000, remaining: 1000 } } } });
    expect(snapshotOf(result).limits?.find((l) => l.id === 'team_pooled')).toMatchObject({ scope: 'Team pool', usedPercent: 90, used: 90, limit: 100 });
  });

  it('a cycle end that does not parse: the limits show without a reset time', async () => {
    const { result } = await readCursor({ body: { ...SUMMARY, billingCycleEnd: 'soon' } });
    expect(snapshotOf(result).limits?.[0]).toEqual({ id: 'plan', kind: 'monthly', usedPercent: 38, used: 7.6, limit: 20 });
  });

  it.each([
    { case: '401 not_authenticated is signed out', answer: { status: 401, body: { error: 'not_authenticated', description: 'The user does not have an active session or is not authenticated' } }, kind: 'signed-out' as const },
    { case: '403 is signed out too', answer: { status: 403, body: { error: 'forbidden' } }, kind: 'signed-out' as const },
    { case: 'an empty object is no reading', answer: { body: {} }, kind: 'bad-response' as const },
    { case: 'a bot check', answer: { status: 403, body: '<html>', headers: { 'content-type': 'text/html' } }, kind: 'bot-check' as const },
  ])('$case', async ({ answer, kind }) => {
    errorOf((await readCursor(answer)).result, kind);
  });
});
