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

const BASE = 'https://bench.example';

/** Median microseconds per read of each provider's typical answer, over `runs` reads. */
export async function parseTimes(runs = 2000): Promise<{ id: string; label: string; micros: number; ok: boolean }[]> {
  const out = [];
  for (const info of PROVIDER_LIST) {
    const typical = TYPICAL[info.id];
    if (!typical) throw new Error(`no typical answer for ${info.id} in bench/parse.ts`);
    let clock = 0;
    const api = createBalanceApi({
      fetch: (async (url: string) =>
        new Response(typical.answers[url.slice(BASE.length)] ?? '{"error":{"message":"not found"}}', {
          status: typical.answers[url.slice(BASE.length)] ? 200 : 404,
          headers: { 'content-type': 'application/json' },
        })) as unknown as typeof fetch,
      // Each read a minute later: a gateway's once-a-minute route stays open.
      now: () => (clock += 61_000),
    });
    const account = { provider: info.id, baseUrl: BASE, key: 'sk-bench-0000000000', options: typical.options ?? {} };
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
