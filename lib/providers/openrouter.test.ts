import { describe, expect, it } from 'vitest';
import { COMMON_ERRORS, errorOf, NOT_NUMBERS, NOW, readWith, snapshotOf, type FakeAnswer, itTurnsCommonErrorsIntoWords } from './harness';
import { read } from './openrouter';

const BASE = 'https://openrouter.ai';
const CREDITS = '/api/v1/credits';
const KEY_LIMIT = '/api/v1/key';
const MANAGEMENT_ONLY: FakeAnswer = { status: 403, body: { error: { code: 403, message: 'Only management keys can perform this operation' } } };
const keyBody = (data: Record<string, unknown>) => ({
  data: { label: 'sk-or-v1-abc...xyz', limit_reset: 'monthly', usage_daily: 1, is_free_tier: false, is_management_key: false, ...data },
});
const readCredits = (answer: FakeAnswer) => readWith(read, { [CREDITS]: answer }, { base: BASE });
const readKeyLimit = (answer: FakeAnswer) => readWith(read, { [CREDITS]: MANAGEMENT_ONLY, [KEY_LIMIT]: answer }, { base: BASE });
const readRemembered = (answer: FakeAnswer) => readWith(read, { [KEY_LIMIT]: answer }, { base: BASE, via: 'key' });

describe('OpenRouter account credits (management key)', () => {
  it.each([
    { name: 'reads the documented example: remaining = total_credits - total_usage', body: { data: { total_credits: 100.5, total_usage: 25.75 } }, remaining: 74.75, used: 25.75, total: 100.5 },
    { name: 'reads decimal strings too', body: { data: { total_credits: '10', total_usage: '2.5' } }, remaining: 7.5, used: 2.5, total: 10 },
    { name: 'reads usage past the credits as overdrawn, not as a bad response', body: { data: { total_credits: 10, total_usage: 12.5 } }, remaining: -2.5, used: 12.5, total: 10 },
    { name: 'reads a new account as 0', body: { data: { total_credits: 0, total_usage: 0 } }, remaining: 0, used: 0, total: 0 },
  ])('$name', async ({ body, remaining, used, total }) => {
    const { result, calls } = await readCredits({ body });
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({ provider: 'openrouter', unit: 'USD', remaining, used, total, unlimited: false, via: 'credits', readAt: NOW });
    expect(snapshot.notes).toBeUndefined();
    expect(calls.map((c) => c.url)).toEqual([BASE + CREDITS]);
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it.each(NOT_NUMBERS.flatMap((value) => [
    { field: 'data.total_credits', value, data: { total_credits: value, total_usage: 1 } },
    { field: 'data.total_usage', value, data: { total_credits: 1, total_usage: value } },
  ]))('refuses $field $value as a number', async ({ field, data }) => {
    const { result } = await readCredits({ body: { data } });
    expect(errorOf(result, 'bad-response')).toContain(field);
  });

  it.each([
    { name: 'data missing', body: { total_credits: 1, total_usage: 0 }, field: 'data.total_credits' },
    { name: 'total_usage missing (no guessing the usage)', body: { data: { total_credits: 5 } }, field: 'data.total_usage' },
  ])('refuses $name', async ({ body, field }) => {
    const { result } = await readCredits({ body });
    expect(errorOf(result, 'bad-response')).toContain(field);
  });

  it.each(COMMON_ERRORS)('$name', async ({ answer, kind, retryAt }) => {
    const { result, calls } = await readCredits(answer);
    errorOf(result, kind);
    if (retryAt) expect(!result.ok && result.error.retryAt).toBe(retryAt);
    // Only a 403 falls back to the key reading.
    expect(calls).toHaveLength(1);
  });

  it('reads an error body sent with HTTP 200 as an error, not a balance', async () => {
    const { result } = await readCredits({ body: { error: { code: 401, message: 'Invalid API key' } } });
    expect(errorOf(result, 'auth')).toContain('Invalid API key');
  });

  it('reads 402 as insufficient credits', async () => {
    const { result } = await readCredits({ status: 402, body: { error: { code: 402, message: 'Insufficient credits' } } });
    errorOf(result, 'insufficient');
  });
});

describe('OpenRouter key limit (an ordinary key)', () => {
  it.each([
    {
      name: 'reads the key limit after the documented 403, saying why',
      data: { limit: 100, limit_remaining: 74.5, usage: 25.5 },
      expected: { remaining: 74.5, used: 25.5, total: 100 },
      notes: ['key-limit-only'],
    },
    {
      name: 'reads limit_remaining null as "no key limit": not $0 and not unlimited',
      data: { limit: null, limit_remaining: null, usage: 25.5 },
      expected: { remaining: null, used: 25.5, total: null },
      notes: ['key-limit-only', 'no-key-limit'],
    },
    {
      name: 'reads decimal strings too',
      data: { limit: '20', limit_remaining: '0.25', usage: '19.75' },
      expected: { remaining: 0.25, used: 19.75, total: 20 },
      notes: ['key-limit-only'],
    },
    {
      name: 'reads a key past its limit as overdrawn',
      data: { limit: 10, limit_remaining: -0.5, usage: 10.5 },
      expected: { remaining: -0.5, used: 10.5, total: 10 },
      notes: ['key-limit-only'],
    },
    {
      name: 'keeps the limit when usage is missing',
      data: { limit: 10, limit_remaining: 4 },
      expected: { remaining: 4, used: undefined, total: 10 },
      notes: ['key-limit-only'],
    },
    {
      name: 'keeps the limit when usage and limit are garbled',
      data: { limit: 'lots', limit_remaining: 4, usage: '12,5' },
      expected: { remaining: 4, used: undefined, total: undefined },
      notes: ['key-limit-only'],
    },
  ])('$name', async ({ data, expected, notes }) => {
    const { result, calls } = await readKeyLimit({ body: keyBody(data) });
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({ provider: 'openrouter', unit: 'USD', remaining: expected.remaining, unlimited: false, via: 'key', readAt: NOW });
    expect(snapshot.used).toBe(expected.used);
    expect(snapshot.total).toBe(expected.total);
    expect(snapshot.notes).toEqual(notes);
    expect(calls.map((c) => c.url)).toEqual([BASE + CREDITS, BASE + KEY_LIMIT]);
    for (const call of calls) expect(call.headers['authorization']).toMatch(/^Bearer /);
  });

  it('makes exactly one request, to the key reading, once via "key" is remembered', async () => {
    const { result, calls } = await readRemembered({ body: keyBody({ limit: 100, limit_remaining: 74.5, usage: 25.5 }) });
    expect(snapshotOf(result)).toMatchObject({ remaining: 74.5, via: 'key', notes: ['key-limit-only'] });
    expect(calls.map((c) => c.url)).toEqual([BASE + KEY_LIMIT]);
  });

  it('tries the account credits first when via says "credits"', async () => {
    const { result, calls } = await readWith(read, { [CREDITS]: { body: { data: { total_credits: 3, total_usage: 1 } } } }, { base: BASE, via: 'credits' });
    expect(snapshotOf(result)).toMatchObject({ remaining: 2, via: 'credits' });
    expect(calls).toHaveLength(1);
  });

  it('does not fall back on a 401 from the credits: a rejected key is a rejected key', async () => {
    const { result, calls } = await readWith(
      read,
      { [CREDITS]: { status: 401, body: { error: { code: 401, message: 'No auth credentials found' } } }, [KEY_LIMIT]: { body: keyBody({ limit: 1, limit_remaining: 1, usage: 0 }) } },
      { base: BASE },
    );
    errorOf(result, 'auth');
    expect(calls).toHaveLength(1);
  });

  it.each([
    { name: 'limit_remaining missing is not "no limit"', data: { limit: 10, usage: 1 }, field: 'data.limit_remaining' },
    { name: 'no key limit needs a readable usage', data: { limit: null, limit_remaining: null, usage: 'a lot' }, field: 'data.usage' },
    { name: 'data missing', data: undefined, field: 'data.limit_remaining' },
    ...NOT_NUMBERS.map((value) => ({ name: `limit_remaining ${JSON.stringify(value)}`, data: { limit: 10, limit_remaining: value, usage: 1 }, field: 'data.limit_remaining' })),
  ])('refuses $name', async ({ data, field }) => {
    const { result } = await readKeyLimit({ body: data === undefined ? {} : keyBody(data) });
    expect(errorOf(result, 'bad-response')).toContain(field);
  });

  itTurnsCommonErrorsIntoWords((answer) => readKeyLimit(answer), 'key reading: ');

  it.each([
    { name: 'after the fallback', run: readKeyLimit },
    { name: 'when remembered', run: readRemembered },
  ])('key reading $name: an error body sent with HTTP 200 is an error', async ({ run }) => {
    const { result } = await run({ body: { error: { code: 401, message: 'Invalid API key' } } });
    expect(errorOf(result, 'auth')).toContain('Invalid API key');
  });

  it('a 403 from the key reading too is a rejected key, with no third request', async () => {
    const { result, calls } = await readKeyLimit({ status: 403, body: { error: { code: 403, message: 'Key disabled' } } });
    expect(errorOf(result, 'auth')).toContain('Key disabled');
    expect(calls).toHaveLength(2);
  });
});
