import { beforeEach, describe, expect, it } from 'vitest';
import { forgetSessions, read } from './codex';
import { errorOf, NOW, readWith, snapshotOf, type Call, type FakeAnswer } from './harness';

// sessions.md §6.
const BASE = 'https://chatgpt.com';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3OTA3NzY4MDB9.fake-signature';
const SESSION = {
  user: { id: 'user-Ab12Cd34Ef56Gh78Ij90Kl12', name: 'Jane Doe', email: 'jane@example.com' },
  expires: '2026-12-19T14:00:00.000Z',
  account: { id: 'a3cc6d1b-2a1b-475b-9b94-54191484abb8' },
  accessToken: TOKEN,
  authProvider: 'auth0',
};
const USAGE = {
  plan_type: 'plus',
  rate_limit: {
    allowed: true,
    limit_reached: false,
    primary_window: { used_percent: 46, limit_window_seconds: 18000, reset_after_seconds: 9381, reset_at: 1789922181 },
    secondary_window: { used_percent: 15, limit_window_seconds: 604800, reset_after_seconds: 352201, reset_at: 1790265001 },
  },
  code_review_rate_limit: { allowed: true, limit_reached: false, primary_window: { used_percent: 0, limit_window_seconds: 604800, reset_after_seconds: 604800, reset_at: 1790517600 }, secondary_window: null },
  additional_rate_limits: null,
  credits: { has_credits: true, unlimited: false, overage_limit_reached: false, balance: '31.84' },
};
const UNAUTHORIZED: FakeAnswer = { status: 401, body: { detail: 'Unauthorized' } };

function readCodex(usage: FakeAnswer | ((call: Call) => FakeAnswer), session: FakeAnswer = { body: SESSION }) {
  return readWith(read, { '/api/auth/session': session, '/backend-api/wham/usage': usage }, { base: BASE, key: '' });
}

describe('ChatGPT Codex (signed in)', () => {
  beforeEach(() => forgetSessions());

  it('reads the example: windows named by their length, credits left, the plan and who is signed in', async () => {
    const { result, calls } = await readCodex({ body: USAGE });
    expect(snapshotOf(result)).toEqual({
      provider: 'codex',
      unit: 'credits',
      remaining: null,
      unlimited: false,
      signedIn: true,
      limits: [
        { id: 'five_hour', kind: 'session', usedPercent: 46, resetsAt: 1789922181000, windowMs: 18000_000 },
        { id: 'seven_day', kind: 'weekly', usedPercent: 15, resetsAt: 1790265001000, windowMs: 604800_000 },
        { id: 'code_review:seven_day', kind: 'weekly', scope: 'Code review', usedPercent: 0, resetsAt: 1790517600000, windowMs: 604800_000 },
      ],
      facts: [{ name: 'credits', value: 31.84 }],
      plan: 'Plus',
      org: 'jane@example.com',
      readAt: NOW,
    });
    // The session with the browser's cookie; the usage with the token it handed out, and the account.
    expect(calls.map((c) => [c.url, c.credentials, c.headers['authorization'], c.headers['chatgpt-account-id']])).toEqual([
      [`${BASE}/api/auth/session`, 'include', undefined, undefined],
      [`${BASE}/backend-api/wham/usage`, 'include', `Bearer ${TOKEN}`, 'a3cc6d1b-2a1b-475b-9b94-54191484abb8'],
    ]);
  });

  it('the weekly window in the primary slot is still weekly', async () => {
    const swapped = { rate_limit: { primary_window: USAGE.rate_limit.secondary_window, secondary_window: USAGE.rate_limit.primary_window } };
    const { result } = await readCodex({ body: swapped });
    expect(snapshotOf(result).limits?.map((l) => [l.id, l.usedPercent])).toEqual([
      ['seven_day', 15],
      ['five_hour', 46],
    ]);
  });

  it('keeps the token in memory for the next read: one session request for two reads', async () => {
    const first = await readCodex({ body: USAGE });
    const second = await readCodex({ body: USAGE });
    expect(first.calls.length + second.calls.length).toBe(3);
  });

  it('a token the site no longer takes: the session is asked once more, then the read goes on', async () => {
    await readCodex({ body: USAGE });
    let tries = 0;
    const { result, calls } = await readCodex(() => (++tries === 1 ? UNAUTHORIZED : { body: USAGE }));
    expect(snapshotOf(result).limits).toHaveLength(3);
    expect(calls.map((c) => c.url.slice(BASE.length))).toEqual(['/backend-api/wham/usage', '/api/auth/session', '/backend-api/wham/usage']);
  });

  it.each([
    { case: 'an empty session {} is signed out', session: { body: {} } },
    { case: 'a session without a token string is signed out', session: { body: { user: {}, accessToken: 42 } } },
    { case: 'a 401 on the session is signed out', session: UNAUTHORIZED },
  ])('$case, and usage is never asked', async ({ session }) => {
    const { result, calls } = await readCodex({ body: USAGE }, session);
    expect(errorOf(result, 'signed-out')).toBe('Not signed in to chatgpt.com');
    expect(calls).toHaveLength(1);
  });

  it('a token refused twice is a sign-out', async () => {
    const { result } = await readCodex(UNAUTHORIZED);
    errorOf(result, 'signed-out');
  });

  it('429 keeps its Retry-After; the token never appears in the words', async () => {
    const { result } = await readCodex({ status: 429, body: { detail: `Too many requests for ${TOKEN}` }, headers: { 'retry-after': '60' } });
    expect(errorOf(result, 'rate-limited')).not.toContain('fake-signature');
    expect(!result.ok && result.error.retryAt).toBe(NOW + 60_000);
  });

  it.each([
    { case: 'used_percent 140', window: { used_percent: 140, limit_window_seconds: 18000, reset_at: 1789922181 }, dropped: 'rate_limit.primary_window: used_percent: expected a percent from 0 to 100' },
    { case: 'a window length of 0', window: { used_percent: 5, limit_window_seconds: 0 }, dropped: 'rate_limit.primary_window: limit_window_seconds: expected a positive whole number of seconds' },
    { case: 'reset_at as text', window: { used_percent: 5, limit_window_seconds: 18000, reset_at: 'soon' }, dropped: 'rate_limit.primary_window: reset_at: expected unix seconds' },
  ])('drops a window with $case, keeps the other', async ({ window, dropped }) => {
    const { result } = await readCodex({ body: { rate_limit: { primary_window: window, secondary_window: USAGE.rate_limit.secondary_window } } });
    const s = snapshotOf(result);
    expect([s.limits?.map((l) => l.id), s.dropped]).toEqual([['seven_day'], [dropped]]);
  });

  it.each([
    { case: 'credits as a number', credits: { has_credits: true, unlimited: false, balance: 12 }, facts: [{ name: 'credits', value: 12 }] },
    { case: 'unlimited credits are no figure', credits: { has_credits: true, unlimited: true, balance: '0' }, facts: undefined },
    { case: 'a garbled balance is no figure', credits: { has_credits: true, unlimited: false, balance: '12,5' }, facts: undefined },
    { case: 'no credits', credits: null, facts: undefined },
  ])('$case', async ({ credits, facts }) => {
    const { result } = await readCodex({ body: { ...USAGE, credits } });
    expect(snapshotOf(result).facts).toEqual(facts);
  });

  it('per-model limits carry their name', async () => {
    const more = [{ limit_name: 'GPT-5 Codex', rate_limit: { primary_window: { used_percent: 70, limit_window_seconds: 18000, reset_at: 1789922181 } } }];
    const { result } = await readCodex({ body: { additional_rate_limits: more } });
    expect(snapshotOf(result).limits?.map((l) => [l.id, l.scope, l.usedPercent])).toEqual([['gpt-5_codex:five_hour', 'GPT-5 Codex', 70]]);
  });

  it('an answer with nothing to show is a bad answer', async () => {
    errorOf((await readCodex({ body: { plan_type: 'plus', rate_limit: null } })).result, 'bad-response');
  });
});

describe('ChatGPT Codex: the access token goes with its last account', () => {
  beforeEach(() => forgetSessions());
  it('a site kept keeps its token; a site no account reads any more forgets it', async () => {
    await readCodex({ body: USAGE });
    forgetSessions([BASE]);
    expect((await readCodex({ body: USAGE })).calls.map((c) => c.url.slice(BASE.length))).toEqual(['/backend-api/wham/usage']);
    forgetSessions([]);
    expect((await readCodex({ body: USAGE })).calls.map((c) => c.url.slice(BASE.length))).toEqual(['/api/auth/session', '/backend-api/wham/usage']);
  });
});
