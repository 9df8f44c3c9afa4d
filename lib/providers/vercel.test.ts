import { describe, expect, it } from 'vitest';
import { errorOf, NOT_NUMBERS, NOW, readWith, snapshotOf, type FakeAnswer, itTurnsCommonErrorsIntoWords } from './harness';
import { read } from './vercel';

const BASE = 'https://ai-gateway.vercel.sh';
const PATH = '/v1/credits';
const readAnswer = (answer: FakeAnswer) => readWith(read, { [PATH]: answer }, { base: BASE });

describe('Vercel AI Gateway', () => {
  it.each([
    { name: 'reads the documented example (decimal strings)', body: { balance: '95.50', total_used: '4.50' }, remaining: 95.5, used: 4.5 },
    { name: 'reads plain numbers too', body: { balance: 12, total_used: 3 }, remaining: 12, used: 3 },
    { name: 'keeps the balance when total_used is missing', body: { balance: '1.25' }, remaining: 1.25, used: undefined },
    { name: 'keeps the balance when total_used is garbled', body: { balance: '1.25', total_used: '12,5' }, remaining: 1.25, used: undefined },
    { name: 'reads a negative balance as overdrawn', body: { balance: '-2.00', total_used: '102' }, remaining: -2, used: 102 },
  ])('$name', async ({ body, remaining, used }) => {
    const { result, calls } = await readAnswer({ body });
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({ provider: 'vercel', unit: 'USD', remaining, unlimited: false, readAt: NOW });
    expect(snapshot.used).toBe(used);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses balance $value as a number', async ({ value }) => {
    const { result } = await readAnswer({ body: { balance: value } });
    expect(errorOf(result, 'bad-response')).toContain('balance');
  });

  itTurnsCommonErrorsIntoWords(readAnswer);

  it('reads an error body sent with HTTP 200 as an error, not a balance', async () => {
    const { result } = await readAnswer({ body: { error: { message: 'Invalid API key', type: 'authentication_error' } } });
    expect(errorOf(result, 'auth')).toContain('Invalid API key');
  });
});
