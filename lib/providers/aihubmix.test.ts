import { describe, expect, it } from 'vitest';
import { read } from './aihubmix';
import { errorOf, NOT_NUMBERS, NOW, readWith, snapshotOf, type FakeAnswer, itTurnsCommonErrorsIntoWords } from './harness';

const BASE = 'https://aihubmix.com';
const PATH = '/dashboard/billing/remain';
const readAnswer = (answer: FakeAnswer) => readWith(read, { [PATH]: answer }, { base: BASE });

describe('AIHubMix', () => {
  it.each([
    { name: 'reads total_usage as the REMAINING USD (observed shape)', body: { total_usage: 5.25 }, remaining: 5.25, unlimited: false },
    { name: 'reads the wrapped shape too', body: { data: { total_usage: 5.25 } }, remaining: 5.25, unlimited: false },
    { name: 'reads a decimal string', body: { total_usage: '0.75' }, remaining: 0.75, unlimited: false },
    { name: 'reads 0 as empty, not unlimited', body: { total_usage: 0 }, remaining: 0, unlimited: false },
    { name: 'reads -1 as unlimited, never as a balance', body: { total_usage: -1 }, remaining: null, unlimited: true },
    { name: 'reads -0.000002 as unlimited', body: { total_usage: -0.000002 }, remaining: null, unlimited: true },
    { name: 'reads a wrapped -1 as unlimited', body: { data: { total_usage: '-1' } }, remaining: null, unlimited: true },
    { name: 'prefers the top-level figure when both are sent', body: { total_usage: 2, data: { total_usage: 9 } }, remaining: 2, unlimited: false },
  ])('$name', async ({ body, remaining, unlimited }) => {
    const { result, calls } = await readAnswer({ body });
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({ provider: 'aihubmix', unit: 'USD', remaining, unlimited, readAt: NOW });
    expect(snapshot.total).toBe(unlimited ? null : undefined);
    expect(calls.map((c) => c.url)).toEqual([BASE + PATH]);
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it.each([
    { name: 'HTTP 200, "quota exhausted"', answer: { body: { error: { message: 'quota exhausted', type: 'aihubmix_error' } } } },
    { name: 'HTTP 200, "insufficient quota"', answer: { body: { error: { message: 'insufficient quota' } } } },
    { name: 'HTTP 200, insufficient_quota', answer: { body: { error: { message: 'insufficient_quota' } } } },
    { name: 'HTTP 200, one-api "额度已用尽"', answer: { body: { error: { message: '该令牌额度已用尽', type: 'one_api_error' } } } },
    { name: 'HTTP 200, success: false with the words', answer: { body: { success: false, message: 'token quota is exhausted' } } },
    { name: 'HTTP 401, new-api "额度已用尽" with a masked key', answer: { status: 401, body: { error: { message: '该令牌额度已用尽 TokenStatusExhausted[sk-abc***xyz]' } } } },
    { name: 'HTTP 403, "quota has been used up"', answer: { status: 403, body: { error: { message: 'Your quota has been used up' } } } },
    { name: 'HTTP 429, "exceeded your current quota"', answer: { status: 429, body: { error: { message: 'You exceeded your current quota' } } } },
    { name: 'HTTP 402, "用户额度不足"', answer: { status: 402, body: { error: { message: '用户额度不足' } } } },
  ])('reads an exhausted quota as a balance of 0: $name', async ({ answer }) => {
    const { result } = await readAnswer(answer);
    expect(snapshotOf(result)).toEqual({ provider: 'aihubmix', unit: 'USD', remaining: 0, unlimited: false, readAt: NOW });
  });

  it.each([
    { name: 'a 5xx mentioning the quota is still a server error', answer: { status: 500, body: { error: { message: 'quota service exhausted' } } }, kind: 'server' },
    { name: 'a 402 without words is still insufficient', answer: { status: 402, body: '' }, kind: 'insufficient' },
    { name: 'a quota word alone is no exhausted quota', answer: { status: 400, body: { error: { message: 'invalid quota request' } } }, kind: 'bad-response' },
    { name: 'HTTP 200 with a rejected key', answer: { body: { error: { message: 'Invalid token' } } }, kind: 'auth' },
  ] as const)('$name', async ({ answer, kind }) => {
    const { result } = await readAnswer(answer);
    errorOf(result, kind);
  });

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses total_usage $value as a number', async ({ value }) => {
    const { result } = await readAnswer({ body: { total_usage: value } });
    expect(errorOf(result, 'bad-response')).toContain('total_usage');
  });

  it.each([
    { name: 'no figure at all', body: { object: 'list' }, field: 'data.total_usage: missing' },
    { name: 'a garbled wrapped figure', body: { data: { total_usage: '12,5' } }, field: 'data.total_usage' },
    { name: 'a top-level null (not unlimited)', body: { total_usage: null }, field: 'total_usage' },
  ])('refuses $name, naming the field', async ({ body, field }) => {
    const { result } = await readAnswer({ body });
    expect(errorOf(result, 'bad-response')).toContain(field);
  });

  itTurnsCommonErrorsIntoWords(readAnswer);
});
