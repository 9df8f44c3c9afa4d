// ChatGPT Codex (chatgpt.com), signed in: a Plus, Pro or Team plan's Codex windows, read with the
// browser's own chatgpt.com login (issue 20). Contract: /work/shared/api/sessions.md §2.
import type { BalanceSnapshot, Fact, Limit, LimitKind } from '../model/balance';
import { fail, ok, type Result } from '../model/errors';
import { isRecord, sanitizeMessage } from '../net/http';
import { optionalDecimal } from './pipeline';
import { siteOf } from '../net/base-url';
import { getSessionJson, limitsReading, signedOut } from './session';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'codex',
  label: 'ChatGPT Codex (signed in)',
  baseUrl: 'https://chatgpt.com',
  keyHint: 'sessionHintCodex',
  topUpUrl: 'https://chatgpt.com/codex/settings/usage',
  unit: 'credits',
  warnBelow: 5,
  session: { loginPath: '/auth/login' },
  limits: true,
} as const satisfies ProviderInfo;

interface Session {
  token: string;
  accountId?: string;
  email?: string;
}

/**
 * The access token the session hands out is a credential: it lives here, in the background's memory,
 * for this worker's life only (never in storage, a message to a page, a log or an export).
 */
const sessions = new Map<string, Session>();

/** Forgets the token of every site but `keep` (its last account removed; all of them in tests, as a worker restart does). */
export function forgetSessions(keep: readonly string[] = []): void {
  for (const site of [...sessions.keys()]) if (!keep.includes(site)) sessions.delete(site);
}

async function session(ctx: ReadContext, fresh: boolean): Promise<Result<Session>> {
  const kept = sessions.get(ctx.baseUrl);
  if (kept && !fresh) return ok(kept);
  sessions.delete(ctx.baseUrl);
  const reply = await getSessionJson(ctx, '/api/auth/session');
  if (!reply.ok) return reply;
  const body = reply.value.body;
  // Signed out: 200 with `{}`, no token.
  const token = isRecord(body) ? body['accessToken'] : undefined;
  if (typeof token !== 'string' || !/^[\w.~+/=-]{16,8192}$/.test(token)) return signedOut(siteOf(ctx.baseUrl), reply.value.status);
  const account = isRecord(body) && isRecord(body['account']) ? body['account']['id'] : undefined;
  const user = isRecord(body) && isRecord(body['user']) ? body['user'] : undefined;
  const email = sanitizeMessage(user?.['email'], '', 80);
  const found: Session = {
    token,
    ...(typeof account === 'string' && /^[\w-]{1,64}$/.test(account) ? { accountId: account } : {}),
    ...(email ? { email } : {}),
  };
  sessions.set(ctx.baseUrl, found);
  return ok(found);
}

async function usage(ctx: ReadContext, s: Session) {
  return getSessionJson(ctx, '/backend-api/wham/usage', {
    headers: { Authorization: `Bearer ${s.token}`, ...(s.accountId ? { 'ChatGPT-Account-Id': s.accountId } : {}) },
    secret: s.token,
  });
}

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  let s = await session(ctx, false);
  if (!s.ok) return s;
  let reply = await usage(ctx, s.value);
  // A token the site no longer takes: ask the session once more, then it is a sign-out.
  if (!reply.ok && reply.error.kind === 'signed-out') {
    s = await session(ctx, true);
    if (!s.ok) return s;
    reply = await usage(ctx, s.value);
  }
  if (!reply.ok) {
    if (reply.error.kind === 'signed-out') sessions.delete(ctx.baseUrl);
    return reply;
  }
  const parsed = parseCodexUsage(reply.value.body);
  if (!parsed.ok) return parsed;
  const { limits, dropped, plan, credits } = parsed.value;
  const facts: Fact[] = credits === undefined ? [] : [{ name: 'credits', value: credits }];
  return ok({
    ...limitsReading(info.id, info.unit, limits, dropped, facts, ctx.http.now()),
    ...(plan ? { plan } : {}),
    ...(s.value.email ? { org: s.value.email } : {}),
  });
}

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
const MAX_WINDOWS = 16;

interface CodexUsage {
  limits: Limit[];
  dropped: string[];
  plan?: string;
  credits?: number;
}

/** `wham/usage`: every window named by its length, never by its slot (the weekly one has moved slots before). */
export function parseCodexUsage(body: unknown): Result<CodexUsage> {
  if (!isRecord(body)) return fail('bad-response', 'usage: expected an object');
  const limits: Limit[] = [];
  const dropped: string[] = [];
  const add = (field: string, rateLimit: unknown, scope?: { id: string; name: string }) => {
    if (rateLimit === null || rateLimit === undefined) return;
    if (!isRecord(rateLimit)) return void dropped.push(`${field}: expected an object`);
    for (const slot of ['primary_window', 'secondary_window']) {
      const window = rateLimit[slot];
      if (window === null || window === undefined) continue;
      const read = readWindow(window);
      if (typeof read === 'string') {
        dropped.push(`${field}.${slot}: ${read}`);
        continue;
      }
      const id = `${scope ? `${scope.id}:` : ''}${windowId(read.seconds)}`;
      if (limits.some((l) => l.id === id) || limits.length >= MAX_WINDOWS) continue;
      limits.push({
        id,
        kind: kindOf(read.seconds),
        ...(scope ? { scope: scope.name } : {}),
        usedPercent: read.usedPercent,
        ...(read.resetsAt === undefined ? {} : { resetsAt: read.resetsAt }),
        windowMs: read.seconds * 1000,
      });
    }
  };
  add('rate_limit', body['rate_limit']);
  add('code_review_rate_limit', body['code_review_rate_limit'], { id: 'code_review', name: 'Code review' });
  const more = body['additional_rate_limits'];
  if (Array.isArray(more)) {
    for (const entry of more.slice(0, MAX_WINDOWS)) {
      const name = isRecord(entry) ? sanitizeMessage(entry['limit_name'], '', 40) : undefined;
      if (!name || !isRecord(entry)) continue;
      add(`additional_rate_limits (${name})`, entry['rate_limit'], { id: name.toLowerCase().replace(/[^\w.-]+/g, '_'), name });
    }
  }
  const planType = isRecord(body) && typeof body['plan_type'] === 'string' && /^[a-z_]{1,20}$/.test(body['plan_type']) ? body['plan_type'] : undefined;
  const c = body['credits'];
  // A decimal string ("31.84"); unlimited credits are no figure to watch.
  const credits = isRecord(c) && c['has_credits'] === true && c['unlimited'] !== true ? optionalDecimal(c['balance'], 1e9) : undefined;
  // Nothing readable is no reading: the last good one stays, and the words say what was wrong.
  if (!limits.length) return fail('bad-response', dropped.length ? dropped.join('; ').slice(0, 300) : 'usage: no limit in the answer');
  return ok({
    limits,
    dropped,
    ...(planType ? { plan: planName(planType) } : {}),
    ...(credits === undefined || credits < 0 ? {} : { credits }),
  });
}

const PLANS: Record<string, string> = { plus: 'Plus', pro: 'Pro', team: 'Team', business: 'Business', enterprise: 'Enterprise', edu: 'Edu', free: 'Free', go: 'Go' };
const planName = (type: string) => PLANS[type] ?? type.charAt(0).toUpperCase() + type.slice(1).replace(/_/g, ' ');

/** 18000 s is the 5-hour window, 604800 s the weekly one; any other length keeps its own id. */
function windowId(seconds: number): string {
  if (seconds === 5 * HOUR_S) return 'five_hour';
  if (seconds === 7 * DAY_S) return 'seven_day';
  return `window_${seconds}`;
}

function kindOf(seconds: number): LimitKind {
  if (seconds >= 28 * DAY_S) return 'monthly';
  if (seconds >= DAY_S) return 'weekly';
  return 'session';
}

function readWindow(value: unknown): { usedPercent: number; seconds: number; resetsAt?: number } | string {
  if (!isRecord(value)) return 'expected an object';
  const used = value['used_percent'];
  if (typeof used !== 'number' || !Number.isFinite(used) || used < 0 || used > 100) return 'used_percent: expected a percent from 0 to 100';
  const seconds = value['limit_window_seconds'];
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds <= 0 || seconds > 366 * DAY_S) {
    return 'limit_window_seconds: expected a positive whole number of seconds';
  }
  const at = value['reset_at'];
  if (at === undefined || at === null) return { usedPercent: used + 0, seconds };
  if (typeof at !== 'number' || !Number.isFinite(at) || at <= 0 || at > 1e11) return 'reset_at: expected unix seconds';
  return { usedPercent: used + 0, seconds, resetsAt: Math.round(at * 1000) };
}
