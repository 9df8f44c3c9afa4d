import { describe, expect, it } from 'vitest';
import { read } from './anthropic-console';
import { errorOf, NOW, readWith, snapshotOf, type FakeAnswer } from './harness';

// sessions.md §4 and §6.
const BASE = 'https://platform.claude.com';
const API = '0e9d2b7c-3a4f-4b8e-8c1d-6f5e4a3b2c10';
const ORGS = [
  { uuid: '5b0c6a3e-1f2d-4c1a-9e7b-2a9f4c3d8e11', name: "jane@example.com's Organization", capabilities: ['claude_max', 'chat'] },
  { uuid: API, name: 'Jane API', capabilities: ['api'] },
];
const readConsole = (credits: FakeAnswer, orgs: FakeAnswer = { body: ORGS }) =>
  readWith(read, { '/api/organizations': orgs, [`/api/organizations/${API}/prepaid/credits`]: credits }, { base: BASE, key: '' });

describe('Anthropic Console (signed in)', () => {
  it('reads the API organisation prepaid balance: integer cents in dollars', async () => {
    const { result, calls } = await readConsole({ body: { amount: 963, currency: 'USD' } });
    expect(snapshotOf(result)).toEqual({ provider: 'anthropic-console', unit: 'USD', remaining: 9.63, unlimited: false, signedIn: true, org: 'Jane API', readAt: NOW });
    expect(calls.every((c) => c.credentials === 'include' && c.method === 'GET')).toBe(true);
  });

  it.each([
    { case: 'a string amount', body: { amount: '963' } },
    { case: 'a negative amount', body: { amount: -5 } },
    { case: 'no amount', body: {} },
  ])('refuses $case', async ({ body }) => {
    expect(errorOf((await readConsole({ body })).result, 'bad-response')).toContain('amount');
  });

  it('a login without an API organisation says so', async () => {
    expect(errorOf((await readConsole({ body: { amount: 1 } }, { body: [ORGS[0]] })).result, 'bad-response')).toContain('no API organisation');
  });

  it('the 403 envelope is a sign-out', async () => {
    const signedOut = { status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'Invalid authorization' } } };
    expect(errorOf((await readConsole({ body: {} }, signedOut)).result, 'signed-out')).toBe('Not signed in to platform.claude.com');
  });
});
