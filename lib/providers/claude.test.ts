import { describe, expect, it } from 'vitest';
import { read } from './claude';
import { errorOf, NOW, readWith, snapshotOf, type FakeAnswer } from './harness';

// sessions.md §6: the fake's examples ("now" there is 2026-09-20T14:00:00Z).
const BASE = 'https://claude.ai';
const MAX = '5b0c6a3e-1f2d-4c1a-9e7b-2a9f4c3d8e11';
const API = '0e9d2b7c-3a4f-4b8e-8c1d-6f5e4a3b2c10';
const ORGS = [
  { uuid: MAX, name: "jane@example.com's Organization", capabilities: ['claude_max', 'chat'], rate_limit_tier: 'default_claude_max_5x', billing_type: 'stripe_subscription', raven_type: null },
  { uuid: API, name: 'Jane API', capabilities: ['api'], rate_limit_tier: 'auto_api_evaluation', billing_type: null, raven_type: null },
];
const USAGE = {
  five_hour: { utilization: 42.0, resets_at: '2026-09-20T16:00:00.512331+00:00' },
  seven_day: { utilization: 18.0, resets_at: '2026-09-24T09:00:00.512354+00:00' },
  seven_day_oauth_apps: null,
  seven_day_opus: null,
  seven_day_sonnet: { utilization: 7.0, resets_at: '2026-09-24T09:00:00.512371+00:00' },
  seven_day_cowork: { utilization: 0.0, resets_at: null },
  extra_usage: { is_enabled: true, monthly_limit: 5000, used_credits: 1250, utilization: 25.0, currency: 'USD' },
};
const SIGNED_OUT: FakeAnswer = {
  status: 403,
  body: { type: 'error', error: { type: 'permission_error', message: 'Invalid authorization', details: { error_code: 'account_session_invalid', error_visibility: 'user_facing' } }, request_id: null },
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function readClaude(usage: unknown, o: { orgs?: unknown; options?: Record<string, string>; prepaid?: FakeAnswer } = {}) {
  return readWith(
    read,
    {
      '/api/organizations': { body: o.orgs ?? ORGS },
      [`/api/organizations/${MAX}/usage`]: { body: usage },
      [`/api/organizations/${MAX}/prepaid/credits`]: o.prepaid ?? { body: { amount: 3750, currency: 'USD' } },
    },
    { base: BASE, key: '', ...(o.options ? { options: o.options } : {}) },
  );
}

describe('Claude (signed in)', () => {
  it("reads the example: every window, the plan and organisation, extra usage in dollars, prepaid credits", async () => {
    const { result, calls } = await readClaude(USAGE);
    expect(snapshotOf(result)).toEqual({
      provider: 'claude',
      unit: 'USD',
      remaining: null,
      unlimited: false,
      signedIn: true,
      limits: [
        { id: 'five_hour', kind: 'session', usedPercent: 42, resetsAt: Date.UTC(2026, 8, 20, 16, 0, 0, 512), windowMs: 5 * HOUR },
        { id: 'seven_day', kind: 'weekly', usedPercent: 18, resetsAt: Date.UTC(2026, 8, 24, 9, 0, 0, 512), windowMs: 7 * DAY },
        { id: 'seven_day_sonnet', kind: 'weekly', scope: 'Sonnet', usedPercent: 7, resetsAt: Date.UTC(2026, 8, 24, 9, 0, 0, 512), windowMs: 7 * DAY },
        // Not started: no reset time, never "resets now".
        { id: 'seven_day_cowork', kind: 'weekly', scope: 'Cowork', usedPercent: 0, resetsAt: null, windowMs: 7 * DAY },
        { id: 'extra_usage', kind: 'spend', usedPercent: 25, used: 12.5, limit: 50 },
      ],
      facts: [{ name: 'prepaid', value: 37.5 }],
      plan: 'Max 5x',
      org: "jane@example.com's Organization",
      via: `org:${MAX}`,
      readAt: NOW,
    });
    // GET only, the browser's own cookie, no key or credential of ours in any header.
    expect(calls.map((c) => [c.method, c.credentials, c.headers['authorization'], c.headers['cookie']])).toEqual(
      calls.map(() => ['GET', 'include', undefined, undefined]),
    );
  });

  it.each([
    { case: 'a percent over 100 drops that window with words', window: { utilization: 140, resets_at: null }, dropped: 'seven_day: utilization: expected a percent from 0 to 100' },
    { case: 'a negative percent too', window: { utilization: -1, resets_at: null }, dropped: 'seven_day: utilization: expected a percent from 0 to 100' },
    { case: 'a percent as a string too', window: { utilization: '50', resets_at: null }, dropped: 'seven_day: utilization: expected a percent from 0 to 100' },
    { case: 'a date that does not parse', window: { utilization: 5, resets_at: 'next Tuesday' }, dropped: 'seven_day: resets_at: expected an ISO 8601 date' },
    { case: 'a window of the wrong shape', window: [1, 2], dropped: 'seven_day: expected an object' },
  ])('$case; the others still show', async ({ window, dropped }) => {
    const { result } = await readClaude({ five_hour: USAGE.five_hour, seven_day: window });
    const s = snapshotOf(result);
    expect(s.limits?.map((l) => l.id)).toEqual(['five_hour']);
    expect(s.dropped).toEqual([dropped]);
  });

  it.each([
    { case: 'a Z date with microseconds', at: '2026-09-20T16:00:00.123456Z', ms: Date.UTC(2026, 8, 20, 16, 0, 0, 123) },
    { case: 'an offset other than UTC', at: '2026-09-20T18:00:00+02:00', ms: Date.UTC(2026, 8, 20, 16) },
    { case: 'an integer utilization', at: '2026-09-20T16:00:00Z', ms: Date.UTC(2026, 8, 20, 16) },
  ])('reads $case', async ({ at, ms }) => {
    const { result } = await readClaude({ five_hour: { utilization: 3, resets_at: at } });
    expect(snapshotOf(result).limits).toEqual([{ id: 'five_hour', kind: 'session', usedPercent: 3, resetsAt: ms, windowMs: 5 * HOUR }]);
  });

  it('shows a new seven_day_* window by a name made from its key', async () => {
    const { result } = await readClaude({ seven_day_oauth_apps: { utilization: 12.5, resets_at: null }, seven_day_new_thing: { utilization: 1, resets_at: null } });
    expect(snapshotOf(result).limits?.map((l) => [l.id, l.scope])).toEqual([
      ['seven_day_oauth_apps', 'OAuth apps'],
      ['seven_day_new_thing', 'New thing'],
    ]);
  });

  it('prefers the newer limits array for per-model windows', async () => {
    const limits = [
      { kind: 'weekly_scoped', group: 'weekly', percent: 61, resets_at: '2026-09-24T09:00:00Z', scope: { model: { id: 'claude-opus', display_name: 'Opus' } }, is_active: true },
      { kind: 'session', group: 'session', percent: 42, resets_at: null, scope: null, is_active: true },
    ];
    const { result } = await readClaude({ five_hour: USAGE.five_hour, seven_day_sonnet: USAGE.seven_day_sonnet, limits });
    expect(snapshotOf(result).limits?.map((l) => [l.id, l.scope, l.usedPercent])).toEqual([
      ['five_hour', undefined, 42],
      ['weekly:claude-opus', 'Opus', 61],
    ]);
  });

  it('every window unreadable is no reading: the last good one stays, and the words say why', async () => {
    const { result } = await readClaude({ five_hour: { utilization: '42', resets_at: null }, seven_day: { utilization: 140, resets_at: null } });
    expect(errorOf(result, 'bad-response')).toContain('five_hour: utilization: expected a percent from 0 to 100');
  });

  it('an empty limits array does not hide the per-model windows; a model without an id gets one from its name', async () => {
    const limits = [{ kind: 'weekly_scoped', percent: 5, resets_at: null, scope: { model: { display_name: 'Claude Opus 4' } } }];
    const { result } = await readClaude({ seven_day_sonnet: USAGE.seven_day_sonnet, limits: [] });
    expect(snapshotOf(result).limits?.map((l) => l.id)).toEqual(['seven_day_sonnet']);
    const named = await readClaude({ five_hour: USAGE.five_hour, limits });
    expect(snapshotOf(named.result).limits?.map((l) => l.id)).toEqual(['five_hour', 'weekly:claude-opus-4']);
  });

  it.each([
    { case: 'an empty object is no reading', usage: {} },
    { case: 'an array is no reading', usage: [] },
    { case: 'only null windows is no reading', usage: { five_hour: null, seven_day: null } },
  ])('$case', async ({ usage }) => {
    const { result } = await readClaude(usage);
    errorOf(result, 'bad-response');
  });

  it('extra usage turned off: no spend limit, no prepaid request', async () => {
    const { result, calls } = await readClaude({ ...USAGE, extra_usage: { is_enabled: false, monthly_limit: 5000, used_credits: 0, utilization: 0 } });
    expect(snapshotOf(result).limits?.some((l) => l.id === 'extra_usage')).toBe(false);
    expect(calls.some((c) => c.url.endsWith('/prepaid/credits'))).toBe(false);
  });

  it('extra usage in cents without a percent: the percent from the amounts; another currency kept', async () => {
    const { result } = await readClaude({ extra_usage: { is_enabled: true, monthly_limit: 2000, used_credits: 500, currency: 'EUR' } });
    const s = snapshotOf(result);
    expect([s.unit, s.limits]).toEqual(['EUR', [{ id: 'extra_usage', kind: 'spend', usedPercent: 25, used: 5, limit: 20 }]]);
  });

  it.each([
    { case: 'a string balance', body: { amount: '3750' } },
    { case: 'a fraction of a cent', body: { amount: 37.5 } },
    { case: 'an error', status: 500, body: { error: 'x' } },
  ])('prepaid credits as $case are left out, the windows stay', async ({ body, status }) => {
    const { result } = await readClaude(USAGE, { prepaid: { status: status ?? 200, body } });
    const s = snapshotOf(result);
    expect([s.facts, s.limits?.length]).toEqual([undefined, 5]);
  });

  it.each([
    { case: 'Pro', org: { capabilities: ['claude_pro', 'chat'] }, plan: 'Pro' },
    { case: 'Max 20x', org: { capabilities: ['claude_max', 'chat'], rate_limit_tier: 'default_claude_max_20x' }, plan: 'Max 20x' },
    { case: 'Team', org: { capabilities: ['chat'], raven_type: 'team' }, plan: 'Team' },
    { case: 'Free', org: { capabilities: ['chat'] }, plan: 'Free' },
  ])('names the plan: $case', async ({ org, plan }) => {
    const { result } = await readClaude(USAGE, { orgs: [{ uuid: MAX, name: 'Org', ...org }] });
    expect(snapshotOf(result).plan).toBe(plan);
  });

  it('reads the organisation chosen for the account', async () => {
    const TEAM = 'aaaaaaaa-1111-2222-3333-444444444444';
    const orgs = [...ORGS, { uuid: TEAM, name: 'Acme Team', capabilities: ['chat'], raven_type: 'team' }];
    const { result, calls } = await readWith(
      read,
      { '/api/organizations': { body: orgs }, [`/api/organizations/${TEAM}/usage`]: { body: { five_hour: USAGE.five_hour } } },
      { base: BASE, key: '', options: { org: TEAM } },
    );
    expect([snapshotOf(result).org, snapshotOf(result).plan]).toEqual(['Acme Team', 'Team']);
    expect(calls.map((c) => c.url)).toContain(`${BASE}/api/organizations/${TEAM}/usage`);
  });

  it('an organisation chosen before and gone now: the default one is read, and it says so', async () => {
    const { result } = await readClaude(USAGE, { options: { org: 'ffffffff-0000-0000-0000-000000000000' } });
    expect([snapshotOf(result).org, snapshotOf(result).notes]).toEqual(["jane@example.com's Organization", ['org-gone']]);
  });

  it.each<{ case: string; answer: FakeAnswer; kind: 'signed-out' | 'bot-check' | 'rate-limited' }>([
    { case: 'the 403 session-invalid envelope is a sign-out, not a rejected key', answer: SIGNED_OUT, kind: 'signed-out' as const },
    { case: '401 authentication_error too', answer: { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'x' } } }, kind: 'signed-out' as const },
    { case: 'a redirect to the login page too', answer: { status: 302, body: '', headers: { location: '/login' } }, kind: 'signed-out' as const },
    {
      case: 'a Cloudflare challenge is a bot check, not a sign-out',
      answer: { status: 403, body: '<!DOCTYPE html><title>Just a moment...</title>', headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' } },
      kind: 'bot-check' as const,
    },
    { case: 'an HTML 503 is a bot check', answer: { status: 503, body: '<html>wait</html>', headers: { 'content-type': 'text/html' } }, kind: 'bot-check' as const },
    {
      case: '429 keeps its Retry-After',
      answer: { status: 429, body: { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited. Please try again later.' } }, headers: { 'retry-after': '120' } },
      kind: 'rate-limited' as const,
    },
  ])('$case', async ({ answer, kind }) => {
    const { result } = await readWith(read, { '/api/organizations': answer }, { base: BASE, key: '' });
    errorOf(result, kind);
    if (!result.ok && kind !== 'rate-limited') expect(result.error.site).toBe('claude.ai');
    if (!result.ok && kind === 'rate-limited') expect(result.error.retryAt).toBe(NOW + 120_000);
  });

  it('a sign-out on the usage request is a sign-out too', async () => {
    const { result } = await readWith(read, { '/api/organizations': { body: ORGS }, [`/api/organizations/${MAX}/usage`]: SIGNED_OUT }, { base: BASE, key: '' });
    expect(errorOf(result, 'signed-out')).toBe('Not signed in to claude.ai');
  });

  it('an organisation list with only broken entries is a bad answer; an API-only login still picks one', async () => {
    errorOf((await readClaude(USAGE, { orgs: [{ name: 'no uuid' }, 'x'] })).result, 'bad-response');
    const { result } = await readWith(
      read,
      { '/api/organizations': { body: [ORGS[1]] }, [`/api/organizations/${API}/usage`]: { body: { five_hour: USAGE.five_hour } } },
      { base: BASE, key: '' },
    );
    expect(snapshotOf(result).org).toBe('Jane API');
  });

  it('server text is cut and cleaned before it is kept (an organisation name is shown as text)', async () => {
    const { result } = await readClaude(USAGE, { orgs: [{ ...ORGS[0], name: `<img src=x>\u202e${'x'.repeat(200)}` }] });
    const org = snapshotOf(result).org!;
    expect(org.length).toBeLessThanOrEqual(60);
    expect(org).not.toContain('\u202e');
  });
});

describe('Claude (signed in): an organisation this login may no longer read (sessions.md §1.4)', () => {
  const TEAM = 'aaaaaaaa-1111-2222-3333-444444444444';
  const orgs = [...ORGS, { uuid: TEAM, name: 'Acme Team', capabilities: ['chat'], raven_type: 'team' }];
  const denied: FakeAnswer = { status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'Invalid authorization for organization' } } };

  it('reads the default one instead, and says so', async () => {
    const { result } = await readWith(
      read,
      { '/api/organizations': { body: orgs }, [`/api/organizations/${TEAM}/usage`]: denied, [`/api/organizations/${MAX}/usage`]: { body: { five_hour: USAGE.five_hour } } },
      { base: BASE, key: '', options: { org: TEAM } },
    );
    const s = snapshotOf(result);
    expect([s.org, s.notes]).toEqual(["jane@example.com's Organization", ['org-gone']]);
  });

  it('the default one denied too: not signed in for it', async () => {
    const { result } = await readWith(read, { '/api/organizations': { body: ORGS }, [`/api/organizations/${MAX}/usage`]: denied }, { base: BASE, key: '' });
    expect(errorOf(result, 'signed-out')).toContain("jane@example.com's Organization");
  });
});
