// Anthropic Console (platform.claude.com), signed in: the API organisation's prepaid credit balance,
// read with the browser's own Console login, which is not the claude.ai one (issue 20). Experimental:
// the signed-out answer is inferred. Contract: /work/shared/api/sessions.md §4.
import type { BalanceSnapshot } from '../model/balance';
import { fail, ok, type Result } from '../model/errors';
import { isRecord } from '../net/http';
import { parseOrganizations, parsePrepaidCents } from './claude';
import { getSessionJson } from './session';
import type { ProviderInfo, ReadContext } from './types';

export const info = {
  id: 'anthropic-console',
  label: 'Anthropic Console (signed in)',
  experimental: true,
  baseUrl: 'https://platform.claude.com',
  keyHint: 'sessionHintConsole',
  topUpUrl: 'https://platform.claude.com/settings/billing',
  unit: 'USD',
  // An agent burns a few dollars an hour: $5 leaves time to top up.
  warnBelow: 5,
  session: { loginPath: '/login' },
} as const satisfies ProviderInfo;

export async function read(ctx: ReadContext): Promise<Result<BalanceSnapshot>> {
  const listed = await getSessionJson(ctx, '/api/organizations');
  if (!listed.ok) return listed;
  const orgs = parseOrganizations(listed.value.body);
  if (!orgs.ok) return orgs;
  const api = orgs.value.filter((o) => o.capabilities.includes('api'));
  const chosen = ctx.options['org'];
  const org = api.find((o) => o.uuid === chosen) ?? api[0];
  if (!org) return fail('bad-response', 'organizations: no API organisation for this login');
  const credits = await getSessionJson(ctx, `/api/organizations/${org.uuid}/prepaid/credits`);
  if (!credits.ok) return credits;
  const cents = parsePrepaidCents(credits.value.body);
  if (cents === undefined) return fail('bad-response', 'amount: expected a whole non-negative number of cents');
  const currency = isRecord(credits.value.body) ? credits.value.body['currency'] : undefined;
  return ok({
    provider: info.id,
    unit: typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : 'USD',
    remaining: cents / 100,
    unlimited: false,
    signedIn: true,
    org: org.name,
    // The organisation chosen before is no longer reachable by this login: the default one is read.
    ...(chosen && chosen !== org.uuid ? { notes: ['org-gone' as const] } : {}),
    ...(api.length > 1 ? { orgs: api.map((o) => ({ id: o.uuid, name: o.name })) } : {}),
    readAt: ctx.http.now(),
  });
}
