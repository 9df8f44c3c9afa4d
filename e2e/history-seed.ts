// Accounts with a year of history as storage.local holds it, for the History
// page's e2e screenshots and the bench (issue 21). Written at the resolution the
// history keeps (5 minutes for two days, hourly to 30 days, daily beyond), which
// is what a year of 5-minute polling leaves behind, without a year of appends.
import type { Account } from '../lib/model/account';
import type { BalanceSnapshot } from '../lib/model/balance';
import { fingerprint } from '../lib/store/fingerprint';
import type { AccountState } from '../lib/store/storage';
import type { History, StoredSample } from '../lib/store/types';
import { encodeHistory } from '../lib/store/histories';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The reading times a year of 5-minute polling keeps, oldest first, with the nights the browser was closed left out. */
function keptTimes(now: number, closed: Array<[number, number]>): number[] {
  const times: number[] = [];
  const newest = Math.floor(now / (5 * MINUTE)) * 5 * MINUTE;
  for (let at = newest - 365 * DAY; at <= newest; ) {
    const age = newest - at;
    if (!closed.some(([from, to]) => at >= from && at < to)) times.push(at);
    at += age > 30 * DAY ? DAY : age > 2 * DAY ? HOUR : 5 * MINUTE;
  }
  return times;
}

function random(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

type Profile = 'payg' | 'credits' | 'yuan' | 'limits' | 'cycle';

const NAMES = [
  'Claude Code agent',
  'CI pipeline',
  'Research bot',
  'Nightly evals',
  'Support triage',
  'Docs translator',
  'Staging, EU',
  'Data labeling',
  'Code review bot',
  'Personal',
  'Team "Atlas"',
  'Prod fallback',
];

const PROVIDERS: Record<Profile, { provider: string; unit: string; baseUrl: string }> = {
  payg: { provider: 'apertis', unit: 'USD', baseUrl: 'https://api.apertis.ai' },
  credits: { provider: 'apikley', unit: 'credits', baseUrl: 'https://apikley.ru' },
  yuan: { provider: 'deepseek', unit: 'CNY', baseUrl: 'https://api.deepseek.com' },
  limits: { provider: 'claude', unit: 'USD', baseUrl: 'https://claude.ai' },
  cycle: { provider: 'apertis', unit: 'USD', baseUrl: 'https://api.apertis.ai' },
};

/** One account's history and its last reading, spending on weekdays more than at weekends, topped up when low. */
function yearOf(profile: Profile, index: number, now: number, fp: string): { history: History; snapshot: BalanceSnapshot } {
  const next = random(1000 + index * 7919);
  // The browser was closed one night last week and the night before last.
  const night = Math.floor(now / DAY) * DAY;
  const times = keptTimes(now, [
    [night - 6 * DAY + 22 * HOUR, night - 5 * DAY + 7 * HOUR],
    [night - DAY + 1 * HOUR, night - DAY + 6 * HOUR],
  ]);
  const { unit } = PROVIDERS[profile];
  const scale = profile === 'credits' ? 400 : profile === 'yuan' ? 7 : 1;
  const perHour = (0.05 + next() * 0.4) * scale;
  let balance = (60 + next() * 200) * scale;
  const samples: StoredSample[] = [];
  const cycleLimit = 5000;
  let cycleStart = 0;
  let last = 0;
  let lastSnapshot: BalanceSnapshot | undefined;
  for (const at of times) {
    const hours = last ? (at - last) / HOUR : 0;
    last = at;
    const weekday = new Date(at).getUTCDay() % 6 !== 0;
    const seconds = at / 1000;
    if (profile === 'limits') {
      const fiveHour = Math.min(100, Math.round(((at % (5 * HOUR)) / (5 * HOUR)) * (40 + 60 * next())));
      const weekly = Math.min(100, Math.round(((at % (7 * DAY)) / (7 * DAY)) * (70 + 30 * (index % 3 === 0 ? 1 : next()))));
      samples.push([seconds, null, [fiveHour, weekly]]);
      lastSnapshot = {
        provider: 'claude',
        unit,
        remaining: null,
        unlimited: false,
        signedIn: true,
        plan: 'Max 5x',
        limits: [
          { id: 'five_hour', kind: 'session', usedPercent: fiveHour, resetsAt: Math.ceil(at / (5 * HOUR)) * 5 * HOUR, windowMs: 5 * HOUR },
          { id: 'seven_day', kind: 'weekly', usedPercent: weekly, resetsAt: Math.ceil(at / (7 * DAY)) * 7 * DAY, windowMs: 7 * DAY },
        ],
        readAt: at,
      };
      continue;
    }
    balance -= hours * perHour * (weekday ? 1 : 0.3) * (0.5 + next());
    if (balance < 20 * scale) balance += Math.round((100 + next() * 200) * scale);
    balance = Math.round(balance * 100) / 100;
    if (profile === 'cycle') {
      const start = Math.floor(at / (30 * DAY)) * 30 * DAY;
      const used = Math.min(cycleLimit, Math.round(((at - start) / (30 * DAY)) * cycleLimit * (0.6 + 0.3 * (index % 2))));
      samples.push(start !== cycleStart ? [seconds, balance, used, start / 1000, cycleLimit] : [seconds, balance, used]);
      cycleStart = start;
      lastSnapshot = {
        provider: 'apertis',
        unit,
        remaining: balance,
        unlimited: false,
        cycle: { plan: 'max', status: 'active', limit: cycleLimit, used, remaining: cycleLimit - used, start, end: start + 30 * DAY, paygFallback: true },
        readAt: at,
      };
      continue;
    }
    samples.push([seconds, balance]);
    lastSnapshot = { provider: PROVIDERS[profile].provider, unit, remaining: balance, unlimited: false, readAt: at };
  }
  const history: History = { v: 1, for: fp, unit, ...(profile === 'limits' ? { limits: ['five_hour', 'seven_day'] } : {}), samples };
  return { history, snapshot: lastSnapshot! };
}

/**
 * `count` accounts with a year of history each, as storage items: mostly dollars, some credits
 * and yuan, every seventh a signed-in site with its 5-hour and weekly limits, every fifth a
 * subscription with its cycle quota.
 */
export function accountsWithHistory(count: number, now: number): Record<string, unknown> {
  const accounts: Account[] = [];
  const items: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const profile: Profile = i % 7 === 6 ? 'limits' : i % 5 === 4 ? 'cycle' : i % 6 === 2 ? 'credits' : i % 11 === 10 ? 'yuan' : 'payg';
    const { provider, baseUrl } = PROVIDERS[profile];
    const name = profile === 'limits' ? `Claude Max ${i + 1}` : `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${i + 1}` : ''}`;
    const account: Account = { id: `h${i}`, provider, name, key: profile === 'limits' ? '' : `sk-history-secret-${i}`, baseUrl, warnBelow: 5, cycleWarnPercent: 10 };
    const fp = fingerprint(account);
    const { history, snapshot } = yearOf(profile, i, now, fp);
    const state: AccountState = { for: fp, snapshot, failures: 0, lastAttemptAt: snapshot.readAt, alerts: {} };
    accounts.push(account);
    items[`history:${account.id}`] = encodeHistory(history);
    items[`state:${account.id}`] = state;
  }
  items['accounts'] = accounts;
  return items;
}
