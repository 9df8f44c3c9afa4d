// A local fake of the four signed-in sites in /work/shared/api/sessions.md (§6 examples), each on its OWN
// 127.0.0.1 port. Each has a login page that sets an `HttpOnly; SameSite=Lax` session cookie and a logout
// page that clears it, and every endpoint answers its signed-out form without that cookie: a test that sees
// the signed-in answer proves the BROWSER attached the cookie to the extension's request (the extension
// never sees it). No CORS headers, as the real sites send none to an extension: its host permission is what
// lets it read the answer. Plain node:http, no Playwright imports, so the Firefox suite uses it too.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServerPool, type ServedAnswer } from './fake-server';

export const SESSION_SITES = ['claude', 'chatgpt', 'cursor', 'console'] as const;
export type SessionSite = (typeof SESSION_SITES)[number];

/** The cookie each site's login sets (distinct names: the four share the host 127.0.0.1, and cookies ignore ports). */
const COOKIES: Record<SessionSite, string> = {
  claude: 'sessionKey',
  chatgpt: 'chatgpt-session',
  cursor: 'WorkosCursorSessionToken',
  console: 'console-sessionKey',
};

export const CLAUDE_ORG = '5b0c6a3e-1f2d-4c1a-9e7b-2a9f4c3d8e11';
export const API_ORG = '0e9d2b7c-3a4f-4b8e-8c1d-6f5e4a3b2c10';
export const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3OTA3NzY4MDB9.fake-signature';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const CLAUDE_ORGS = [
  { uuid: CLAUDE_ORG, name: "jane@example.com's Organization", capabilities: ['claude_max', 'chat'], rate_limit_tier: 'default_claude_max_5x', billing_type: 'stripe_subscription', raven_type: null },
  { uuid: API_ORG, name: 'Jane API', capabilities: ['api'], rate_limit_tier: 'auto_api_evaluation', billing_type: null, raven_type: null },
];

/** Python-style ISO with microseconds and an offset, as claude.ai writes it. */
const pythonIso = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1331+00:00');

/** The §6 usage, its resets relative to now (a 5-hour window 3 hours in, a week 4 days in). */
export function claudeUsage(o: { fiveHour?: number; weekly?: number; now?: number } = {}) {
  const now = o.now ?? Date.now();
  return {
    five_hour: { utilization: o.fiveHour ?? 42.0, resets_at: pythonIso(now + 2 * HOUR) },
    seven_day: { utilization: o.weekly ?? 18.0, resets_at: pythonIso(now + 3 * DAY) },
    seven_day_oauth_apps: null,
    seven_day_opus: null,
    seven_day_sonnet: { utilization: 7.0, resets_at: pythonIso(now + 3 * DAY) },
    seven_day_cowork: { utilization: 0.0, resets_at: null },
    extra_usage: { is_enabled: true, monthly_limit: 5000, used_credits: 1250, utilization: 25.0, currency: 'USD' },
  };
}

export function codexUsage(o: { fiveHour?: number; weekly?: number; now?: number } = {}) {
  const now = Math.floor((o.now ?? Date.now()) / 1000);
  return {
    plan_type: 'plus',
    rate_limit: {
      allowed: true,
      limit_reached: false,
      primary_window: { used_percent: o.fiveHour ?? 46, limit_window_seconds: 18000, reset_after_seconds: 9381, reset_at: now + 9381 },
      secondary_window: { used_percent: o.weekly ?? 15, limit_window_seconds: 604800, reset_after_seconds: 352201, reset_at: now + 352201 },
    },
    code_review_rate_limit: { allowed: true, limit_reached: false, primary_window: { used_percent: 0, limit_window_seconds: 604800, reset_after_seconds: 604800, reset_at: now + 604800 }, secondary_window: null },
    additional_rate_limits: null,
    credits: { has_credits: true, unlimited: false, overage_limit_reached: false, balance: '31.84' },
  };
}

export function cursorUsage(o: { plan?: number; now?: number } = {}) {
  const now = o.now ?? Date.now();
  return {
    billingCycleStart: new Date(now - 15 * DAY).toISOString(),
    billingCycleEnd: new Date(now + 15 * DAY).toISOString(),
    membershipType: 'pro',
    limitType: 'user',
    isUnlimited: false,
    individualUsage: {
      plan: { enabled: true, used: 760, limit: 2000, remaining: 1240, autoPercentUsed: 31.5, apiPercentUsed: 44.0, totalPercentUsed: o.plan ?? 38.0 },
      onDemand: { enabled: true, used: 350, limit: 5000, remaining: 4650 },
    },
    teamUsage: {},
  };
}

const CLAUDE_SIGNED_OUT: ServedAnswer = {
  status: 403,
  body: { type: 'error', error: { type: 'permission_error', message: 'Invalid authorization', details: { error_code: 'account_session_invalid', error_visibility: 'user_facing' } }, request_id: null },
};

/** A Cloudflare challenge: what a site sends when it wants a human in a tab. */
export const BOT_CHECK: ServedAnswer = {
  status: 403,
  body: '<!DOCTYPE html><title>Just a moment...</title>',
  contentType: 'text/html; charset=UTF-8',
  headers: { 'cf-mitigated': 'challenge' },
};

export const RATE_LIMITED: ServedAnswer = {
  status: 429,
  body: { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited. Please try again later.' } },
  headers: { 'Retry-After': '120' },
};

export interface SessionRequest {
  site: SessionSite;
  method: string;
  path: string;
  /** The site's own session cookie came with it (sent by the browser, never by the extension). */
  signedIn: boolean;
  /** Any Cookie header at all. */
  cookie: boolean;
  authorization: string | null;
  origin: string | null;
}

export interface SessionFake {
  /** `http://127.0.0.1:<port>` of each site. */
  url: Record<SessionSite, string>;
  /** Overrides one path's answer for a signed-in visitor (until reset), e.g. a bot check or other values. */
  set(site: SessionSite, path: string, answer: ServedAnswer | (() => ServedAnswer)): void;
  reset(): void;
  requests: SessionRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

type Route = () => ServedAnswer;

const json = (body: unknown): ServedAnswer => ({ status: 200, body });

/** Each site's routes for a signed-in visitor, and what the same routes answer to a visitor without the cookie. */
const SITES: Record<SessionSite, { signedIn: Record<string, Route>; signedOut: Route; sessionSignedOut?: Record<string, Route> }> = {
  claude: {
    signedIn: {
      '/api/organizations': () => json(CLAUDE_ORGS),
      [`/api/organizations/${CLAUDE_ORG}/usage`]: () => json(claudeUsage()),
      [`/api/organizations/${CLAUDE_ORG}/prepaid/credits`]: () => json({ amount: 3750, currency: 'USD' }),
    },
    signedOut: () => CLAUDE_SIGNED_OUT,
  },
  chatgpt: {
    signedIn: {
      '/api/auth/session': () =>
        json({
          user: { id: 'user-Ab12Cd34Ef56Gh78Ij90Kl12', name: 'Jane Doe', email: 'jane@example.com' },
          expires: '2026-12-19T14:00:00.000Z',
          account: { id: 'a3cc6d1b-2a1b-475b-9b94-54191484abb8' },
          accessToken: ACCESS_TOKEN,
          authProvider: 'auth0',
        }),
      '/backend-api/wham/usage': () => json(codexUsage()),
    },
    signedOut: () => ({ status: 401, body: { detail: 'Unauthorized' } }),
    // Signed out, the session answers 200 with an empty object.
    sessionSignedOut: { '/api/auth/session': () => json({}) },
  },
  cursor: {
    signedIn: { '/api/usage-summary': () => json(cursorUsage()) },
    signedOut: () => ({ status: 401, body: { error: 'not_authenticated', description: 'The user does not have an active session or is not authenticated' } }),
  },
  console: {
    signedIn: {
      '/api/organizations': () => json(CLAUDE_ORGS),
      [`/api/organizations/${API_ORG}/prepaid/credits`]: () => json({ amount: 963, currency: 'USD' }),
    },
    signedOut: () => CLAUDE_SIGNED_OUT,
  },
};

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export async function startSessionFake(): Promise<SessionFake> {
  const pool = createServerPool();
  const sessions = new Map<SessionSite, Set<string>>(SESSION_SITES.map((s) => [s, new Set()]));
  const overrides = new Map<string, ServedAnswer | (() => ServedAnswer)>();
  const requests: SessionRequest[] = [];
  const url = {} as Record<SessionSite, string>;

  for (const site of SESSION_SITES) {
    const name = COOKIES[site];
    const { port } = await pool.listen((req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const token = cookieOf(req, name);
      const signedIn = !!token && sessions.get(site)!.has(token);
      requests.push({
        site,
        method: req.method ?? '',
        path,
        signedIn,
        cookie: !!req.headers.cookie,
        authorization: req.headers.authorization ?? null,
        origin: req.headers.origin ?? null,
      });
      const page = (title: string, headers: Record<string, string> = {}) =>
        pool.send(res, { status: 200, body: `<!doctype html><html lang="en"><title>${title}</title><h1>${title}</h1></html>`, contentType: 'text/html; charset=utf-8', headers }, 0);
      if (path === '/login') {
        const fresh = randomBytes(16).toString('hex');
        sessions.get(site)!.add(fresh);
        return page(`Signed in to the fake ${site}`, { 'Set-Cookie': `${name}=${fresh}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400` });
      }
      if (path === '/logout') {
        if (token) sessions.get(site)!.delete(token);
        return page(`Signed out of the fake ${site}`, { 'Set-Cookie': `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
      }
      if (path === '/' || path === '/dashboard' || path === '/auth/login') return page(`The fake ${site}`);
      const spec = SITES[site];
      // GET only: the extension never writes to a signed-in site.
      if (req.method !== 'GET') return pool.send(res, { status: 405, body: { error: 'method not allowed' } }, 0);
      if (!signedIn) {
        const out = spec.sessionSignedOut?.[path] ?? (spec.signedIn[path] ? spec.signedOut : undefined);
        return pool.send(res, out ? out() : { status: 404, body: { error: 'not found' } }, 0);
      }
      // ChatGPT's usage wants the access token the session handed out, on top of the cookie.
      if (site === 'chatgpt' && path === '/backend-api/wham/usage' && req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
        return pool.send(res, spec.signedOut(), 0);
      }
      const override = overrides.get(`${site} ${path}`);
      if (override) return pool.send(res, typeof override === 'function' ? override() : override, 0);
      const route = spec.signedIn[path];
      return pool.send(res, route ? route() : { status: 404, body: { error: 'not found' } }, 0);
    });
    url[site] = `http://127.0.0.1:${port}`;
  }

  return {
    url,
    set: (site, path, answer) => void overrides.set(`${site} ${path}`, answer),
    reset: () => overrides.clear(),
    requests,
    clearRequests: () => void requests.splice(0),
    close: () => pool.close(),
  };
}

export const claudeUsagePath = `/api/organizations/${CLAUDE_ORG}/usage`;
