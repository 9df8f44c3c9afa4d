import { describe, expect, it } from 'vitest';
import {
  emptyForm,
  formFromAccount,
  inferProvider,
  parseNumber,
  switchProvider,
  validateAccountForm,
  withScheme,
  type AccountFormValues,
} from './account-form';
import { makeAccount } from './testing';

const filled = (overrides: Partial<AccountFormValues> = {}): AccountFormValues => ({
  ...emptyForm('apertis'),
  name: 'Work',
  key: 'sk-abc123',
  ...overrides,
});

describe('validateAccountForm', () => {
  it.each<{ case: string; values: AccountFormValues; errors: object }>([
    { case: 'a missing name is reported on the name field', values: filled({ name: '  ' }), errors: { name: 'fieldRequired' } },
    { case: 'a missing key is reported on the key field', values: filled({ key: '' }), errors: { key: 'fieldRequired' } },
    { case: 'a key with spaces is rejected', values: filled({ key: 'sk abc' }), errors: { key: 'keyInvalid' } },
    { case: 'plain http to a public host says https is needed', values: filled({ baseUrl: 'http://example.com' }), errors: { baseUrl: 'urlNeedsHttps' } },
    { case: 'a query says so', values: filled({ baseUrl: 'https://gw.example/?x=1' }), errors: { baseUrl: 'urlQuery' } },
    { case: 'credentials say so', values: filled({ baseUrl: 'https://me:pw@gw.example' }), errors: { baseUrl: 'urlCredentials' } },
    { case: 'another scheme says https', values: filled({ baseUrl: 'ftp://gw.example' }), errors: { baseUrl: 'urlScheme' } },
    { case: 'spaces say so', values: filled({ baseUrl: 'https://gw .example' }), errors: { baseUrl: 'urlSpaces' } },
    { case: 'a negative threshold is rejected', values: filled({ warnBelow: '-1' }), errors: { warnBelow: 'numberInvalid' } },
    { case: 'text as a threshold is rejected', values: filled({ warnBelow: 'lots' }), errors: { warnBelow: 'numberInvalid' } },
    { case: 'a percent over 100 is rejected', values: filled({ cycleWarnPercent: '120' }), errors: { cycleWarnPercent: 'percentInvalid' } },
    { case: 'a bad days threshold is rejected', values: filled({ warnDaysLeft: 'soon' }), errors: { warnDaysLeft: 'numberInvalid' } },
  ])('$case', ({ values, errors }) => {
    expect(validateAccountForm(values, 'id1')).toEqual({ ok: false, errors });
  });

  it('builds the account with a normalized base URL and parsed thresholds', () => {
    const result = validateAccountForm(
      filled({ baseUrl: 'https://mirror.example/gw/', warnBelow: '2,5', warnDaysLeft: '1,5', closeDaysLeft: '4' }),
      'id1',
    );
    expect(result).toEqual({
      ok: true,
      keyChanged: true,
      account: {
        id: 'id1',
        provider: 'apertis',
        name: 'Work',
        key: 'sk-abc123',
        baseUrl: 'https://mirror.example/gw',
        warnBelow: 2.5,
        cycleWarnPercent: 10,
        warnDaysLeft: 1.5,
        closeDaysLeft: 4,
        warnUnit: 'USD',
      },
    });
  });

  it.each([
    { case: 'a new form starts with the default days warnings (red < 1, amber < 3)', warn: undefined, close: undefined, expected: [1, 3] },
    { case: 'an emptied days field turns that warning off', warn: '', close: ' ', expected: [0, 0] },
    { case: '0 turns it off too', warn: '0', close: '2', expected: [0, 2] },
  ])('$case', ({ warn, close, expected }) => {
    const values = { ...filled({}), ...(warn === undefined ? {} : { warnDaysLeft: warn }), ...(close === undefined ? {} : { closeDaysLeft: close }) };
    const result = validateAccountForm(values, 'id1');
    expect(result.ok && [result.account.warnDaysLeft, result.account.closeDaysLeft]).toEqual(expected);
  });

  it('an edit keeps what was set outside the form: paused, pinned, snoozed', () => {
    const existing = { ...makeAccount({ id: 'id1', key: 'sk-abc123' }), paused: true as const, pinned: true as const, snoozedUntil: 42 };
    const result = validateAccountForm({ ...formFromAccount(existing), name: 'Renamed' }, 'id1', existing);
    expect(result.ok && result.account).toMatchObject({ name: 'Renamed', paused: true, pinned: true, snoozedUntil: 42 });
  });

  it.each([
    ['apertis', 'https://api.apertis.ai/v1', 'https://api.apertis.ai'],
    ['apertis', 'https://gw.example/apertis/v1/', 'https://gw.example/apertis'],
    ['apikley', 'https://api.apikley.ru/api/v1', 'https://api.apikley.ru'],
    ['apikley', 'https://api.apikley.ru/api/', 'https://api.apikley.ru'],
  ] as const)('an OpenAI-style %s base %s is read from %s', (provider, input, stored) => {
    const result = validateAccountForm(filled({ provider, baseUrl: input }), 'id1');
    expect(result).toMatchObject({ ok: true, account: { baseUrl: stored } });
  });

  it('editing with the key left empty keeps the saved key', () => {
    const saved = makeAccount({ key: 'sk-saved-9999' });
    const result = validateAccountForm({ ...formFromAccount(saved), name: 'Renamed' }, saved.id, saved);
    expect(result).toMatchObject({ ok: true, keyChanged: false, account: { key: 'sk-saved-9999', name: 'Renamed' } });
  });

  it.each([
    { case: 'another provider', change: { provider: 'apikley' as const, baseUrl: 'https://api.apikley.ru' } },
    { case: 'another origin', change: { baseUrl: 'https://typo.example' } },
    { case: 'another port on the same host', change: { baseUrl: 'https://api.apertis.ai:8443' } },
  ])('editing to $case with the key left empty asks for the key again, so it never goes elsewhere', ({ change }) => {
    const saved = makeAccount({ key: 'sk-saved-9999' });
    expect(validateAccountForm({ ...formFromAccount(saved), ...change }, saved.id, saved)).toEqual({
      ok: false,
      errors: { key: 'keyRequiredForNewOrigin' },
    });
  });

  it('editing only the path on the same origin keeps the saved key', () => {
    const saved = makeAccount({ key: 'sk-saved-9999', baseUrl: 'https://gw.example/a' });
    const result = validateAccountForm({ ...formFromAccount(saved), baseUrl: 'https://gw.example/b' }, saved.id, saved);
    expect(result).toMatchObject({ ok: true, keyChanged: true, account: { key: 'sk-saved-9999', baseUrl: 'https://gw.example/b' } });
  });

  it('editing with a new key says the key changed', () => {
    const saved = makeAccount({ key: 'sk-saved-9999' });
    const result = validateAccountForm({ ...formFromAccount(saved), key: 'sk-new-0000' }, saved.id, saved);
    expect(result).toMatchObject({ ok: true, keyChanged: true, account: { key: 'sk-new-0000' } });
  });

  it('the form never carries a saved key back into the page', () => {
    expect(formFromAccount(makeAccount({ key: 'sk-secret' })).key).toBe('');
  });

  it('Apikley defaults: official URL and a credits threshold', () => {
    expect(emptyForm('apikley')).toMatchObject({ baseUrl: 'https://api.apikley.ru', warnBelow: '500' });
  });
});

describe('parseNumber', () => {
  it.each([
    ['5', 5],
    ['2.5', 2.5],
    ['2,5', 2.5],
    ['1,000', 1000],
    ['1,000.5', 1000.5],
    ['1 000', 1000],
    ['12,34', 12.34],
    ['-1', null],
    ['1e3', null],
    ['', null],
  ] as const)('%j reads as %j', (text, value) => {
    expect(parseNumber(text, 1e12)).toBe(value);
  });
});

describe('inferProvider', () => {
  it.each([
    { case: 'an OpenRouter key', key: 'sk-or-v1-abc123', baseUrl: '', provider: 'openrouter' },
    { case: 'an Apertis subscription key', key: 'sk-sub-abc123', baseUrl: '', provider: 'apertis' },
    { case: 'an official host with a scheme', key: 'sk-abc', baseUrl: 'https://api.deepseek.com/v1', provider: 'deepseek' },
    { case: 'an official host without one', key: '', baseUrl: 'api.moonshot.cn', provider: 'moonshot-cn' },
    { case: 'a plain sk- key on no known host', key: 'sk-abc123', baseUrl: '', provider: undefined },
    { case: 'a gateway host nobody owns', key: 'sk-abc123', baseUrl: 'https://gw.example', provider: undefined },
    { case: 'text that is no address', key: '', baseUrl: 'http://[broken', provider: undefined },
  ])('$case -> $provider', ({ key, baseUrl, provider }) => {
    expect(inferProvider(key, baseUrl)).toBe(provider);
  });
});

describe('withScheme', () => {
  it.each([
    ['api.apertis.ai', 'https://api.apertis.ai'],
    ['gw.example/v1', 'https://gw.example/v1'],
    ['localhost:3000', 'http://localhost:3000'],
    ['127.0.0.1:8080/api', 'http://127.0.0.1:8080/api'],
    ['https://x.example', 'https://x.example'],
    ['http://example.com', 'http://example.com'],
    ['  ', ''],
  ])('%j becomes %j', (input, output) => {
    expect(withScheme(input)).toBe(output);
  });

  it('a bare host is saved as https', () => {
    expect(validateAccountForm(filled({ baseUrl: 'api.apertis.ai' }), 'id1')).toMatchObject({
      ok: true,
      account: { baseUrl: 'https://api.apertis.ai' },
    });
  });
});

describe('provider fields', () => {
  const custom = (options: Record<string, string>, baseUrl = 'https://gw.example'): AccountFormValues => ({
    ...switchProvider(filled(), 'custom'),
    baseUrl,
    options: { ...emptyForm('custom').options, ...options },
  });

  it('a gateway has no base URL to assume: an empty one is required', () => {
    expect(emptyForm('newapi').baseUrl).toBe('');
    expect(validateAccountForm({ ...switchProvider(filled(), 'newapi'), baseUrl: '' }, 'id1')).toEqual({
      ok: false,
      errors: { baseUrl: 'fieldRequired' },
    });
  });

  it('each field is checked by its definition and reported under its own name', () => {
    const result = validateAccountForm(custom({ path: 'v1/balance', balanceField: 'data[0]', divisor: '0', unit: '' }), 'id1');
    expect(result).toEqual({
      ok: false,
      errors: {
        'options.path': 'pathInvalid',
        'options.balanceField': 'dotPathInvalid',
        'options.divisor': 'divisorInvalid',
        'options.unit': 'fieldRequired',
      },
    });
  });

  it('a valid mapping is saved with the account', () => {
    const result = validateAccountForm(
      custom({ path: '/v1/balance', balanceField: 'data.0.balance', divisor: '', unit: 'EUR', header: 'X-API-Key' }),
      'id1',
    );
    expect(result).toMatchObject({
      ok: true,
      account: {
        provider: 'custom',
        options: { path: '/v1/balance', balanceField: 'data.0.balance', divisor: '', unit: 'EUR', header: 'X-API-Key' },
      },
    });
  });

  it('a select only takes what it offers', () => {
    const values = { ...switchProvider(filled(), 'deepseek'), baseUrl: 'https://api.deepseek.com', options: { currency: 'EUR' } };
    expect(validateAccountForm(values, 'id1')).toEqual({ ok: false, errors: { 'options.currency': 'fieldRequired' } });
  });

  it('switching provider takes the new one\'s defaults and keeps what the user typed', () => {
    const next = switchProvider({ ...filled(), name: 'Mine', warnBelow: '7' }, 'poe');
    expect(next).toMatchObject({ provider: 'poe', name: 'Mine', key: 'sk-abc123', baseUrl: 'https://api.poe.com', warnBelow: '7' });
    expect(switchProvider(filled(), 'poe').warnBelow).toBe('10000');
  });

  it('changing a mapping counts as a change of what the state describes', () => {
    const saved = { ...makeAccount({ provider: 'custom', baseUrl: 'https://gw.example' }), options: { ...emptyForm('custom').options, path: '/a', balanceField: 'x' } };
    const result = validateAccountForm({ ...formFromAccount(saved), options: { ...saved.options, path: '/b' } }, saved.id, saved);
    expect(result).toMatchObject({ ok: true, keyChanged: true });
  });

  it.each([
    { case: 'a fixed unit', values: () => ({ ...switchProvider(filled(), 'poe'), baseUrl: 'https://api.poe.com' }), unit: 'points' },
    {
      case: 'a chosen currency',
      values: () => ({ ...switchProvider(filled(), 'deepseek'), baseUrl: 'https://api.deepseek.com', options: { currency: 'CNY' } }),
      unit: 'CNY',
    },
    { case: "a gateway (the site's unit, unknown yet)", values: () => ({ ...switchProvider(filled(), 'newapi'), baseUrl: 'https://gw.example' }), unit: undefined },
  ])('"Warn below" remembers its unit: $case', ({ values, unit }) => {
    const result = validateAccountForm(values(), 'id1');
    expect(result.ok ? result.account.warnUnit : 'form invalid').toBe(unit);
  });

  it('only a provider with a subscription cycle takes the cycle threshold', () => {
    expect(validateAccountForm({ ...switchProvider(filled(), 'poe'), cycleWarnPercent: 'junk' }, 'id1')).toMatchObject({ ok: true });
  });
});

describe('a signed-in site in the form (issue 20)', () => {
  const claude = (overrides: Partial<AccountFormValues> = {}): AccountFormValues => ({ ...emptyForm('claude'), name: 'Claude Max', ...overrides });
  it.each([
    { case: 'no key is asked for: the browser’s login reads it', values: claude(), ok: true },
    { case: 'a loopback copy of the site is allowed (the e2e fake)', values: claude({ baseUrl: 'http://127.0.0.1:4123' }), ok: true },
    { case: 'any other address is refused: a login is read only at its own site', values: claude({ baseUrl: 'https://claude.example.com' }), ok: false, errors: { baseUrl: 'urlSessionOnly' } },
    { case: 'a limit warning over 100% is refused', values: claude({ limitWarnPercent: '120' }), ok: false, errors: { limitWarnPercent: 'percentInvalid' } },
  ])('$case', ({ values, ok, errors }) => {
    const result = validateAccountForm(values, 'id1');
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.errors).toEqual(errors);
  });

  it('keeps the limit warning, the reset notices and the organisation chosen; never a key', () => {
    const result = validateAccountForm(claude({ key: 'sk-typed-anyway', limitWarnPercent: '80', limitResetNotify: false, options: { org: '5b0c6a3e-1f2d' } }), 'id1');
    expect(result.ok && result.account).toMatchObject({ key: '', limitWarnPercent: 80, limitResetNotify: false, options: { org: '5b0c6a3e-1f2d' }, baseUrl: 'https://claude.ai' });
  });
});
