import { describe, expect, it } from 'vitest';
import { errorOf, NOT_NUMBERS, NOW, readWith, snapshotOf, type FakeAnswer, itTurnsCommonErrorsIntoWords } from './harness';
import { read as readIntl } from './moonshot';
import { read as readCn } from './moonshot-cn';

const PATH = '/v1/users/me/balance';
const PROVIDERS = [
  { provider: 'moonshot', read: readIntl, base: 'https://api.moonshot.ai', unit: 'USD' },
  { provider: 'moonshot-cn', read: readCn, base: 'https://api.moonshot.cn', unit: 'CNY' },
];
const success = (data: Record<string, unknown>) => ({ code: 0, data, scode: '0x0', status: true });
const DOCUMENTED = success({ available_balance: 49.58894, voucher_balance: 46.58893, cash_balance: 3.00001 });

describe.each(PROVIDERS)('Moonshot: $provider', ({ provider, read, base, unit }) => {
  const readAnswer = (answer: FakeAnswer, at = base) => readWith(read, { [PATH]: answer }, { base: at });

  it.each([
    {
      name: 'reads the documented example',
      body: DOCUMENTED,
      remaining: 49.58894,
      facts: [{ name: 'cash', value: 3.00001 }, { name: 'voucher', value: 46.58893 }],
    },
    {
      name: 'reads decimal strings too',
      body: success({ available_balance: '10.5', voucher_balance: '0', cash_balance: '10.5' }),
      remaining: 10.5,
      facts: [{ name: 'cash', value: 10.5 }, { name: 'voucher', value: 0 }],
    },
    {
      name: 'reads cash below zero as money owed, not a bad response',
      body: success({ available_balance: 20, voucher_balance: 20, cash_balance: -5.25 }),
      remaining: 20,
      facts: [{ name: 'cash', value: -5.25 }, { name: 'voucher', value: 20 }],
    },
    {
      name: 'reads a balance below zero as overdrawn',
      body: success({ available_balance: -1.5, voucher_balance: 0, cash_balance: -1.5 }),
      remaining: -1.5,
      facts: [{ name: 'cash', value: -1.5 }, { name: 'voucher', value: 0 }],
    },
    {
      name: 'keeps the balance when cash and voucher are missing',
      body: success({ available_balance: 7 }),
      remaining: 7,
      facts: undefined,
    },
    {
      name: 'keeps the balance and drops a garbled voucher',
      body: success({ available_balance: 7, voucher_balance: 'NaN', cash_balance: 7 }),
      remaining: 7,
      facts: [{ name: 'cash', value: 7 }],
    },
  ])('$name', async ({ body, remaining, facts }) => {
    const { result, calls } = await readAnswer({ body });
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({ provider, unit, remaining, unlimited: false, readAt: NOW });
    expect(snapshot.facts).toEqual(facts);
    expect(calls.map((c) => c.url)).toEqual([base + PATH]);
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it.each(['https://api.moonshot.ai', 'https://api.moonshot.cn', 'https://kimi-mirror.example.com/proxy'])(
    `keeps ${unit} on any base URL (%s): the currency follows the provider`,
    async (at) => {
      const { result } = await readAnswer({ body: DOCUMENTED }, at);
      expect(snapshotOf(result).unit).toBe(unit);
    },
  );

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses available_balance $value as a number', async ({ value }) => {
    const { result } = await readAnswer({ body: success({ available_balance: value, cash_balance: 1, voucher_balance: 1 }) });
    expect(errorOf(result, 'bad-response')).toContain('data.available_balance');
  });

  it('refuses a success without data, naming the field', async () => {
    const { result } = await readAnswer({ body: { code: 0, scode: '0x0', status: true } });
    expect(errorOf(result, 'bad-response')).toContain('data.available_balance');
  });

  it.each([
    { name: 'a non-zero code', body: { code: 5, data: { available_balance: 10 }, scode: '0x5', status: true }, kind: 'bad-response', words: 'code 5' },
    { name: 'status false', body: { code: 0, data: { available_balance: 10 }, scode: '0x0', status: false }, kind: 'bad-response', words: 'status false' },
    { name: 'code as a string', body: { code: '0', data: { available_balance: 10 }, status: true }, kind: 'bad-response', words: 'code a string' },
    { name: 'no envelope at all', body: { available_balance: 10 }, kind: 'bad-response', words: 'code missing' },
    { name: 'a list', body: [], kind: 'bad-response', words: 'code missing' },
    { name: "the server's own words", body: { code: 401, message: 'invalid token', status: false }, kind: 'auth', words: 'invalid token' },
    { name: 'an empty balance in words', body: { code: 3, message: 'insufficient balance', status: false }, kind: 'insufficient', words: 'insufficient balance' },
    { name: 'an error object naming a bad key', body: { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } }, kind: 'auth', words: 'Invalid Authentication' },
  ] as const)('reads HTTP 200 with $name as an error, not a balance', async ({ body, kind, words }) => {
    const { result } = await readAnswer({ body });
    expect(errorOf(result, kind)).toContain(words);
  });

  itTurnsCommonErrorsIntoWords(readAnswer);

  it.each([
    {
      name: 'a suspended account that names its balance is insufficient',
      body: { error: { message: 'Your account org-1<ak-2> is not active, current state: Suspended, you may consider to check your account balance', type: 'exceeded_current_quota_error' } },
      kind: 'insufficient',
      words: 'check your account balance',
    },
    { name: '"insufficient" in the words is insufficient', body: { error: { message: 'Insufficient funds', type: 'permission_denied_error' } }, kind: 'insufficient', words: 'Insufficient funds' },
    { name: 'the quota type alone is insufficient', body: { error: { message: 'Your account is suspended', type: 'exceeded_current_quota_error' } }, kind: 'insufficient', words: 'suspended' },
    { name: 'Chinese words for the balance are insufficient', body: { error: { message: '账户余额不足' } }, kind: 'insufficient', words: '账户余额不足' },
    { name: 'a plain message field is read too', body: { message: 'balance too low' }, kind: 'insufficient', words: 'balance too low' },
    { name: 'other words are a refused key', body: { error: { message: 'The API you are accessing is not open', type: 'permission_denied_error' } }, kind: 'auth', words: 'not open' },
    { name: 'no words are a refused key', body: '', kind: 'auth', words: 'HTTP 403' },
    { name: 'an HTML page is a refused key', body: '<html>Forbidden</html>', kind: 'auth', words: 'HTTP 403' },
  ] as const)('HTTP 403: $name', async ({ body, kind, words }) => {
    const { result } = await readAnswer({ status: 403, body });
    expect(errorOf(result, kind)).toContain(words);
    expect(!result.ok && result.error.status).toBe(403);
  });

  it('never echoes the key from a 403 body', async () => {
    const { result } = await readAnswer({ status: 403, body: { error: { message: 'key sk-test-SECRET-abcdef123456 has no balance' } } });
    expect(errorOf(result, 'insufficient')).not.toContain('SECRET-abcdef');
  });
});
