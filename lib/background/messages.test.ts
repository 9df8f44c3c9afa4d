import { describe, expect, it } from 'vitest';
import { parseMessage } from './messages';
import { paygSnapshot } from '../testing';

describe('parseMessage: data from another context, checked before acting on it', () => {
  const snapshot = paygSnapshot(12, 1000);
  it.each<{ case: string; raw: unknown; expected: unknown }>([
    { case: 'a refresh of some accounts', raw: { type: 'refresh', ids: ['a', 'b'] }, expected: { type: 'refresh', ids: ['a', 'b'] } },
    { case: 'ids that are not strings mean every account', raw: { type: 'refresh', ids: [1] }, expected: { type: 'refresh' } },
    { case: 'an unknown type is refused', raw: { type: 'drop-tables' }, expected: null },
    { case: 'a saved account needs its id', raw: { type: 'account-saved' }, expected: null },
    {
      case: "a saved account keeps the form's checked reading",
      raw: { type: 'account-saved', id: 'a', checked: { for: 'fp', snapshot } },
      expected: { type: 'account-saved', id: 'a', checked: { for: 'fp', snapshot } },
    },
    {
      case: 'a checked reading that is not a reading is dropped, the save still heard',
      raw: { type: 'account-saved', id: 'a', checked: { for: 'fp', snapshot: { remaining: 'lots' } } },
      expected: { type: 'account-saved', id: 'a' },
    },
    {
      case: 'a preview keeps only text options',
      raw: { type: 'preview', account: { provider: 'custom', baseUrl: 'https://x.example', key: 'k', options: { path: '/b', n: 1 } } },
      expected: { type: 'preview', account: { provider: 'custom', baseUrl: 'https://x.example', key: 'k', options: { path: '/b' } } },
    },
    { case: 'a preview without a key is refused', raw: { type: 'preview', account: { provider: 'custom', baseUrl: 'x' } }, expected: null },
  ])('$case', ({ raw, expected }) => {
    expect(parseMessage(raw)).toEqual(expected);
  });
});
