import { describe, expect, it } from 'vitest';
import { errorOf, NOT_NUMBERS, NOW, readWith, snapshotOf, type FakeAnswer, itTurnsCommonErrorsIntoWords } from './harness';
import { read } from './novita';

const BASE = 'https://api.novita.ai';
const PATH = '/openapi/v1/billing/balance/detail';
const readAnswer = (answer: FakeAnswer) => readWith(read, { [PATH]: answer }, { base: BASE });

describe('Novita AI', () => {
  it.each([
    {
      name: 'reads the documented example in 1/10000 USD',
      body: { availableBalance: '1000000', cashBalance: '800000', creditLimit: '200000', pendingCharges: '0', outstandingInvoices: '0' },
      remaining: 100,
      facts: [{ name: 'cash', value: 80 }, { name: 'creditLimit', value: 20 }, { name: 'pending', value: 0 }],
    },
    {
      name: 'reads plain numbers and fractions of a cent',
      body: { availableBalance: 12345, cashBalance: 12345, creditLimit: 0, pendingCharges: 5 },
      remaining: 1.2345,
      facts: [{ name: 'cash', value: 1.2345 }, { name: 'creditLimit', value: 0 }, { name: 'pending', value: 0.0005 }],
    },
    {
      name: 'reads a negative balance as overdrawn',
      body: { availableBalance: '-25000', cashBalance: '-25000' },
      remaining: -2.5,
      facts: [{ name: 'cash', value: -2.5 }],
    },
    {
      name: 'keeps the balance when the secondary figures are missing',
      body: { availableBalance: '50000' },
      remaining: 5,
      facts: undefined,
    },
    {
      name: 'keeps the balance and drops garbled secondary figures',
      body: { availableBalance: '50000', cashBalance: '12,5', creditLimit: 'NaN', pendingCharges: '10000' },
      remaining: 5,
      facts: [{ name: 'pending', value: 1 }],
    },
  ])('$name', async ({ body, remaining, facts }) => {
    const { result, calls } = await readAnswer({ body });
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({ provider: 'novita', unit: 'USD', remaining, unlimited: false, readAt: NOW });
    expect(snapshot.facts).toEqual(facts);
    expect(calls.map((c) => c.url)).toEqual([BASE + PATH]);
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses availableBalance $value as a number', async ({ value }) => {
    const { result } = await readAnswer({ body: { availableBalance: value, cashBalance: '1' } });
    expect(errorOf(result, 'bad-response')).toContain('availableBalance');
  });

  it.each([
    { name: 'availableBalance missing', body: { cashBalance: '800000' } },
    { name: 'a wrapped answer', body: { data: { availableBalance: '1000000' } } },
    { name: 'a list', body: [] },
  ])('refuses $name, naming the field', async ({ body }) => {
    const { result } = await readAnswer({ body });
    expect(errorOf(result, 'bad-response')).toContain('availableBalance: missing');
  });

  itTurnsCommonErrorsIntoWords(readAnswer);

  it('reads an error body sent with HTTP 200 as an error, not a balance', async () => {
    const { result } = await readAnswer({ body: { error: { message: 'Invalid API key' } } });
    expect(errorOf(result, 'auth')).toContain('Invalid API key');
  });
});
