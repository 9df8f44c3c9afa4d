import { describe, expect, it } from 'vitest';
import { errorOf, NOT_NUMBERS, NOW, readWith, snapshotOf, type FakeAnswer, itTurnsCommonErrorsIntoWords } from './harness';
import { read } from './poe';

const BASE = 'https://api.poe.com';
const PATH = '/usage/current_balance';
const readAnswer = (answer: FakeAnswer) => readWith(read, { [PATH]: answer }, { base: BASE });

describe('Poe', () => {
  it.each([
    { name: 'reads the documented example in points, not money', body: { current_point_balance: 1500 }, remaining: 1500 },
    { name: 'reads a decimal string too', body: { current_point_balance: '2500000' }, remaining: 2_500_000 },
    { name: 'reads no points left as 0', body: { current_point_balance: 0 }, remaining: 0 },
    { name: 'reads a negative balance as overdrawn', body: { current_point_balance: -20 }, remaining: -20 },
    { name: 'ignores fields it does not know', body: { current_point_balance: 10, plan: 'x' }, remaining: 10 },
  ])('$name', async ({ body, remaining }) => {
    const { result, calls } = await readAnswer({ body });
    expect(snapshotOf(result)).toEqual({ provider: 'poe', unit: 'points', remaining, unlimited: false, readAt: NOW });
    expect(calls.map((c) => c.url)).toEqual([BASE + PATH]);
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses current_point_balance $value as a number', async ({ value }) => {
    const { result } = await readAnswer({ body: { current_point_balance: value } });
    expect(errorOf(result, 'bad-response')).toContain('current_point_balance');
  });

  it('refuses an answer without current_point_balance, naming the field', async () => {
    const { result } = await readAnswer({ body: { points: 1500 } });
    expect(errorOf(result, 'bad-response')).toContain('current_point_balance: missing');
  });

  itTurnsCommonErrorsIntoWords(readAnswer);

  it('reads 402 as out of points', async () => {
    const { result } = await readAnswer({ status: 402, body: { error: { message: 'Insufficient points' } } });
    expect(errorOf(result, 'insufficient')).toContain('Insufficient points');
  });

  it('reads an error body sent with HTTP 200 as an error, not a balance', async () => {
    const { result } = await readAnswer({ body: { error: { message: 'Invalid API key' } } });
    expect(errorOf(result, 'auth')).toContain('Invalid API key');
  });
});
