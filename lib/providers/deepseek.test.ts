import { describe, expect, it } from 'vitest';
import { read } from './deepseek';
import { errorOf, NOT_NUMBERS, NOW, readWith, snapshotOf, type FakeAnswer, itTurnsCommonErrorsIntoWords } from './harness';

const BASE = 'https://api.deepseek.com';
const PATH = '/user/balance';
const readAnswer = (answer: FakeAnswer, options?: Record<string, string>) =>
  readWith(read, { [PATH]: answer }, { base: BASE, ...(options ? { options } : {}) });

const entry = (currency: string, total: unknown, granted?: unknown, toppedUp?: unknown) => ({
  currency,
  total_balance: total,
  ...(granted === undefined ? {} : { granted_balance: granted }),
  ...(toppedUp === undefined ? {} : { topped_up_balance: toppedUp }),
});
const BOTH = [entry('CNY', '110.00', '10.00', '100.00'), entry('USD', '15.50', '0.50', '15.00')];

describe('DeepSeek', () => {
  it.each([
    {
      name: 'reads the documented example (one CNY entry, decimal strings)',
      body: { is_available: true, balance_infos: [entry('CNY', '110.00', '10.00', '100.00')] },
      options: undefined,
      unit: 'CNY',
      remaining: 110,
      facts: [{ name: 'granted', value: 10 }, { name: 'toppedUp', value: 100 }],
    },
    {
      name: 'reads plain numbers too (older docs)',
      body: { is_available: true, balance_infos: [entry('USD', 12.5, 2, 10.5)] },
      options: undefined,
      unit: 'USD',
      remaining: 12.5,
      facts: [{ name: 'granted', value: 2 }, { name: 'toppedUp', value: 10.5 }],
    },
    {
      name: 'prefers USD when both are listed and nothing was picked',
      body: { is_available: true, balance_infos: BOTH },
      options: undefined,
      unit: 'USD',
      remaining: 15.5,
      facts: [{ name: 'granted', value: 0.5 }, { name: 'toppedUp', value: 15 }],
    },
    {
      name: 'reads the currency the user picked',
      body: { is_available: true, balance_infos: BOTH },
      options: { currency: 'CNY' },
      unit: 'CNY',
      remaining: 110,
      facts: [{ name: 'granted', value: 10 }, { name: 'toppedUp', value: 100 }],
    },
    {
      name: 'falls back to the first entry when the picked currency is not listed',
      body: { is_available: true, balance_infos: [entry('CNY', '3.00')] },
      options: { currency: 'USD' },
      unit: 'CNY',
      remaining: 3,
      facts: undefined,
    },
    {
      name: 'reads a garbled stored currency choice as the default (USD)',
      body: { is_available: true, balance_infos: BOTH },
      options: { currency: 'dollars!' },
      unit: 'USD',
      remaining: 15.5,
      facts: [{ name: 'granted', value: 0.5 }, { name: 'toppedUp', value: 15 }],
    },
    {
      name: 'reads an empty list as 0 in the picked currency',
      body: { is_available: false, balance_infos: [] },
      options: { currency: 'CNY' },
      unit: 'CNY',
      remaining: 0,
      facts: undefined,
    },
    {
      name: 'reads an empty list as 0 USD when nothing was picked',
      body: { is_available: false, balance_infos: [] },
      options: undefined,
      unit: 'USD',
      remaining: 0,
      facts: undefined,
    },
    {
      name: 'keeps the balance when the secondary figures are missing',
      body: { is_available: true, balance_infos: [entry('USD', '4.20')] },
      options: undefined,
      unit: 'USD',
      remaining: 4.2,
      facts: undefined,
    },
    {
      name: 'keeps the balance and drops a garbled secondary figure',
      body: { is_available: true, balance_infos: [entry('USD', '4.20', '12,5', '4.20')] },
      options: undefined,
      unit: 'USD',
      remaining: 4.2,
      facts: [{ name: 'toppedUp', value: 4.2 }],
    },
    {
      name: 'reads a negative balance as overdrawn',
      body: { is_available: false, balance_infos: [entry('USD', '-1.25')] },
      options: undefined,
      unit: 'USD',
      remaining: -1.25,
      facts: undefined,
    },
  ])('$name', async ({ body, options, unit, remaining, facts }) => {
    const { result, calls } = await readAnswer({ body }, options);
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({ provider: 'deepseek', unit, remaining, unlimited: false, readAt: NOW });
    expect(snapshot.facts).toEqual(facts);
    expect(snapshot.notes).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(BASE + PATH);
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it.each([
    { name: 'says a balance the API will not spend (is_available: false) is not usable', isAvailable: false, total: '5.00', notes: ['not-usable'] },
    { name: 'says nothing when the balance is usable', isAvailable: true, total: '5.00', notes: undefined },
    { name: 'says nothing of a zero balance that is not available (that is just empty)', isAvailable: false, total: '0.00', notes: undefined },
    { name: 'needs is_available to be exactly false', isAvailable: 'false', total: '5.00', notes: undefined },
  ])('$name', async ({ isAvailable, total, notes }) => {
    const { result } = await readAnswer({ body: { is_available: isAvailable, balance_infos: [entry('USD', total)] } });
    expect(snapshotOf(result).notes).toEqual(notes);
  });

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses total_balance $value as a number', async ({ value }) => {
    const { result } = await readAnswer({ body: { is_available: true, balance_infos: [entry('USD', value)] } });
    expect(errorOf(result, 'bad-response')).toContain('balance_infos.0.total_balance');
  });

  it.each([
    { name: 'balance_infos missing', body: { is_available: true }, field: 'balance_infos' },
    { name: 'balance_infos an object', body: { balance_infos: { currency: 'USD', total_balance: '1' } }, field: 'balance_infos' },
    { name: 'balance_infos a string', body: { balance_infos: '1.00' }, field: 'balance_infos' },
    { name: 'an entry that is not an object', body: { balance_infos: ['1.00'] }, field: 'balance_infos.0' },
    { name: 'a currency that is not a code', body: { balance_infos: [entry('usd', '1.00')] }, field: 'balance_infos.0.currency' },
    { name: 'a currency that is markup', body: { balance_infos: [entry('<b>US</b>', '1.00')] }, field: 'balance_infos.0.currency' },
    { name: 'a missing currency', body: { balance_infos: [{ total_balance: '1.00' }] }, field: 'balance_infos.0.currency' },
    { name: 'the chosen entry without total_balance', body: { balance_infos: [entry('CNY', '1'), { currency: 'USD' }] }, field: 'balance_infos.1.total_balance' },
    { name: 'a body that is a list', body: [], field: 'balance_infos' },
  ])('refuses $name, naming the field', async ({ body, field }) => {
    const { result } = await readAnswer({ body });
    expect(errorOf(result, 'bad-response')).toContain(field);
  });

  itTurnsCommonErrorsIntoWords(readAnswer);

  it('reads 402 as insufficient balance', async () => {
    const { result } = await readAnswer({ status: 402, body: { error: { message: 'Insufficient Balance' } } });
    expect(errorOf(result, 'insufficient')).toContain('Insufficient Balance');
  });

  it('reads an error body sent with HTTP 200 as an error, not a balance', async () => {
    const { result } = await readAnswer({ body: { error: { message: 'Authentication Fails, Your api key is invalid', type: 'authentication_error' } } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain('Authentication Fails');
  });
});
