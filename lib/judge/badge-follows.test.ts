import { describe, expect, it } from 'vitest';
import { badgeFollowsChoice, FOLLOW_WORST } from './badge-follows';
import { makeAccount } from '../testing';

const accounts = [makeAccount({ id: 'a' }), makeAccount({ id: 'b', name: 'Other' })];

describe('badgeFollowsChoice', () => {
  it.each([
    { case: 'the default stays the default', follows: '', list: accounts, expected: FOLLOW_WORST },
    { case: 'a chosen account is shown chosen', follows: 'b', list: accounts, expected: 'b' },
    { case: 'a chosen account removed since shows the default', follows: 'gone', list: accounts, expected: FOLLOW_WORST },
    { case: 'no accounts left: the default', follows: 'a', list: [], expected: FOLLOW_WORST },
  ])('$case', ({ follows, list, expected }) => {
    expect(badgeFollowsChoice(follows, list)).toBe(expected);
  });
});
