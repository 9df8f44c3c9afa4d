import { describe, expect, it } from 'vitest';
import { checkBalanceField, checkDivisor, checkPath, checkUnit, info, read } from './custom';
import { errorOf, NOT_NUMBERS, NOW, readWith, snapshotOf, type FakeAnswer, itTurnsCommonErrorsIntoWords } from './harness';

const BASE = 'https://gateway.example.com/prefix';
const OPTIONS = { path: '/v1/balance', balanceField: 'data.0.balance', divisor: '', unit: 'USD', header: 'Authorization: Bearer' };
const readAnswer = (answer: FakeAnswer, options: Record<string, string> = {}) =>
  readWith(read, { [options['path'] ?? OPTIONS.path]: answer }, { base: BASE, options: { ...OPTIONS, ...options } });

describe('Custom endpoint', () => {
  it.each<{ name: string; body: unknown; options: Record<string, string>; remaining: number; unit: string }>([
    { name: 'reads data.0.balance', body: { data: [{ balance: 12.5 }] }, options: {}, remaining: 12.5, unit: 'USD' },
    {
      name: 'reads a nested field',
      body: { result: { wallet: { remaining: 7 } } },
      options: { balanceField: 'result.wallet.remaining' },
      remaining: 7,
      unit: 'USD',
    },
    { name: 'reads a decimal string', body: { balance: '110.00' }, options: { balanceField: 'balance' }, remaining: 110, unit: 'USD' },
    {
      name: 'divides by 10000',
      body: { availableBalance: '1000000' },
      options: { balanceField: 'availableBalance', divisor: '10000' },
      remaining: 100,
      unit: 'USD',
    },
    { name: 'divides by a decimal divisor', body: { b: 5 }, options: { balanceField: 'b', divisor: '0.5' }, remaining: 10, unit: 'USD' },
    { name: 'keeps a named unit', body: { points: 1500 }, options: { balanceField: 'points', unit: 'points' }, remaining: 1500, unit: 'points' },
    { name: 'keeps another currency', body: { b: '-3.5' }, options: { balanceField: 'b', unit: 'CNY' }, remaining: -3.5, unit: 'CNY' },
    { name: 'reads zero', body: { b: 0 }, options: { balanceField: 'b' }, remaining: 0, unit: 'USD' },
    { name: 'uses the path it is given', body: { b: 1 }, options: { balanceField: 'b', path: '/api/user/self' }, remaining: 1, unit: 'USD' },
  ])('$name', async ({ body, options, remaining, unit }) => {
    const { result, calls } = await readAnswer({ body }, options);
    expect(snapshotOf(result)).toEqual({ provider: 'custom', unit, remaining, unlimited: false, readAt: NOW });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(BASE + (options['path'] ?? OPTIONS.path));
  });

  it.each([
    { header: 'Authorization: Bearer', sent: 'authorization', absent: 'x-api-key' },
    { header: '', sent: 'authorization', absent: 'x-api-key' },
    { header: 'something else', sent: 'authorization', absent: 'x-api-key' },
    { header: 'X-API-Key', sent: 'x-api-key', absent: 'authorization' },
  ])('header "$header" sends the key in $sent only', async ({ header, sent, absent }) => {
    const { result, calls } = await readAnswer({ body: { data: [{ balance: 1 }] } }, { header });
    snapshotOf(result);
    expect(calls[0]!.headers[sent]).toMatch(sent === 'authorization' ? /^Bearer sk-test-/ : /^sk-test-/);
    expect(calls[0]!.headers[absent]).toBeUndefined();
  });

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses $value as a number', async ({ value }) => {
    const { result } = await readAnswer({ body: { data: [{ balance: value }] } });
    expect(errorOf(result, 'bad-response')).toContain('data.0.balance');
  });

  it.each([
    { name: 'a missing field', body: { data: [{ other: 1 }] } },
    { name: 'a missing index', body: { data: [] } },
    { name: 'an object where an array was mapped', body: { data: { balance: 1 } } },
    { name: 'a body that is a bare number', body: 5 },
  ])('says $name was not found', async ({ body }) => {
    const { result } = await readAnswer({ body });
    expect(errorOf(result, 'bad-response')).toMatch(/data\.0\.balance was not found/);
  });

  it('refuses a quotient that overflows', async () => {
    const { result } = await readAnswer({ body: { b: 1e15 } }, { balanceField: 'b', divisor: '0.' + '0'.repeat(300) + '1' });
    errorOf(result, 'bad-response');
  });

  itTurnsCommonErrorsIntoWords(readAnswer);

  it.each([
    { body: { error: { message: 'Invalid API key', type: 'authentication_error' } }, kind: 'auth' as const },
    { body: { success: false, message: 'insufficient balance' }, kind: 'insufficient' as const },
    { body: { error: 'something broke' }, kind: 'bad-response' as const },
  ])('reads an error body sent with HTTP 200 as $kind', async ({ body, kind }) => {
    const { result } = await readAnswer({ body });
    errorOf(result, kind);
  });

  it.each([
    { name: 'no options at all', options: { path: '', balanceField: '', divisor: '', unit: '' }, setting: 'Path' },
    { name: 'a path without a slash', options: { path: 'v1/balance' }, setting: 'Path' },
    { name: 'a full URL as the path', options: { path: 'https://evil.example/v1' }, setting: 'Path' },
    { name: 'a path with a query', options: { path: '/v1/balance?key=1' }, setting: 'Path' },
    { name: 'a path climbing out', options: { path: '/../admin' }, setting: 'Path' },
    { name: 'a path climbing out, encoded', options: { path: '/%2e%2E/admin' }, setting: 'Path' },
    { name: 'a path with a space around it', options: { path: ' /v1/balance' }, setting: 'Path' },
    { name: 'an expression as the field', options: { balanceField: 'data[0].balance' }, setting: 'Balance field' },
    { name: 'a missing field setting', options: { balanceField: '' }, setting: 'Balance field' },
    { name: 'a zero divisor', options: { divisor: '0' }, setting: 'Divisor' },
    { name: 'a negative divisor', options: { divisor: '-1' }, setting: 'Divisor' },
    { name: 'an exponent divisor', options: { divisor: '1e400' }, setting: 'Divisor' },
    { name: 'an empty unit', options: { unit: '' }, setting: 'Unit' },
    { name: 'a unit with markup', options: { unit: '<b>USD</b>' }, setting: 'Unit' },
  ])('checks the stored options again, without a request: $name', async ({ options, setting }) => {
    const { result, calls } = await readWith(read, {}, { base: BASE, options: { ...OPTIONS, ...options } });
    expect(errorOf(result, 'bad-response')).toContain(setting);
    expect(calls).toHaveLength(0);
  });

  it('reads with absent options as missing settings', async () => {
    const { result, calls } = await readWith(read, {}, { base: BASE });
    expect(errorOf(result, 'bad-response')).toContain('Path');
    expect(calls).toHaveLength(0);
  });

  it('keeps a path starting with // on the base URL', async () => {
    const { result, calls } = await readAnswer({ body: { b: 2 } }, { path: '//evil.example/x', balanceField: 'b' });
    expect(snapshotOf(result).remaining).toBe(2);
    expect(calls[0]!.url).toBe(`${BASE}//evil.example/x`);
    expect(new URL(calls[0]!.url).host).toBe('gateway.example.com');
  });

  it('never reads through the prototype', async () => {
    const { result } = await readAnswer({ body: {} }, { balanceField: 'constructor' });
    expect(errorOf(result, 'bad-response')).toContain('not found');
  });

  it('offers the header choices with Bearer first', () => {
    const header = info.fields.find((f) => f.name === 'header');
    expect(header && 'choices' in header ? header.choices : []).toEqual(['Authorization: Bearer', 'X-API-Key']);
  });
});

describe('Custom endpoint checks', () => {
  it.each([
    { value: '', expected: 'fieldRequired' },
    { value: '/v1/balance', expected: undefined },
    { value: '/', expected: undefined },
    { value: '/api/user/self', expected: undefined },
    { value: '/v1/dashboard/billing/remain', expected: undefined },
    { value: '/a..b/c', expected: undefined },
    { value: '/' + 'a'.repeat(199), expected: undefined },
    { value: '/' + 'a'.repeat(200), expected: 'pathInvalid' },
    { value: 'v1/balance', expected: 'pathInvalid' },
    { value: 'https://evil.example/v1', expected: 'pathInvalid' },
    { value: '/v1/balance?x=1', expected: 'pathInvalid' },
    { value: '/v1/balance#x', expected: 'pathInvalid' },
    { value: '/v1/ balance', expected: 'pathInvalid' },
    { value: '/v1/\tbalance', expected: 'pathInvalid' },
    { value: '/v1\\balance', expected: 'pathInvalid' },
    { value: '/v1/../admin', expected: 'pathInvalid' },
    { value: '/..', expected: 'pathInvalid' },
    { value: '/.%2e/admin', expected: 'pathInvalid' },
    { value: '/v1/\u0000', expected: 'pathInvalid' },
  ])('path "$value" → $expected', ({ value, expected }) => {
    expect(checkPath(value)).toBe(expected);
  });

  it.each([
    { value: '', expected: 'fieldRequired' },
    { value: 'balance', expected: undefined },
    { value: 'data.0.balance', expected: undefined },
    { value: 'balance_infos.0.total_balance', expected: undefined },
    { value: 'a.b.c.d.e.f.g.h', expected: undefined },
    { value: 'a.b.c.d.e.f.g.h.i', expected: 'dotPathInvalid' },
    { value: 'data[0].balance', expected: 'dotPathInvalid' },
    { value: 'data..balance', expected: 'dotPathInvalid' },
    { value: '.balance', expected: 'dotPathInvalid' },
    { value: 'data.balance.', expected: 'dotPathInvalid' },
    { value: '$.balance', expected: 'dotPathInvalid' },
    { value: 'data balance', expected: 'dotPathInvalid' },
  ])('balance field "$value" → $expected', ({ value, expected }) => {
    expect(checkBalanceField(value)).toBe(expected);
  });

  it.each([
    { value: '', expected: undefined },
    { value: '1', expected: undefined },
    { value: '100', expected: undefined },
    { value: '10000', expected: undefined },
    { value: '0.01', expected: undefined },
    { value: '500000', expected: undefined },
    { value: '0', expected: 'divisorInvalid' },
    { value: '0.000', expected: 'divisorInvalid' },
    { value: '-1', expected: 'divisorInvalid' },
    { value: '+1', expected: 'divisorInvalid' },
    { value: '1e4', expected: 'divisorInvalid' },
    { value: '1,5', expected: 'divisorInvalid' },
    { value: '.5', expected: 'divisorInvalid' },
    { value: 'NaN', expected: 'divisorInvalid' },
    { value: 'Infinity', expected: 'divisorInvalid' },
    { value: '9'.repeat(400), expected: 'divisorInvalid' },
    { value: '0x10', expected: 'divisorInvalid' },
  ])('divisor "$value" → $expected', ({ value, expected }) => {
    expect(checkDivisor(value)).toBe(expected);
  });

  it.each([
    { value: '', expected: 'fieldRequired' },
    { value: 'USD', expected: undefined },
    { value: 'CNY', expected: undefined },
    { value: 'credits', expected: undefined },
    { value: 'raw quota', expected: undefined },
    { value: 'k-tokens_v1.0', expected: undefined },
    { value: '积分', expected: undefined },
    { value: 'a', expected: undefined },
    { value: 'a'.repeat(16), expected: undefined },
    { value: 'a'.repeat(17), expected: 'unitInvalid' },
    { value: '$', expected: 'unitInvalid' },
    { value: '<b>', expected: 'unitInvalid' },
    { value: 'US D\n', expected: 'unitInvalid' },
    { value: ' USD', expected: 'unitInvalid' },
    { value: 'a/b', expected: 'unitInvalid' },
  ])('unit "$value" → $expected', ({ value, expected }) => {
    expect(checkUnit(value)).toBe(expected);
  });

  it('wires each check to its field', () => {
    const checks = Object.fromEntries(info.fields.map((f) => [f.name, 'check' in f ? f.check : undefined]));
    expect(checks).toEqual({ path: checkPath, balanceField: checkBalanceField, divisor: checkDivisor, unit: checkUnit, header: undefined });
    expect(info.fields.find((f) => f.name === 'unit')).toMatchObject({ initial: 'USD' });
  });
});
