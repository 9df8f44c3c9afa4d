import { describe, expect, it } from 'vitest';
import { accountToFix, fixKeyPath, withoutFixKey } from './options-link';
import { makeAccount } from './testing';

const accounts = [makeAccount({ id: 'acc-1' }), makeAccount({ id: 'acc 2/x', name: 'Odd id' })];

describe('accountToFix', () => {
  it.each([
    { case: 'the link names a saved account', search: '?fix=acc-1', expected: 'acc-1' },
    { case: 'an id that needs escaping survives the round trip', search: fixKeyPath('acc 2/x').split('?')[1]!, expected: 'acc 2/x' },
    { case: 'next to another query', search: '?welcome&fix=acc-1', expected: 'acc-1' },
    { case: 'an account removed since: no form, just the list', search: '?fix=gone', expected: undefined },
    { case: 'an empty id names no account', search: '?fix=', expected: undefined },
    { case: 'no link at all', search: '', expected: undefined },
    { case: 'another query only', search: '?welcome', expected: undefined },
  ])('$case', ({ search, expected }) => {
    expect(accountToFix(search, accounts)?.id).toBe(expected);
  });
});

describe('withoutFixKey', () => {
  it.each([
    { case: 'the link alone leaves a bare address', search: '?fix=acc-1', expected: '' },
    { case: 'the welcome stays', search: '?welcome&fix=acc-1', expected: '?welcome=' },
    { case: 'nothing to take out: the query is left as it was', search: '?welcome', expected: '?welcome' },
    { case: 'no query at all', search: '', expected: '' },
  ])('$case', ({ search, expected }) => {
    expect(withoutFixKey(search)).toBe(expected);
  });
});

it('fixKeyPath points at the settings page', () => {
  expect(fixKeyPath('acc-1')).toBe('/options.html?fix=acc-1');
});
