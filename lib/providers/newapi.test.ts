import { describe, expect, it } from 'vitest';
import type { BalanceSnapshot } from '../model/balance';
import type { ErrorKind } from '../model/errors';
import { errorOf, KEY, NOT_NUMBERS, NOW, readWith, snapshotOf, type Call, type ContextOptions, type FakeAnswer } from './harness';
import { info, read } from './newapi';

const BASE = 'https://relay.example.com';
const STATUS = '/api/status';
const TOKEN = '/api/usage/token/';
const CREDITS = '/v1/credits';
const SUBSCRIPTION = '/v1/dashboard/billing/subscription';
const USAGE = '/v1/dashboard/billing/usage';
const THROTTLE_NAME = 'token-usage https://relay.example.com';
const DAY = 24 * 60 * 60 * 1000;
/** Nothing remembered: the status, then the probe from the start. */
const NO_MEMORY = [STATUS, TOKEN, CREDITS];
/** Only the cached units were unusable: the status again, then the remembered method. */
const UNITS_DROPPED = [STATUS, CREDITS];


type Routes = Record<string, FakeAnswer | ((call: Call) => FakeAnswer)>;

const status = (data: Record<string, unknown>): FakeAnswer => ({ body: { success: true, data } });
// The documented status answers, one per display type, and an older one-api's.
const USD = status({ quota_per_unit: 500000, display_in_currency: true, quota_display_type: 'USD', usd_exchange_rate: 7.3, system_name: 'Relay' });
const CNY = status({ quota_per_unit: 500000, display_in_currency: true, quota_display_type: 'CNY', usd_exchange_rate: 7.3 });
const TOKENS = status({ quota_per_unit: 500000, display_in_currency: false, quota_display_type: 'TOKENS', usd_exchange_rate: 7.3 });
const CUSTOM = status({
  quota_per_unit: 500000,
  display_in_currency: true,
  quota_display_type: 'CUSTOM',
  custom_currency_symbol: '€',
  custom_currency_exchange_rate: 0.9,
});
const ONE_API = status({ quota_per_unit: 500000, display_in_currency: true });
const ONE_API_TOKENS = status({ quota_per_unit: 500000, display_in_currency: false });

// The documented method answers.
const tokenUsage = (data: Record<string, unknown> = {}): FakeAnswer => ({
  body: {
    code: true,
    message: 'ok',
    data: {
      object: 'token_usage',
      name: 'default',
      total_granted: 1000000,
      total_used: 12345,
      total_available: 987655,
      unlimited_quota: false,
      expires_at: 0,
      ...data,
    },
  },
});
const credits = (data: Record<string, unknown> = {}): FakeAnswer => ({
  body: { object: 'credit_summary', total_granted: 12.5, total_used: 2.5, total_available: 10.0, ...data },
});
const subscription = (hard: unknown = 100.0): FakeAnswer => ({ body: { object: 'billing_subscription', hard_limit_usd: hard } });
const usage = (total: unknown = 2500.0): FakeAnswer => ({ body: { object: 'list', total_usage: total } });
const LEGACY: Routes = { [SUBSCRIPTION]: subscription(), [USAGE]: usage() };

const paths = (calls: readonly Call[]) => calls.map((call) => call.url.slice(BASE.length));
const readSite = (routes: Routes, o: Partial<ContextOptions> = {}) => readWith(read, routes, { base: BASE, ...o });
/** A first read's snapshot, whose `via` later reads start from. */
async function firstRead(routes: Routes, o: Partial<ContextOptions> = {}): Promise<BalanceSnapshot> {
  return snapshotOf((await readSite(routes, o)).result);
}
const viaOf = (snapshot: BalanceSnapshot): Record<string, unknown> => JSON.parse(snapshot.via ?? 'null');

function expectFigures(snapshot: BalanceSnapshot, expected: { unit: string; remaining: number | null; used?: number; total?: number | null }) {
  expect(snapshot).toMatchObject({ provider: 'newapi', unit: expected.unit, unlimited: expected.remaining === null, readAt: NOW });
  for (const field of ['remaining', 'used', 'total'] as const) {
    const want = expected[field];
    const got = snapshot[field];
    if (typeof want === 'number' && typeof got === 'number') expect(got).toBeCloseTo(want, 9);
    else expect(got).toBe(want);
  }
}

describe('new-api / one-api gateway: info', () => {
  it('lets the user give the site and its units', () => {
    expect(info).toMatchObject({ id: 'newapi', baseUrl: '', keyUrl: '/token', topUpUrl: '/topup', warnBelow: 5 });
    expect('unit' in info).toBe(false);
    expect(`${BASE}/v1/`.replace(info.apiSuffix, '')).toBe(BASE);
  });
});

describe('new-api / one-api gateway: units and methods', () => {
  it.each([
    // Token usage: raw units through quota_per_unit and the display currency.
    { name: 'token usage, USD site', status: USD, routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 1.97531, used: 0.02469, total: 2 },
    { name: 'token usage, CNY site', status: CNY, routes: { [TOKEN]: tokenUsage() }, unit: 'CNY', remaining: 1.97531 * 7.3, used: 0.02469 * 7.3, total: 14.6 },
    { name: 'token usage, TOKENS site', status: TOKENS, routes: { [TOKEN]: tokenUsage() }, unit: 'tokens', remaining: 987655, used: 12345, total: 1000000 },
    { name: 'token usage, CUSTOM site', status: CUSTOM, routes: { [TOKEN]: tokenUsage() }, unit: '€', remaining: 1.97531 * 0.9, used: 0.02469 * 0.9, total: 1.8 },
    { name: 'token usage, older one-api (USD)', status: ONE_API, routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 1.97531, used: 0.02469, total: 2 },
    { name: 'token usage, older one-api showing tokens', status: ONE_API_TOKENS, routes: { [TOKEN]: tokenUsage() }, unit: 'tokens', remaining: 987655, used: 12345, total: 1000000 },
    { name: 'token usage, status unreachable: 500000 per USD', status: { status: 404, body: 'Not Found' }, routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 1.97531, used: 0.02469, total: 2 },
    { name: 'token usage, status says success false', status: { body: { success: false, message: 'no' } }, routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 1.97531, used: 0.02469, total: 2 },
    { name: 'token usage, status is an HTML page', status: { body: '<html></html>', headers: { 'content-type': 'text/html' } }, routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 1.97531, used: 0.02469, total: 2 },
    { name: 'token usage, another quota_per_unit', status: status({ quota_per_unit: '1000000', quota_display_type: 'USD' }), routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 0.987655, used: 0.012345, total: 1 },
    { name: 'token usage, invalid quota_per_unit is 500000', status: status({ quota_per_unit: 0, quota_display_type: 'usd' }), routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 1.97531, used: 0.02469, total: 2 },
    { name: 'token usage, CNY site without a rate stays USD', status: status({ quota_display_type: 'CNY', usd_exchange_rate: 'x' }), routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 1.97531, used: 0.02469, total: 2 },
    { name: 'token usage, CUSTOM site without a symbol is USD', status: status({ quota_display_type: 'CUSTOM', custom_currency_exchange_rate: 2 }), routes: { [TOKEN]: tokenUsage() }, unit: 'USD', remaining: 1.97531, used: 0.02469, total: 2 },
    { name: 'token usage, string numbers', status: USD, routes: { [TOKEN]: tokenUsage({ total_available: '500000', total_used: '0', total_granted: '500000' }) }, unit: 'USD', remaining: 1, used: 0, total: 1 },
    { name: 'token usage, garbled extras kept out', status: USD, routes: { [TOKEN]: tokenUsage({ total_used: 'x', total_granted: null }) }, unit: 'USD', remaining: 1.97531, used: undefined, total: undefined },
    // Credits: already in the site's display unit.
    { name: 'credits, USD site', status: USD, routes: { [CREDITS]: credits() }, unit: 'USD', remaining: 10, used: 2.5, total: 12.5 },
    { name: 'credits, CNY site', status: CNY, routes: { [CREDITS]: credits() }, unit: 'CNY', remaining: 10, used: 2.5, total: 12.5 },
    { name: 'credits, TOKENS site', status: TOKENS, routes: { [CREDITS]: credits() }, unit: 'tokens', remaining: 10, used: 2.5, total: 12.5 },
    { name: 'credits, CUSTOM site', status: CUSTOM, routes: { [CREDITS]: credits() }, unit: '€', remaining: 10, used: 2.5, total: 12.5 },
    { name: 'credits, older one-api', status: ONE_API, routes: { [CREDITS]: credits() }, unit: 'USD', remaining: 10, used: 2.5, total: 12.5 },
    { name: 'credits, negative is overdrawn', status: USD, routes: { [CREDITS]: credits({ total_available: '-1.5' }) }, unit: 'USD', remaining: -1.5, used: 2.5, total: 12.5 },
    // The legacy pair: hard_limit_usd - total_usage / 100.
    { name: 'legacy pair, USD site', status: USD, routes: LEGACY, unit: 'USD', remaining: 75, used: 25, total: 100 },
    { name: 'legacy pair, CNY site', status: CNY, routes: LEGACY, unit: 'CNY', remaining: 75, used: 25, total: 100 },
    { name: 'legacy pair, TOKENS site', status: TOKENS, routes: { [SUBSCRIPTION]: subscription(1000000), [USAGE]: usage(25000000) }, unit: 'tokens', remaining: 750000, used: 250000, total: 1000000 },
    { name: 'legacy pair, CUSTOM site', status: CUSTOM, routes: LEGACY, unit: '€', remaining: 75, used: 25, total: 100 },
    { name: 'legacy pair, older one-api', status: ONE_API, routes: LEGACY, unit: 'USD', remaining: 75, used: 25, total: 100 },
    { name: 'legacy pair, decimal strings', status: USD, routes: { [SUBSCRIPTION]: subscription('10.5'), [USAGE]: usage('50') }, unit: 'USD', remaining: 10, used: 0.5, total: 10.5 },
  ])('$name', async ({ status: statusAnswer, routes, unit, remaining, used, total }) => {
    const { result, calls } = await readSite({ [STATUS]: statusAnswer, ...routes });
    expectFigures(snapshotOf(result), { unit, remaining, ...(used === undefined ? {} : { used }), ...(total === undefined ? {} : { total }) });
    expect(paths(calls)[0]).toBe(STATUS);
  });

  it('asks for the status without the key', async () => {
    const { calls } = await readSite({ [STATUS]: USD, [TOKEN]: tokenUsage() });
    const statusCall = calls.find((call) => call.url === BASE + STATUS)!;
    expect(statusCall.headers['authorization']).toBeUndefined();
    expect(statusCall.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(statusCall.headers)).not.toContain(KEY);
    for (const call of calls.filter((c) => c !== statusCall)) expect(call.headers['authorization']).toBe(`Bearer ${KEY}`);
  });

  it('probes the methods in order', async () => {
    const { result, calls } = await readSite({ [STATUS]: USD, ...LEGACY });
    snapshotOf(result);
    expect(paths(calls)).toEqual([STATUS, TOKEN, CREDITS, SUBSCRIPTION, USAGE]);
  });

  it('says when the site has no balance endpoint', async () => {
    const { result, calls } = await readSite({ [STATUS]: USD });
    expect(errorOf(result, 'not-found')).toMatch(/no balance endpoint/i);
    expect(paths(calls)).toEqual([STATUS, TOKEN, CREDITS, SUBSCRIPTION]);
  });

  it('does not take half the legacy pair as a balance', async () => {
    const { result } = await readSite({ [STATUS]: USD, [SUBSCRIPTION]: subscription() });
    expect(errorOf(result, 'not-found')).toContain(USAGE);
  });

  it('keeps the via small and JSON', async () => {
    const snapshot = await firstRead({
      [STATUS]: status({ quota_display_type: 'CUSTOM', custom_currency_symbol: 'x'.repeat(300), custom_currency_exchange_rate: 1e6 }),
      [TOKEN]: tokenUsage(),
    });
    expect(snapshot.via!.length).toBeLessThanOrEqual(512);
    expect(viaOf(snapshot)).toMatchObject({ m: 'token' });
    expect(snapshot.unit.length).toBeLessThanOrEqual(16);
  });
});

describe('new-api / one-api gateway: what via remembers', () => {
  it.each([
    { name: 'token usage', routes: { [TOKEN]: tokenUsage() }, calls: [TOKEN] },
    { name: 'credits', routes: { [CREDITS]: credits() }, calls: [CREDITS] },
    { name: 'the legacy pair', routes: LEGACY, calls: [SUBSCRIPTION, USAGE] },
  ])('remembers $name and the units: the next read asks only for it', async ({ routes, calls: expected }) => {
    const first = await firstRead({ [STATUS]: CNY, ...routes });
    // Every route answers now: only the remembered one may be asked.
    const { result, calls } = await readSite({ [STATUS]: CNY, [TOKEN]: tokenUsage(), [CREDITS]: credits(), ...LEGACY }, { via: first.via!, now: NOW + 60_000 });
    const second = snapshotOf(result);
    expect(paths(calls)).toEqual(expected);
    expect(second.unit).toBe('CNY');
    expect(second.remaining).toBeCloseTo(first.remaining!, 9);
    expect(second.readAt).toBe(NOW + 60_000);
  });

  it.each([
    { name: 'just under a day', after: DAY - 1, asksStatus: false },
    { name: 'a day', after: DAY, asksStatus: true },
    { name: 'clock moved back', after: -60_000, asksStatus: true },
  ])('the status is asked again after $name: $asksStatus', async ({ after, asksStatus }) => {
    const first = await firstRead({ [STATUS]: USD, [CREDITS]: credits() });
    const { result, calls } = await readSite({ [STATUS]: CNY, [CREDITS]: credits() }, { via: first.via!, now: NOW + after });
    expect(paths(calls)).toEqual(asksStatus ? [STATUS, CREDITS] : [CREDITS]);
    expect(snapshotOf(result).unit).toBe(asksStatus ? 'CNY' : 'USD');
  });

  it('does not cache the 500000-per-USD guess: the next read asks the status again', async () => {
    const first = await firstRead({ [STATUS]: { status: 500, body: '' }, [CREDITS]: credits() });
    expect(first.unit).toBe('USD');
    expect(viaOf(first)).not.toHaveProperty('s');
    const { result, calls } = await readSite({ [STATUS]: CNY, [CREDITS]: credits() }, { via: first.via! });
    expect(paths(calls)).toEqual([STATUS, CREDITS]);
    expect(snapshotOf(result).unit).toBe('CNY');
  });

  it('keeps the last known units while an expired status cannot be read, and asks again next time', async () => {
    const first = await firstRead({ [STATUS]: CNY, [CREDITS]: credits() });
    const broken = { [STATUS]: { status: 502, body: '' }, [CREDITS]: credits() };
    const second = await firstRead(broken, { via: first.via!, now: NOW + DAY + 1 });
    expect(second.unit).toBe('CNY');
    const { calls } = await readSite(broken, { via: second.via!, now: NOW + DAY + 2 });
    expect(paths(calls)).toEqual([STATUS, CREDITS]);
  });

  it('probes again from the start when the remembered method answers 404', async () => {
    const first = await firstRead({ [STATUS]: USD, [CREDITS]: credits() });
    const { result, calls } = await readSite({ [STATUS]: USD, ...LEGACY }, { via: first.via! });
    expectFigures(snapshotOf(result), { unit: 'USD', remaining: 75, used: 25, total: 100 });
    expect(paths(calls)).toEqual([CREDITS, TOKEN, SUBSCRIPTION, USAGE]);
    // …and remembers what works now.
    const { calls: next } = await readSite({ [STATUS]: USD, ...LEGACY }, { via: snapshotOf(result).via! });
    expect(paths(next)).toEqual([SUBSCRIPTION, USAGE]);
  });

  it('says "not found" when the remembered method and every other is gone', async () => {
    const first = await firstRead({ [STATUS]: USD, [TOKEN]: tokenUsage() });
    const { result, calls } = await readSite({ [STATUS]: USD }, { via: first.via! });
    errorOf(result, 'not-found');
    expect(paths(calls)).toEqual([TOKEN, CREDITS, SUBSCRIPTION]);
  });

  it('ignores a via learned on another site', async () => {
    const first = await firstRead({ [STATUS]: CNY, [CREDITS]: credits() });
    const other = 'https://other.example.com';
    const fake = await readWith(read, { [STATUS]: USD, [CREDITS]: credits() }, { base: other, via: first.via! });
    expect(fake.calls.map((c) => c.url.slice(other.length))).toEqual([STATUS, TOKEN, CREDITS]);
    expect(snapshotOf(fake.result).unit).toBe('USD');
  });

  it.each([
    { name: 'not JSON', via: (_: string) => 'credits', calls: NO_MEMORY },
    { name: 'JSON null', via: () => 'null', calls: NO_MEMORY },
    { name: 'an array', via: () => '[]', calls: NO_MEMORY },
    { name: 'an empty object', via: () => '{}', calls: NO_MEMORY },
    { name: 'too long', via: (good: string) => good.slice(0, -1) + ',"x":"' + 'x'.repeat(600) + '"}', calls: NO_MEMORY },
    { name: 'another version', via: (good: string) => mutate(good, { v: 2 }), calls: NO_MEMORY },
    { name: 'no site hash', via: (good: string) => mutate(good, { b: undefined }), calls: NO_MEMORY },
    { name: 'an unknown method', via: (good: string) => mutate(good, { m: 'evil', s: undefined }), calls: NO_MEMORY },
    { name: 'a method of the wrong type', via: (good: string) => mutate(good, { m: ['credits'], s: undefined }), calls: NO_MEMORY },
    { name: 'units that are a string', via: (good: string) => mutate(good, { m: undefined, s: 'CNY' }), calls: NO_MEMORY },
    { name: 'units with a string time', via: (good: string) => mutateUnits(good, { at: String(NOW) }), calls: UNITS_DROPPED },
    { name: 'units with a negative quota per unit', via: (good: string) => mutateUnits(good, { q: -1 }), calls: UNITS_DROPPED },
    { name: 'units with a tiny quota per unit', via: (good: string) => mutateUnits(good, { q: 1e-300 }), calls: UNITS_DROPPED },
    { name: 'units with an unknown display', via: (good: string) => mutateUnits(good, { d: 'EUR' }), calls: UNITS_DROPPED },
    { name: 'units with a zero rate', via: (good: string) => mutateUnits(good, { r: 0 }), calls: UNITS_DROPPED },
    { name: 'units with a rate string', via: (good: string) => mutateUnits(good, { r: '7.3' }), calls: UNITS_DROPPED },
    { name: 'units with an unsafe symbol', via: (good: string) => mutateUnits(good, { c: 'a\u202eb' }), calls: UNITS_DROPPED },
    { name: 'units with a symbol that is not text', via: (good: string) => mutateUnits(good, { c: 5 }), calls: UNITS_DROPPED },
  ])('treats a via that is $name as no memory', async ({ via, calls: expected }) => {
    const first = await firstRead({ [STATUS]: CUSTOM, [CREDITS]: credits() });
    const { result, calls } = await readSite({ [STATUS]: USD, [CREDITS]: credits() }, { via: via(first.via!) });
    const snapshot = snapshotOf(result);
    expect(paths(calls)).toEqual(expected);
    expect(snapshot.unit).toBe('USD');
    expect(snapshot.via!.length).toBeLessThanOrEqual(512);
  });

  it('mutations of a good via are still readable when left alone (control)', async () => {
    const first = await firstRead({ [STATUS]: CUSTOM, [CREDITS]: credits() });
    const { calls, result } = await readSite({ [STATUS]: USD, [CREDITS]: credits() }, { via: mutate(first.via!, {}) });
    expect(paths(calls)).toEqual([CREDITS]);
    expect(snapshotOf(result).unit).toBe('€');
  });
});

function mutate(via: string, change: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(via), ...change });
}
function mutateUnits(via: string, change: Record<string, unknown>): string {
  const parsed = JSON.parse(via);
  return JSON.stringify({ ...parsed, s: { ...parsed.s, ...change } });
}

describe('new-api / one-api gateway: the token usage rate limit', () => {
  it('skips token usage when throttled and reads credits', async () => {
    const { result, calls } = await readSite({ [STATUS]: USD, [TOKEN]: tokenUsage(), [CREDITS]: credits() }, { throttled: [THROTTLE_NAME] });
    expectFigures(snapshotOf(result), { unit: 'USD', remaining: 10, used: 2.5, total: 12.5 });
    expect(paths(calls)).toEqual([STATUS, CREDITS]);
  });

  it('keeps token usage first after a throttled read', async () => {
    const first = await firstRead({ [STATUS]: USD, [TOKEN]: tokenUsage() });
    const throttled = await firstRead({ [STATUS]: USD, [TOKEN]: tokenUsage(), [CREDITS]: credits() }, { via: first.via!, throttled: [THROTTLE_NAME] });
    expect(throttled.remaining).toBe(10);
    const { calls } = await readSite({ [STATUS]: USD, [TOKEN]: tokenUsage(), [CREDITS]: credits() }, { via: throttled.via! });
    expect(paths(calls)).toEqual([TOKEN]);
  });

  it('a Refresh inside the minute keeps the last reading and asks nothing (also after a worker restart)', async () => {
    const last = await firstRead({ [STATUS]: USD, [TOKEN]: tokenUsage() });
    const { result, calls } = await readSite({ [STATUS]: USD, [TOKEN]: tokenUsage(), [CREDITS]: credits() }, { last, now: NOW + 30_000 });
    expect(snapshotOf(result)).toEqual(last);
    expect(calls).toEqual([]);
  });

  it('a minute later, the remembered token usage is the one request', async () => {
    const last = await firstRead({ [STATUS]: USD, [TOKEN]: tokenUsage() });
    const { calls } = await readSite({ [STATUS]: USD, [TOKEN]: tokenUsage(), [CREDITS]: credits() }, { last, now: NOW + 61_000 });
    expect(paths(calls)).toEqual([TOKEN]);
  });

  it("two tokens on one site: the one whose turn went to the other reads a route that is not rate limited, never a stale copy", async () => {
    const last = await firstRead({ [STATUS]: USD, [TOKEN]: tokenUsage() });
    const { result, calls } = await readSite(
      { [STATUS]: USD, [TOKEN]: tokenUsage(), [CREDITS]: credits() },
      { last, now: NOW + 15 * 60_000, throttled: [THROTTLE_NAME] },
    );
    expect(snapshotOf(result)).toMatchObject({ remaining: 10, readAt: NOW + 15 * 60_000 });
    expect(paths(calls)).toEqual([CREDITS]);
    // Token usage stays first for its next turn.
    expect(viaOf(snapshotOf(result))).toMatchObject({ m: 'token' });
  });

  it('goes on to the next method on a 429 and remembers it', async () => {
    const limited: FakeAnswer = { status: 429, body: { success: false, message: 'rate limited' }, headers: { 'retry-after': '60' } };
    const { result, calls } = await readSite({ [STATUS]: USD, [TOKEN]: limited, [CREDITS]: credits() });
    const snapshot = snapshotOf(result);
    expect(snapshot.remaining).toBe(10);
    expect(paths(calls)).toEqual([STATUS, TOKEN, CREDITS]);
    const { calls: next } = await readSite({ [STATUS]: USD, [TOKEN]: limited, [CREDITS]: credits() }, { via: snapshot.via! });
    expect(paths(next)).toEqual([CREDITS]);
  });

  it('is rate limited when token usage is the only method and answers 429', async () => {
    const { result } = await readSite({ [STATUS]: USD, [TOKEN]: { status: 429, body: '', headers: { 'retry-after': '120' } } });
    errorOf(result, 'rate-limited');
    expect(!result.ok && result.error.retryAt).toBe(NOW + 120_000);
  });

  it('is rate limited when token usage is the only method and is throttled', async () => {
    const { result, calls } = await readSite({ [STATUS]: USD, [TOKEN]: tokenUsage() }, { throttled: [THROTTLE_NAME] });
    errorOf(result, 'rate-limited');
    expect(!result.ok && result.error.retryAt).toBe(NOW + 60_000);
    expect(paths(calls)).not.toContain(TOKEN);
  });

  it('throttles by the site origin', async () => {
    const names: string[] = [];
    const { fakeFetch, contextFor } = await import('./harness');
    const fake = fakeFetch(`${BASE}/relay`, { [STATUS]: USD, [TOKEN]: tokenUsage() });
    const ctx = { ...contextFor(fake.fetch, { base: `${BASE}/relay` }), throttle: (name: string, everyMs: number) => (names.push(`${name} ${everyMs}`), true) };
    snapshotOf(await read(ctx));
    expect(names).toEqual([`${THROTTLE_NAME} 60000`]);
  });
});

describe('new-api / one-api gateway: unlimited and errors', () => {
  it.each<{ name: string; status: FakeAnswer; routes: Routes; used: number }>([
    { name: 'token usage unlimited_quota', status: USD, routes: { [TOKEN]: tokenUsage({ unlimited_quota: true, total_available: 0 }) }, used: 0.02469 },
    { name: 'legacy hard limit 100000000', status: USD, routes: { [SUBSCRIPTION]: subscription(100000000), [USAGE]: usage(2500) }, used: 25 },
    { name: 'legacy hard limit 1000000', status: CNY, routes: { [SUBSCRIPTION]: subscription(1000000), [USAGE]: usage(0) }, used: 0 },
    { name: 'legacy hard limit 100000000 on a TOKENS site', status: TOKENS, routes: { [SUBSCRIPTION]: subscription('100000000'), [USAGE]: usage(100) }, used: 1 },
  ])('reads $name as unlimited, never as a balance', async ({ status: statusAnswer, routes, used }) => {
    const { result } = await readSite({ [STATUS]: statusAnswer, ...routes });
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({ remaining: null, total: null, unlimited: true });
    expect(snapshot.used).toBeCloseTo(used, 9);
  });

  it.each([
    { name: 'USD hard limit just under a million', status: USD, hard: 999999.5, remaining: 999999.5 },
    { name: 'a million raw units on a TOKENS site', status: TOKENS, hard: 1000000, remaining: 1000000 },
  ])('reads $name as a limit', async ({ status: statusAnswer, hard, remaining }) => {
    const { result } = await readSite({ [STATUS]: statusAnswer, [SUBSCRIPTION]: subscription(hard), [USAGE]: usage(0) });
    expect(snapshotOf(result)).toMatchObject({ remaining, unlimited: false });
  });

  it.each<{ name: string; routes: Routes; kind: ErrorKind; calls: string[] }>([
    { name: '401 on token usage', routes: { [TOKEN]: { status: 401, body: { success: false, message: '无效的令牌' } } }, kind: 'auth', calls: [STATUS, TOKEN] },
    { name: '403 on token usage', routes: { [TOKEN]: { status: 403, body: { error: { message: 'forbidden' } } } }, kind: 'auth', calls: [STATUS, TOKEN] },
    { name: '401 on credits', routes: { [CREDITS]: { status: 401, body: { error: { message: 'Invalid token', type: 'new_api_error' } } } }, kind: 'auth', calls: [STATUS, TOKEN, CREDITS] },
    { name: '401 on the subscription', routes: { [SUBSCRIPTION]: { status: 401, body: '' } }, kind: 'auth', calls: [STATUS, TOKEN, CREDITS, SUBSCRIPTION] },
    { name: 'token usage success false saying invalid token', routes: { [TOKEN]: { body: { success: false, message: 'invalid token' } } }, kind: 'auth', calls: [STATUS, TOKEN] },
    { name: 'token usage code false', routes: { [TOKEN]: { body: { code: false, message: '令牌已过期' } } }, kind: 'auth', calls: [STATUS, TOKEN] },
    { name: 'token usage code false, quota', routes: { [TOKEN]: { body: { code: false, message: 'quota exhausted' } } }, kind: 'insufficient', calls: [STATUS, TOKEN] },
    { name: 'credits error body with HTTP 200', routes: { [CREDITS]: { body: { error: { message: 'Invalid token', type: 'new_api_error' } } } }, kind: 'auth', calls: [STATUS, TOKEN, CREDITS] },
    { name: 'subscription error body with HTTP 200', routes: { [SUBSCRIPTION]: { body: { error: { message: 'boom', type: 'upstream_error' } } } }, kind: 'bad-response', calls: [STATUS, TOKEN, CREDITS, SUBSCRIPTION] },
    { name: 'usage error body with HTTP 200', routes: { [SUBSCRIPTION]: subscription(), [USAGE]: { body: { error: { message: 'quota exceeded' } } } }, kind: 'insufficient', calls: [STATUS, TOKEN, CREDITS, SUBSCRIPTION, USAGE] },
    { name: '500 on token usage', routes: { [TOKEN]: { status: 500, body: '' } }, kind: 'server', calls: [STATUS, TOKEN] },
    { name: 'an HTML page from credits', routes: { [CREDITS]: { body: '<!doctype html>', headers: { 'content-type': 'text/html' } } }, kind: 'bad-response', calls: [STATUS, TOKEN, CREDITS] },
    { name: 'token usage without data', routes: { [TOKEN]: { body: { code: true, message: 'ok' } } }, kind: 'bad-response', calls: [STATUS, TOKEN] },
  ])('$name stops probing: $kind', async ({ routes, kind, calls: expected }) => {
    const { result, calls } = await readSite({ [STATUS]: USD, ...legacyUnless(routes), ...routes });
    errorOf(result, kind);
    expect(paths(calls)).toEqual(expected);
  });

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses total_available $value from token usage and credits', async ({ value }) => {
    const token = await readSite({ [STATUS]: USD, [TOKEN]: tokenUsage({ total_available: value }), [CREDITS]: credits() });
    expect(errorOf(token.result, 'bad-response')).toContain('total_available');
    const credit = await readSite({ [STATUS]: USD, [CREDITS]: credits({ total_available: value }) });
    expect(errorOf(credit.result, 'bad-response')).toContain('total_available');
  });

  it.each(NOT_NUMBERS.map((value) => ({ value })))('refuses hard_limit_usd and total_usage $value', async ({ value }) => {
    const hard = await readSite({ [STATUS]: USD, [SUBSCRIPTION]: subscription(value), [USAGE]: usage() });
    expect(errorOf(hard.result, 'bad-response')).toContain('hard_limit_usd');
    const used = await readSite({ [STATUS]: USD, [SUBSCRIPTION]: subscription(), [USAGE]: usage(value) });
    expect(errorOf(used.result, 'bad-response')).toContain('total_usage');
  });

  it('never quotes the key from an error body', async () => {
    const { result } = await readSite({ [STATUS]: USD, [TOKEN]: { status: 401, body: { success: false, message: `bad token ${KEY}` } } });
    expect(errorOf(result, 'auth')).not.toContain(KEY.slice(-12));
  });
});

/** The legacy pair answers behind an error case, so a probe past the error would succeed and show. */
function legacyUnless(routes: Routes): Routes {
  return SUBSCRIPTION in routes ? {} : LEGACY;
}
