// Per-provider read time for a typical answer, without the network: the fetch
// hands back the provider's documented example at once, so what is measured is
// the pipeline (status, JSON) plus the provider's own success test and parse.
import { PROVIDER_LIST } from '../lib/providers/registry';
import { createBalanceApi } from '../lib/providers';

const json = (value: unknown) => JSON.stringify(value);
/** Path → body, per provider: the examples in /work/shared/api/. */
const TYPICAL: Record<string, { options?: Record<string, string>; answers: Record<string, string> }> = {
  apertis: {
    answers: {
      '/v1/dashboard/billing/credits': json({
        object: 'billing_credits',
        is_subscriber: true,
        payg: { remaining_usd: 12.5, used_usd: 7.5, total_usd: 20, is_unlimited: false },
        subscription: {
          plan_type: 'pro', status: 'active', cycle_quota_limit: 5000, cycle_quota_used: 1800, cycle_quota_remaining: 3200,
          cycle_start: '2026-11-01T00:00:00Z', cycle_end: '2026-12-01T00:00:00Z', payg_fallback_enabled: false,
        },
      }),
    },
  },
  apikley: { answers: { '/api/v1/chat/credit': json({ code: 200, msg: 'success', data: 100 }) } },
  deepseek: {
    answers: {
      '/user/balance': json({
        is_available: true,
        balance_infos: [{ currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' }],
      }),
    },
  },
  openrouter: { answers: { '/api/v1/credits': json({ data: { total_credits: 100.5, total_usage: 25.75 } }) } },
  moonshot: {
    answers: {
      '/v1/users/me/balance': json({
        code: 0, data: { available_balance: 49.58894, voucher_balance: 46.58893, cash_balance: 3.00001 }, scode: '0x0', status: true,
      }),
    },
  },
  vercel: { answers: { '/v1/credits': json({ balance: '95.50', total_used: '4.50' }) } },
  novita: {
    answers: {
      '/openapi/v1/billing/balance/detail': json({
        availableBalance: '1000000', cashBalance: '800000', creditLimit: '200000', pendingCharges: '0', outstandingInvoices: '0',
      }),
    },
  },
  poe: { answers: { '/usage/current_balance': json({ current_point_balance: 1500 }) } },
  aihubmix: { answers: { '/dashboard/billing/remain': json({ total_usage: 5.25 }) } },
  newapi: {
    answers: {
      '/api/status': json({ success: true, data: { quota_per_unit: 500000, display_in_currency: true, quota_display_type: 'USD' } }),
      '/api/usage/token/': json({
        code: true, message: 'ok',
        data: { object: 'token_usage', name: 't', total_granted: 1000000, total_used: 12345, total_available: 987655, unlimited_quota: false, expires_at: 0 },
      }),
    },
  },
  custom: {
    options: { path: '/v1/balance', balanceField: 'data.0.balance', divisor: '', unit: 'USD', header: 'Authorization: Bearer' },
    answers: { '/v1/balance': json({ data: [{ balance: '12.34' }] }) },
  },
};
TYPICAL['moonshot-cn'] = TYPICAL['moonshot']!;

// The signed-in sites (sessions.md §6): a read is each site's requests with the browser's cookie, then parse.
const ORG = '5b0c6a3e-1f2d-4c1a-9e7b-2a9f4c3d8e11';
const API_ORG = '0e9d2b7c-3a4f-4b8e-8c1d-6f5e4a3b2c10';
const ORGS = json([
  { uuid: ORG, name: "jane@example.com's Organization", capabilities: ['claude_max', 'chat'], rate_limit_tier: 'default_claude_max_5x', raven_type: null },
  { uuid: API_ORG, name: 'Jane API', capabilities: ['api'], rate_limit_tier: 'auto_api_evaluation', raven_type: null },
]);
const window = (utilization: number) => ({ utilization, resets_at: '2026-12-24T09:00:00.512354+00:00' });
TYPICAL['claude'] = {
  answers: {
    '/api/organizations': ORGS,
    [`/api/organizations/${ORG}/usage`]: json({
      five_hour: window(42), seven_day: window(18), seven_day_opus: null, seven_day_sonnet: window(7), seven_day_cowork: { utilization: 0, resets_at: null },
      extra_usage: { is_enabled: true, monthly_limit: 5000, used_credits: 1250, utilization: 25, currency: 'USD' },
    }),
    [`/api/organizations/${ORG}/prepaid/credits`]: json({ amount: 3750, currency: 'USD' }),
  },
};
TYPICAL['codex'] = {
  answers: {
    '/api/auth/session': json({ user: { email: 'jane@example.com' }, account: { id: 'a3cc6d1b' }, accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3OTA3NzY4MDB9.fake-signature' }),
    '/backend-api/wham/usage': json({
      plan_type: 'plus',
      rate_limit: {
        primary_window: { used_percent: 46, limit_window_seconds: 18000, reset_after_seconds: 9381, reset_at: 1789922181 },
        secondary_window: { used_percent: 15, limit_window_seconds: 604800, reset_after_seconds: 352201, reset_at: 1790265001 },
      },
      credits: { has_credits: true, unlimited: false, balance: '31.84' },
    }),
  },
};
TYPICAL['cursor'] = {
  answers: {
    '/api/usage-summary': json({
      billingCycleStart: '2026-09-05T08:12:44.000Z', billingCycleEnd: '2026-10-05T08:12:44.000Z', membershipType: 'pro', isUnlimited: false,
      individualUsage: { plan: { enabled: true, used: 760, limit: 2000, totalPercentUsed: 38 }, onDemand: { enabled: true, used: 350, limit: 5000 } },
    }),
  },
};
TYPICAL['anthropic-console'] = { answers: { '/api/organizations': ORGS, [`/api/organizations/${API_ORG}/prepaid/credits`]: json({ amount: 963, currency: 'USD' }) } };

const BASE = 'https://bench.example';
// A signed-in site is read only at its own address, or on this machine.
const SESSION_BASE = 'http://127.0.0.1:9';

/** Median microseconds per read of each provider's typical answer, over `runs` reads. */
export async function parseTimes(runs = 2000): Promise<{ id: string; label: string; micros: number; ok: boolean }[]> {
  const out = [];
  for (const info of PROVIDER_LIST) {
    const typical = TYPICAL[info.id];
    if (!typical) throw new Error(`no typical answer for ${info.id} in bench/parse.ts`);
    let clock = 0;
    const api = createBalanceApi({
      fetch: (async (url: string) =>
        new Response(typical.answers[new URL(url).pathname] ?? '{"error":{"message":"not found"}}', {
          status: typical.answers[new URL(url).pathname] ? 200 : 404,
          headers: { 'content-type': 'application/json' },
        })) as unknown as typeof fetch,
      // Each read a minute later: a gateway's once-a-minute route stays open.
      now: () => (clock += 61_000),
    });
    const base = info.session ? SESSION_BASE : BASE;
    const account = { provider: info.id, baseUrl: base, key: info.session ? '' : 'sk-bench-0000000000', options: typical.options ?? {} };
    const first = await api.read(account);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await api.read(account, first.ok ? first.value : undefined);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    out.push({ id: info.id, label: info.label, micros: samples[Math.floor(runs / 2)]! * 1000, ok: first.ok });
  }
  return out;
}
