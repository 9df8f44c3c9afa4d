// The reading itself is shared with the international provider and tested for
// both in ./moonshot.test.ts; this pins what makes the China provider its own.
import { describe, expect, it } from 'vitest';
import { COMMON_ERRORS, errorOf, NOW, readWith, snapshotOf, type FakeAnswer } from './harness';
import { info, read } from './moonshot-cn';

const BASE = 'https://api.moonshot.cn';
const PATH = '/v1/users/me/balance';
const DOCUMENTED = { code: 0, data: { available_balance: 49.58894, voucher_balance: 46.58893, cash_balance: 3.00001 }, scode: '0x0', status: true };
const readAnswer = (answer: FakeAnswer, base = BASE) => readWith(read, { [PATH]: answer }, { base });

describe('Moonshot (China)', () => {
  it.each([
    { name: 'reads the documented example in CNY on the official base', base: BASE },
    { name: 'stays in CNY on a mirror base URL', base: 'https://moonshot-proxy.example.cn/kimi' },
    { name: 'stays in CNY even on the .ai host (the currency follows the provider)', base: 'https://api.moonshot.ai' },
  ])('$name', async ({ base }) => {
    const { result, calls } = await readAnswer({ body: DOCUMENTED }, base);
    expect(snapshotOf(result)).toMatchObject({
      provider: 'moonshot-cn',
      unit: 'CNY',
      remaining: 49.58894,
      unlimited: false,
      facts: [{ name: 'cash', value: 3.00001 }, { name: 'voucher', value: 46.58893 }],
      readAt: NOW,
    });
    expect(calls.map((c) => c.url)).toEqual([base + PATH]);
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
  });

  it('warns below 30 CNY by default', () => {
    expect(info).toMatchObject({ unit: 'CNY', warnBelow: 30, baseUrl: BASE });
  });

  it.each([
    { name: '403 naming the balance is insufficient', answer: { status: 403, body: { error: { message: '余额不足', type: 'exceeded_current_quota_error' } } }, kind: 'insufficient' },
    { name: 'other 403 is a refused key (e.g. an .ai key on .cn)', answer: { status: 403, body: { error: { message: 'permission denied' } } }, kind: 'auth' },
    { name: 'code != 0 with HTTP 200 is an error', answer: { body: { code: 1, status: false } }, kind: 'bad-response' },
    ...COMMON_ERRORS,
  ] as const)('$name', async ({ answer, kind }) => {
    const { result } = await readAnswer(answer);
    errorOf(result, kind);
  });
});
