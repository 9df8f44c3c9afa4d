// Apertis (formerly Stima): GET {base}/v1/dashboard/billing/credits, amounts in USD.
// Contract and the older field names: /work/shared/api/README.md.
import * as v from 'valibot';
import type { BalanceSnapshot, Cycle, MonthlyCap } from '../model/balance';
import { fail, ok, type Result } from '../model/errors';
import type { ProviderInfo, ReadContext } from './types';
import {
  amountSchema,
  balanceSchema,
  describeIssue,
  isRecord,
  sanitizeMessage,
} from '../net/http';
import { getJson, parseIsoDate } from './pipeline';

export const info = {
  id: 'apertis',
  label: 'Apertis',
  baseUrl: 'https://api.apertis.ai',
  grantedAtInstall: true,
  keyHint: 'keyHintApertis',
  keyUrl: 'https://apertis.ai',
  topUpUrl: 'https://apertis.ai',
  unit: 'USD',
  // A coding agent burns a few dollars an hour: $5 leaves time to top up.
  warnBelow: 5,
  // Subscription keys are the only `sk-sub-` keys around.
  keyMarks: [/^sk-sub-/],
  apiSuffix: /\/v1\/*$/,
  cycle: true,
} as const satisfies ProviderInfo;

const PATH = '/v1/dashboard/billing/credits';
const UNLIMITED = 'unlimited';
const MAX_LABEL_CHARS = 40;

const OBJECT = 'expected an object';
const BOOLEAN = 'expected true or false';
const QUOTA = 'expected a non-negative whole number';
const DAY = 'expected a whole day of month from 1 to 31';
const DATE = 'expected an ISO 8601 date';

const boolean = v.boolean(BOOLEAN);
const quota = v.pipe(v.number(QUOTA), v.safeInteger(QUOTA), v.minValue(0, QUOTA));
const resetDay = v.pipe(v.number(DAY), v.integer(DAY), v.minValue(1, DAY), v.maxValue(31, DAY));
// Plan and status names beyond the documented ones are shown as text, so keep them short and clean.
const label = v.pipe(
  v.string('expected a string'),
  v.transform((text) => sanitizeMessage(text, '', MAX_LABEL_CHARS) ?? ''),
);
const isoDate = v.pipe(
  v.string(DATE),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const ms = parseIsoDate(dataset.value);
    if (ms === undefined) {
      addIssue({ message: DATE });
      return NEVER;
    }
    return ms;
  }),
);
// The older shape sends the string "unlimited" instead of a number.
const balanceOrUnlimited = v.union([balanceSchema, v.literal(UNLIMITED)], 'expected a number or "unlimited"');

// Every field is optional here: which ones must be present depends on the shape
// (current or older names) and on whether the key is unlimited; see toBalance.
const Payg = v.object(
  {
    remaining_usd: v.optional(v.nullable(balanceSchema)),
    used_usd: v.optional(amountSchema),
    total_usd: v.optional(v.nullable(balanceSchema)),
    is_unlimited: v.optional(boolean),
    monthly_limit_usd: v.optional(amountSchema),
    monthly_used_usd: v.optional(amountSchema),
    monthly_reset_day: v.optional(resetDay),
    account_credits: v.optional(balanceSchema),
    token_used: v.optional(amountSchema),
    token_total: v.optional(balanceOrUnlimited),
    token_remaining: v.optional(balanceOrUnlimited),
    token_is_unlimited: v.optional(boolean),
  },
  OBJECT,
);
type Payg = v.InferOutput<typeof Payg>;

const Subscription = v.object(
  {
    plan_type: label,
    status: label,
    cycle_quota_limit: quota,
    cycle_quota_used: quota,
    cycle_quota_remaining: quota,
    cycle_start: isoDate,
    cycle_end: isoDate,
    payg_fallback_enabled: boolean,
    payg_spent_usd: v.optional(amountSchema),
    payg_limit_usd: v.optional(amountSchema),
  },
  OBJECT,
);

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const reply = await getJson(ctx, PATH);
  if (!reply.ok) return reply;
  const parsed = parseApertisCredits(reply.value.body, ctx.http.now());
  return parsed.ok ? parsed : fail(parsed.error.kind, parsed.error.message, { status: reply.value.status });
}

/** A 2xx body to the normalized snapshot, or `bad-response` naming the offending field. */
export function parseApertisCredits(body: unknown, readAt: number): Result<BalanceSnapshot> {
  if (!isRecord(body)) return fail('bad-response', 'expected a JSON object');
  if (body['object'] !== undefined && body['object'] !== 'billing_credits') {
    return fail('bad-response', 'object: expected "billing_credits"');
  }
  // The older shape may put the payg fields at the top level.
  const nested = 'payg' in body;
  const paygBody = nested ? body['payg'] : body;
  const prefix = nested ? 'payg' : '';
  if (!isRecord(paygBody)) return fail('bad-response', `payg: ${OBJECT}`);
  const payg = v.safeParse(Payg, paygBody);
  if (!payg.success) return fail('bad-response', describeIssue(payg.issues, prefix));
  const hasPaygFields = nested || Object.keys(Payg.entries).some((name) => name in body);
  const balance = toBalance(payg.output, prefix, hasPaygFields);
  if (!balance.ok) return balance;

  let cycle: Cycle | undefined;
  const subscription = body['subscription'];
  if (subscription !== undefined && subscription !== null) {
    if (!isRecord(subscription)) return fail('bad-response', `subscription: ${OBJECT}`);
    const parsed = v.safeParse(Subscription, subscription);
    if (!parsed.success) return fail('bad-response', describeIssue(parsed.issues, 'subscription'));
    const s = parsed.output;
    cycle = {
      plan: s.plan_type,
      status: s.status,
      limit: s.cycle_quota_limit,
      used: s.cycle_quota_used,
      remaining: s.cycle_quota_remaining,
      start: s.cycle_start,
      end: s.cycle_end,
      paygFallback: s.payg_fallback_enabled,
      ...(s.payg_spent_usd === undefined ? {} : { paygSpentUsd: s.payg_spent_usd }),
      ...(s.payg_limit_usd === undefined ? {} : { paygLimitUsd: s.payg_limit_usd }),
    };
  }

  return ok({
    provider: 'apertis',
    unit: 'USD',
    ...balance.value,
    ...(cycle ? { cycle } : {}),
    readAt,
  });
}

type PaygBalance = Pick<
  BalanceSnapshot,
  'remaining' | 'used' | 'total' | 'unlimited' | 'accountBalance' | 'monthly'
>;

/** Current names win over older ones; an unlimited flag wins over any number. */
function toBalance(p: Payg, prefix: string, hasPaygFields: boolean): Result<PaygBalance> {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  // Name the field the way this server spells it.
  const remainingName =
    p.remaining_usd === undefined && Object.keys(p).some((name) => name.startsWith('token_'))
      ? 'token_remaining'
      : 'remaining_usd';
  const unlimited =
    p.is_unlimited === true ||
    p.token_is_unlimited === true ||
    p.token_total === UNLIMITED ||
    p.token_remaining === UNLIMITED;
  const used = p.used_usd ?? p.token_used;

  let remaining: number | null = null;
  let total: number | null | undefined = null;
  if (!unlimited) {
    const sent = p.remaining_usd !== undefined ? p.remaining_usd : p.token_remaining;
    if (sent === undefined) {
      return fail('bad-response', hasPaygFields ? `${at(remainingName)}: missing` : 'payg: missing');
    }
    // A null balance only means "unlimited" when the server says so; never read it as zero.
    if (typeof sent !== 'number') {
      return fail('bad-response', `${at(remainingName)}: expected a number`);
    }
    remaining = sent;
    const sentTotal = p.total_usd !== undefined ? p.total_usd : p.token_total;
    if (sentTotal === null || sentTotal === UNLIMITED) {
      return fail('bad-response', `${at('total_usd')}: expected a number`);
    }
    total = sentTotal;
  }

  let monthly: MonthlyCap | undefined;
  if (p.monthly_limit_usd !== undefined) {
    if (p.monthly_used_usd === undefined) return fail('bad-response', `${at('monthly_used_usd')}: missing`);
    monthly = {
      limit: p.monthly_limit_usd,
      used: p.monthly_used_usd,
      ...(p.monthly_reset_day === undefined ? {} : { resetDay: p.monthly_reset_day }),
    };
  }

  return ok({
    remaining,
    ...(used === undefined ? {} : { used }),
    ...(total === undefined ? {} : { total }),
    unlimited,
    ...(p.account_credits === undefined ? {} : { accountBalance: p.account_credits }),
    ...(monthly ? { monthly } : {}),
  });
}
