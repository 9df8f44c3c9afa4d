// Cursor (cursor.com), signed in: the plan's included usage this billing cycle and on-demand spend
// against its limit, read with the browser's own cursor.com login (issue 20). Contract:
// /work/shared/api/sessions.md §3. Only the GET; Cursor's POST dashboard endpoints are never called.
import type { BalanceSnapshot, Limit } from '../model/balance';
import { fail, ok, type Result } from '../model/errors';
import { isRecord } from '../net/http';
import { parseIsoDate } from './pipeline';
import { getSessionJson, limitsReading, percentOf, readPercent } from './session';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'cursor',
  label: 'Cursor (signed in)',
  baseUrl: 'https://cursor.com',
  keyHint: 'sessionHintCursor',
  topUpUrl: 'https://cursor.com/dashboard',
  unit: 'USD',
  warnBelow: 5,
  session: { loginPath: '/dashboard' },
  limits: true,
} as const satisfies ProviderInfo;

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const reply = await getSessionJson(ctx, '/api/usage-summary');
  if (!reply.ok) return reply;
  const parsed = parseCursorUsage(reply.value.body);
  if (!parsed.ok) return parsed;
  const { limits, dropped = [], plan } = parsed.value;
  return ok({ ...limitsReading(info.id, info.unit, limits ?? [], dropped, [], ctx.http.now()), ...(plan ? { plan } : {}) });
}

type CursorReading = Pick<BalanceSnapshot, 'limits' | 'dropped' | 'plan'>;

const cents = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1e12 ? x : undefined);

export function parseCursorUsage(body: unknown): Result<CursorReading> {
  if (!isRecord(body)) return fail('bad-response', 'usage-summary: expected an object');
  const limits: Limit[] = [];
  const dropped: string[] = [];
  const start = typeof body['billingCycleStart'] === 'string' ? parseIsoDate(body['billingCycleStart']) : undefined;
  const end = typeof body['billingCycleEnd'] === 'string' ? parseIsoDate(body['billingCycleEnd']) : undefined;
  const cycle = end === undefined ? {} : { resetsAt: end, ...(start !== undefined && start < end ? { windowMs: end - start } : {}) };

  const individual = isRecord(body['individualUsage']) ? body['individualUsage'] : {};
  const plan = individual['plan'];
  if (isRecord(plan) && plan['enabled'] !== false && body['isUnlimited'] !== true) {
    const usedPercent = planPercent(plan);
    if (usedPercent === undefined) dropped.push('individualUsage.plan: expected a percent from 0 to 100');
    else {
      const used = cents(plan['used']);
      const limit = cents(plan['limit']);
      limits.push({
        id: 'plan',
        kind: 'monthly',
        usedPercent,
        ...cycle,
        ...(used !== undefined && limit !== undefined ? { used: used / 100, limit: limit / 100 } : {}),
      });
    }
  }
  const spend = (id: string, field: string, value: unknown, scope?: string) => {
    if (!isRecord(value) || value['enabled'] === false) return;
    const used = cents(value['used']);
    // A null limit is unlimited on-demand spend: nothing that can fill.
    if (value['limit'] === null || value['limit'] === undefined) return;
    const limit = cents(value['limit']);
    if (used === undefined || limit === undefined) return void dropped.push(`${field}: expected used and limit in cents`);
    limits.push({
      id,
      kind: 'spend',
      ...(scope ? { scope } : {}),
      usedPercent: percentOf(used, limit),
      used: used / 100,
      limit: limit / 100,
      ...cycle,
    });
  };
  spend('on_demand', 'individualUsage.onDemand', individual['onDemand']);
  const team = isRecord(body['teamUsage']) ? body['teamUsage'] : {};
  spend('team_on_demand', 'teamUsage.onDemand', team['onDemand'], 'Team');
  spend('team_pooled', 'teamUsage.pooled', team['pooled'], 'Team pool');

  // Nothing readable is no reading: the last good one stays, and the words say what was wrong.
  if (!limits.length) return fail('bad-response', dropped.length ? dropped.join('; ').slice(0, 300) : 'usage-summary: no plan usage in the answer');
  const membership = typeof body['membershipType'] === 'string' && /^[a-z_]{1,20}$/.test(body['membershipType']) ? body['membershipType'] : undefined;
  return ok({
    limits,
    ...(dropped.length ? { dropped } : {}),
    ...(membership ? { plan: membership.charAt(0).toUpperCase() + membership.slice(1).replace(/_/g, ' ') } : {}),
  });
}

/** `totalPercentUsed`; else the mean of the auto and API percents; else used of limit (sessions.md §3). */
function planPercent(plan: Record<string, unknown>): number | undefined {
  if (plan['totalPercentUsed'] !== undefined && plan['totalPercentUsed'] !== null) return readPercent(plan['totalPercentUsed']);
  const auto = readPercent(plan['autoPercentUsed']);
  const api = readPercent(plan['apiPercentUsed']);
  if (auto !== undefined && api !== undefined) return (auto + api) / 2;
  const used = cents(plan['used']);
  const limit = cents(plan['limit']);
  return used !== undefined && limit !== undefined && limit > 0 ? percentOf(used, limit) : undefined;
}
