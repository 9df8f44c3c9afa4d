// Claude (claude.ai), signed in: a Free, Pro, Max or Team plan's usage windows, read with the
// browser's own claude.ai login (issue 20). Contract: /work/shared/api/sessions.md §1.
import type { BalanceSnapshot, Fact, Limit, LimitKind } from '../model/balance';
import { fail, ok, type Result } from '../model/errors';
import { isRecord, sanitizeMessage } from '../net/http';
import { parseIsoDate } from './pipeline';
import { siteOf } from '../net/base-url';
import { getSessionJson, limitsReading, percentOf, readPercent } from './session';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'claude',
  label: 'Claude (signed in)',
  baseUrl: 'https://claude.ai',
  keyHint: 'sessionHintClaude',
  topUpUrl: 'https://claude.ai/settings/usage',
  unit: 'USD',
  warnBelow: 5,
  session: { loginPath: '/login' },
  limits: true,
} as const satisfies ProviderInfo;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Organisations named in the Organization choice; a user belongs to a handful at most. */
const MAX_ORGS = 20;
const MAX_LABEL = 60;
const UUID = /^[0-9a-f-]{8,64}$/i;

export interface ClaudeOrg {
  uuid: string;
  name: string;
  capabilities: string[];
  plan: string;
}

/** The `/api/organizations` array, each entry checked on its own: one broken entry costs only itself. */
export function parseOrganizations(body: unknown): Result<ClaudeOrg[]> {
  if (!Array.isArray(body)) return fail('bad-response', 'organizations: expected an array');
  const orgs: ClaudeOrg[] = [];
  for (const entry of body.slice(0, MAX_ORGS)) {
    if (!isRecord(entry) || typeof entry['uuid'] !== 'string' || !UUID.test(entry['uuid'])) continue;
    const capabilities = Array.isArray(entry['capabilities']) ? entry['capabilities'].filter((c): c is string => typeof c === 'string') : [];
    orgs.push({
      uuid: entry['uuid'],
      name: sanitizeMessage(entry['name'], '', MAX_LABEL) ?? entry['uuid'],
      capabilities,
      plan: planLabel(capabilities, entry['rate_limit_tier'], entry['raven_type']),
    });
  }
  return orgs.length ? ok(orgs) : fail('bad-response', 'organizations: no organisation in the answer');
}

/** Team if `raven_type` is set; Max 5x / 20x from the tier; Pro; else Free (sessions.md §1.1). */
function planLabel(capabilities: readonly string[], tier: unknown, raven: unknown): string {
  if (raven !== null && raven !== undefined && raven !== '') return 'Team';
  if (capabilities.includes('claude_max')) {
    const x = typeof tier === 'string' ? /max_(\d+)x/.exec(tier)?.[1] : undefined;
    return x ? `Max ${x}x` : 'Max';
  }
  if (capabilities.includes('claude_pro')) return 'Pro';
  return 'Free';
}

/** The claude.ai (subscription) organisations: those with `chat`, else those that are not API-only. */
export function chatOrganizations(orgs: readonly ClaudeOrg[]): ClaudeOrg[] {
  const chat = orgs.filter((o) => o.capabilities.includes('chat'));
  if (chat.length) return chat;
  const notApi = orgs.filter((o) => !(o.capabilities.length === 1 && o.capabilities[0] === 'api'));
  return notApi.length ? notApi : [...orgs];
}

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const listed = await getSessionJson(ctx, '/api/organizations');
  if (!listed.ok) return listed;
  const orgs = parseOrganizations(listed.value.body);
  if (!orgs.ok) return orgs;
  const choices = chatOrganizations(orgs.value);
  const chosen = ctx.options['org'];
  // An organisation chosen before and no longer reachable by this login: read the default, and say so.
  let org = choices.find((o) => o.uuid === chosen) ?? choices[0]!;
  let gone = !!chosen && org.uuid !== chosen;

  let usage = await getSessionJson(ctx, `/api/organizations/${org.uuid}/usage`, { other: orgDenied });
  // Listed, but this login may not read it (removed from a Team, sessions.md §1.4): the default one, and say so.
  if (!usage.ok && usage.error.message === ORG_DENIED && org !== choices[0]) {
    org = choices[0]!;
    gone = true;
    usage = await getSessionJson(ctx, `/api/organizations/${org.uuid}/usage`, { other: orgDenied });
  }
  if (!usage.ok) return usage.error.message === ORG_DENIED ? fail('signed-out', `Not signed in to ${siteOf(ctx.baseUrl)} for ${org.name}`, { status: 403, site: siteOf(ctx.baseUrl) }) : usage;
  const parsed = parseClaudeUsage(usage.value.body);
  if (!parsed.ok) return parsed;
  const { limits, dropped, unit, extraEnabled } = parsed.value;

  const facts: Fact[] = [];
  if (extraEnabled) {
    // Optional: a failure here never costs the windows beside it.
    const prepaid = await getSessionJson(ctx, `/api/organizations/${org.uuid}/prepaid/credits`);
    const cents = prepaid.ok ? parsePrepaidCents(prepaid.value.body) : undefined;
    if (cents !== undefined) facts.push({ name: 'prepaid', value: cents / 100 });
  }
  return ok({
    ...limitsReading(info.id, unit, limits, dropped, facts, ctx.http.now()),
    ...(gone ? { notes: ['org-gone' as const] } : {}),
    plan: org.plan,
    org: org.name,
    ...(choices.length > 1 ? { orgs: choices.map((o) => ({ id: o.uuid, name: `${o.name} (${o.plan})` })) } : {}),
    via: `org:${org.uuid}`,
  });
}

const ORG_DENIED = 'Invalid authorization for organization';

/** The 403 that names the organisation, not the login: `{"error":{"message":"Invalid authorization for organization"}}`. */
function orgDenied(reply: { status: number }, body: unknown): Result<never> | undefined {
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const message = typeof error?.['message'] === 'string' ? error['message'] : '';
  return reply.status === 403 && /for organi[sz]ation/i.test(message) ? fail('signed-out', ORG_DENIED, { status: 403 }) : undefined;
}

/** `{ amount: 3750, currency: "USD" }`: cents, a whole non-negative number; anything else is no figure. */
export function parsePrepaidCents(body: unknown): number | undefined {
  const amount = isRecord(body) ? body['amount'] : undefined;
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount >= 0 ? amount : undefined;
}

interface ClaudeUsage {
  limits: Limit[];
  dropped: string[];
  unit: string;
  extraEnabled: boolean;
}

/** Known windows by key; any other non-null `seven_day_*` is a weekly window named from its key. */
const WINDOWS: Record<string, { kind: LimitKind; windowMs: number }> = {
  five_hour: { kind: 'session', windowMs: 5 * HOUR },
  seven_day: { kind: 'weekly', windowMs: 7 * DAY },
};
const WEEKLY_PREFIX = 'seven_day_';
const MAX_WINDOWS = 16;

/** The usage object: each window on its own (a broken one is dropped with words), extra usage in cents. */
export function parseClaudeUsage(body: unknown): Result<ClaudeUsage> {
  if (!isRecord(body)) return fail('bad-response', 'usage: expected an object');
  const limits: Limit[] = [];
  const dropped: string[] = [];
  const scoped = scopedFromLimitsArray(body['limits'], dropped);
  for (const [key, value] of Object.entries(body)) {
    if (limits.length >= MAX_WINDOWS) break;
    const known = Object.hasOwn(WINDOWS, key) ? WINDOWS[key] : undefined;
    const weekly = !known && key.startsWith(WEEKLY_PREFIX) && /^[a-z0-9_]{1,40}$/.test(key);
    if ((!known && !weekly) || value === null) continue;
    // The newer `limits` array names the per-model windows better: it wins for them.
    if (weekly && scoped?.length && MODEL_KEYS.has(key)) continue;
    const window = readWindow(value);
    if (typeof window === 'string') {
      dropped.push(`${key}: ${window}`);
      continue;
    }
    limits.push({
      id: key,
      kind: known?.kind ?? 'weekly',
      ...(weekly ? { scope: scopeName(key.slice(WEEKLY_PREFIX.length)) } : {}),
      usedPercent: window.usedPercent,
      resetsAt: window.resetsAt,
      windowMs: known?.windowMs ?? 7 * DAY,
    });
  }
  if (scoped) limits.push(...scoped.slice(0, Math.max(0, MAX_WINDOWS - limits.length)));

  let unit = 'USD';
  let extraEnabled = false;
  const extra = body['extra_usage'];
  if (isRecord(extra) && extra['is_enabled'] === true) {
    extraEnabled = true;
    const spend = readSpend(extra);
    if (typeof spend === 'string') dropped.push(`extra_usage: ${spend}`);
    else {
      unit = spend.unit;
      limits.push({ id: 'extra_usage', kind: 'spend', usedPercent: spend.usedPercent, used: spend.used, limit: spend.limit });
    }
  } else if (extra !== undefined && extra !== null && !isRecord(extra)) dropped.push('extra_usage: expected an object');

  // Nothing readable is no reading: the last good one stays, and the words say what was wrong.
  if (!limits.length) return fail('bad-response', dropped.length ? dropped.join('; ').slice(0, 300) : 'usage: no limit in the answer');
  return ok({ limits, dropped, unit, extraEnabled });
}

/** `{ utilization, resets_at }`, or what is wrong with it in words. */
function readWindow(value: unknown): { usedPercent: number; resetsAt: number | null } | string {
  if (!isRecord(value)) return 'expected an object';
  const usedPercent = readPercent(value['utilization']);
  if (usedPercent === undefined) return 'utilization: expected a percent from 0 to 100';
  const at = value['resets_at'];
  if (at === null || at === undefined) return { usedPercent, resetsAt: null };
  const resetsAt = typeof at === 'string' ? parseIsoDate(at) : undefined;
  if (resetsAt === undefined) return 'resets_at: expected an ISO 8601 date';
  return { usedPercent, resetsAt };
}

/** Extra usage: cents of a monthly cap; its percent from the site, else from the amounts. */
function readSpend(extra: Record<string, unknown>): { usedPercent: number; used: number; limit: number; unit: string } | string {
  const cents = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1e12 ? x : undefined);
  const limit = cents(extra['monthly_limit']);
  const used = cents(extra['used_credits']);
  if (limit === undefined || used === undefined) return 'expected monthly_limit and used_credits in cents';
  const sent = extra['utilization'];
  const usedPercent = sent === undefined || sent === null ? (limit > 0 ? percentOf(used, limit) : 0) : readPercent(sent);
  if (usedPercent === undefined) return 'utilization: expected a percent from 0 to 100';
  const currency = typeof extra['currency'] === 'string' && /^[A-Z]{3}$/.test(extra['currency']) ? extra['currency'] : 'USD';
  return { usedPercent, used: used / 100, limit: limit / 100, unit: currency };
}

// The older per-model keys the `limits` array replaces when present.
const MODEL_KEYS = new Set(['seven_day_sonnet', 'seven_day_opus']);

/** Weekly per-model windows from the newer `limits` array (kind `weekly_scoped`), named by the model's display name. */
function scopedFromLimitsArray(value: unknown, dropped: string[]): Limit[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const limits: Limit[] = [];
  for (const entry of value.slice(0, MAX_WINDOWS)) {
    if (!isRecord(entry) || entry['kind'] !== 'weekly_scoped') continue;
    const scope = isRecord(entry['scope']) && isRecord(entry['scope']['model']) ? entry['scope']['model'] : undefined;
    const model = sanitizeMessage(scope?.['display_name'], '', 40);
    const id = typeof scope?.['id'] === 'string' && /^[\w.-]{1,64}$/.test(scope['id']) ? scope['id'] : model?.toLowerCase().replace(/[^\w.-]+/g, '-').slice(0, 64);
    if (!model || !id) continue;
    const window = readWindow({ utilization: entry['percent'], resets_at: entry['resets_at'] });
    if (typeof window === 'string') {
      dropped.push(`limits (${model}): ${window}`);
      continue;
    }
    limits.push({ id: `weekly:${id}`, kind: 'weekly', scope: model, usedPercent: window.usedPercent, resetsAt: window.resetsAt, windowMs: 7 * DAY });
  }
  return limits;
}

const WORDS: Record<string, string> = { oauth: 'OAuth', apps: 'apps', api: 'API' };

/** `oauth_apps` → "OAuth apps", `sonnet` → "Sonnet", `cowork` → "Cowork". */
export function scopeName(key: string): string {
  const words = key.split('_').filter(Boolean).map((w) => WORDS[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
