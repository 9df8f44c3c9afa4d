import { describe, expect, it } from 'vitest';
import { emptyForm, formFromAccount, parseNumber, validateAccountForm, type AccountFormValues } from './account-form';
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
    { case: 'plain http to a public host is rejected', values: filled({ baseUrl: 'http://example.com' }), errors: { baseUrl: 'errorBadUrl' } },
    { case: 'a negative threshold is rejected', values: filled({ warnBelow: '-1' }), errors: { warnBelow: 'numberInvalid' } },
    { case: 'text as a threshold is rejected', values: filled({ warnBelow: 'lots' }), errors: { warnBelow: 'numberInvalid' } },
    { case: 'a percent over 100 is rejected', values: filled({ cycleWarnPercent: '120' }), errors: { cycleWarnPercent: 'percentInvalid' } },
    { case: 'a bad days threshold is rejected', values: filled({ warnDaysLeft: 'soon' }), errors: { warnDaysLeft: 'numberInvalid' } },
  ])('$case', ({ values, errors }) => {
    expect(validateAccountForm(values, 'id1')).toEqual({ ok: false, errors });
  });

  it('builds the account with a normalized base URL and parsed thresholds', () => {
    const result = validateAccountForm(
      filled({ baseUrl: 'https://mirror.example/gw/', warnBelow: '2,5', warnDaysLeft: '3' }),
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
        warnDaysLeft: 3,
      },
    });
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
