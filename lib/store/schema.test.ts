import { describe, expect, it } from 'vitest';
import { makeAccount, paygSnapshot, cycleSnapshot } from '../testing';
import { fingerprint } from './fingerprint';
import { parseHistory } from './histories';
import { parseAccounts, parseActivity, parseSettings, parseState } from './schema';
import { DEFAULT_SETTINGS } from './storage';

const good = makeAccount({ id: 'a1', name: 'Work', key: 'sk-test-secret-1234' });

describe('parseAccounts: each entry repaired or dropped on its own', () => {
  it.each<{ case: string; stored: unknown; ids: string[]; check?: (a: ReturnType<typeof parseAccounts>) => void }>([
    { case: 'a valid list reads as it is', stored: [good], ids: ['a1'], check: (a) => expect(a[0]).toEqual(good) },
    { case: 'not a list: no accounts, no crash', stored: { a1: good }, ids: [] },
    { case: 'null entries and numbers are dropped', stored: [null, 7, 'x', good], ids: ['a1'] },
    {
      case: 'a missing name becomes the provider and masked key, never "undefined"',
      stored: [{ ...good, name: undefined }],
      ids: ['a1'],
      check: (a) => expect(a[0]!.name).toBe('Apertis ••••1234'),
    },
    { case: 'a blank name is repaired too', stored: [{ ...good, name: '   ' }], ids: ['a1'], check: (a) => expect(a[0]!.name).toBe('Apertis ••••1234') },
    {
      case: 'broken thresholds fall back to the provider defaults',
      stored: [{ ...good, warnBelow: 'lots', cycleWarnPercent: 500, warnDaysLeft: -1 }],
      ids: ['a1'],
      check: (a) => expect(a[0]).toEqual({ ...good, warnBelow: 5, cycleWarnPercent: 10 }),
    },
    { case: 'a broken base URL becomes empty, which its read and the settings page ask to fill', stored: [{ ...good, baseUrl: 42 }], ids: ['a1'], check: (a) => expect(a[0]!.baseUrl).toBe('') },
    { case: 'a missing key is kept as empty (the read says so), the account still listed', stored: [{ ...good, key: null }], ids: ['a1'], check: (a) => expect(a[0]!.key).toBe('') },
    { case: 'an entry without an id is dropped', stored: [{ ...good, id: '' }, { ...good, id: 'a2' }], ids: ['a2'] },
    { case: 'an entry without a provider id is dropped', stored: [{ ...good, provider: 42 }, { ...good, provider: '<b>' }, good], ids: ['a1'] },
    { case: 'a provider no longer known stays listed (its read says so), so it can be removed', stored: [{ ...good, provider: 'gone' }], ids: ['a1'] },
    { case: 'a second entry with the same id is dropped', stored: [good, { ...good, name: 'Dup' }], ids: ['a1'], check: (a) => expect(a[0]!.name).toBe('Work') },
    { case: 'paused is kept only as true', stored: [{ ...good, paused: true }, { ...good, id: 'a2', paused: 'yes' }], ids: ['a1', 'a2'], check: (a) => expect(a.map((x) => x.paused)).toEqual([true, undefined]) },
    { case: 'unknown fields are not carried along', stored: [{ ...good, evil: '<img>' }], ids: ['a1'], check: (a) => expect(a[0]).not.toHaveProperty('evil') },
    {
      case: "a provider's options keep their text entries only",
      stored: [{ ...good, provider: 'custom', baseUrl: 'https://gw.example', options: { path: '/b', divisor: 7, unit: 'EUR' } }],
      ids: ['a1'],
      check: (a) => expect(a[0]!.options).toEqual({ path: '/b', unit: 'EUR' }),
    },
    {
      case: 'a gateway with no base URL stays listed with an empty one (its read says so)',
      stored: [{ ...good, provider: 'newapi', baseUrl: undefined, warnBelow: undefined }],
      ids: ['a1'],
      check: (a) => expect(a[0]).toMatchObject({ baseUrl: '', warnBelow: 5, name: 'Work' }),
    },
    {
      case: 'a missing name names the provider even when it is not known here',
      stored: [{ ...good, provider: 'moonshot-cn', name: undefined }],
      ids: ['a1'],
      check: (a) => expect(a[0]!.name).toBe('Moonshot-cn ••••1234'),
    },
  ])('$case', ({ stored, ids, check }) => {
    const accounts = parseAccounts(stored);
    expect(accounts.map((a) => a.id)).toEqual(ids);
    check?.(accounts);
  });
});

describe('parseSettings', () => {
  it.each([
    { case: 'nothing stored: defaults', stored: undefined, expected: DEFAULT_SETTINGS },
    { case: 'an older object gains new fields', stored: { intervalMinutes: 15 }, expected: { ...DEFAULT_SETTINGS, intervalMinutes: 15 } },
    { case: 'an out-of-range interval is clamped', stored: { intervalMinutes: 600 }, expected: { ...DEFAULT_SETTINGS, intervalMinutes: 60 } },
    { case: 'wrong types fall back field by field', stored: { intervalMinutes: 'x', notifications: 'yes', badgeShowsLowest: true }, expected: { ...DEFAULT_SETTINGS, badgeShowsLowest: true } },
    { case: 'not an object: defaults', stored: [1, 2], expected: DEFAULT_SETTINGS },
  ])('$case', ({ stored, expected }) => {
    expect(parseSettings(stored)).toEqual(expected);
  });
});

describe('parseState: bound to its key, each part checked on its own', () => {
  const fp = fingerprint(good);
  const snapshot = paygSnapshot(9, 1000);
  const state = { for: fp, snapshot, failures: 1, alerts: { lowBalance: true }, lastAttemptAt: 1000 };
  it.each<{ case: string; stored: unknown; expected: unknown }>([
    { case: 'a valid state reads as it is', stored: state, expected: state },
    { case: 'a state of another key is ignored', stored: { ...state, for: fingerprint({ ...good, key: 'other' }) }, expected: undefined },
    { case: 'a state with no binding is ignored', stored: { ...state, for: undefined }, expected: undefined },
    { case: 'a broken error never costs the last good snapshot', stored: { ...state, error: { kind: 'nope', at: 1 } }, expected: state },
    { case: 'a broken snapshot is dropped, the error kept', stored: { ...state, snapshot: { remaining: 'NaN' }, error: { kind: 'timeout', message: 'm', at: 5 } }, expected: { for: fp, failures: 1, alerts: { lowBalance: true }, lastAttemptAt: 1000, error: { kind: 'timeout', message: 'm', at: 5 } } },
    { case: 'a broken cycle is dropped, the balance kept', stored: { ...state, snapshot: { ...cycleSnapshot(1, 10, 1000), cycle: { plan: 1 } } }, expected: { ...state, snapshot: { ...cycleSnapshot(1, 10, 1000), cycle: undefined } } },
    { case: 'a negative failure count becomes zero', stored: { ...state, failures: -3 }, expected: { ...state, failures: 0 } },
    { case: 'missing alerts become none', stored: { ...state, alerts: 'x' }, expected: { ...state, alerts: {} } },
    { case: 'an error without a message gets an empty one', stored: { ...state, error: { kind: 'server', at: 2 } }, expected: { ...state, error: { kind: 'server', message: '', at: 2 } } },
    { case: 'not an object: nothing', stored: 'state', expected: undefined },
    {
      case: 'any unit is kept as text: yuan, points, a custom label',
      stored: { ...state, snapshot: { ...snapshot, unit: 'CNY', notes: ['no-key-limit'], facts: [{ name: 'cash', value: -3 }], via: '{"m":"usage"}' } },
      expected: { ...state, snapshot: { ...snapshot, unit: 'CNY', notes: ['no-key-limit'], facts: [{ name: 'cash', value: -3 }], via: '{"m":"usage"}' } },
    },
    { case: 'a unit that could be markup drops the snapshot', stored: { ...state, snapshot: { ...snapshot, unit: '<b>x</b>' } }, expected: { ...state, snapshot: undefined } },
    {
      case: 'unknown notes and broken facts are left out one by one',
      stored: { ...state, snapshot: { ...snapshot, notes: ['hack', 'not-usable'], facts: [{ name: 'cash', value: 'NaN' }, { name: 'voucher', value: 2 }, 'x'] } },
      expected: { ...state, snapshot: { ...snapshot, notes: ['not-usable'], facts: [{ name: 'voucher', value: 2 }] } },
    },
  ])('$case', ({ stored, expected }) => {
    const parsed = parseState(stored, fp);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(JSON.parse(JSON.stringify(parsed))).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});

describe('parseHistory and parseActivity', () => {
  const fp = fingerprint(good);
  it.each<{ case: string; stored: unknown; samples: number | undefined; before?: number[] }>([
    { case: 'a valid history', stored: { v: 1, for: fp, samples: [[1, 2], [2, 3, 4, 5], [3, 3, 4, 5, 600]] }, samples: 3 },
    { case: 'an older history without a binding belongs to the account', stored: { v: 1, samples: [[1, 2]] }, samples: 1 },
    {
      case: "another key's history is an earlier series; the current one starts empty",
      stored: { v: 1, for: 'other', unit: 'USD', samples: [[1, 2]] },
      samples: 0,
      before: [1],
    },
    {
      case: 'earlier series are kept, and broken ones dropped',
      stored: { v: 1, for: fp, samples: [[9, 1]], before: [{ unit: 'CNY', samples: [[1, 2], [2, 1]] }, 'x', { samples: 'x' }] },
      samples: 1,
      before: [2],
    },
    {
      case: "limit percents: a window's null is kept, a percent over 100 drops the sample",
      stored: { v: 1, limits: ['five_hour', 'seven_day'], samples: [[1, null, [42, null]], [2, null, [140]], [3, null, ['5']]] },
      samples: 1,
    },
    { case: 'bad samples are dropped, good ones kept', stored: { v: 1, samples: [[1, 2], ['x', 1], [3], [4, null], null, [5, 1, 2, 3, 4, 5]] }, samples: 2 },
    { case: 'another version is ignored', stored: { v: 2, samples: [] }, samples: undefined },
    { case: 'stored as a JSON string (as written since issue 21)', stored: JSON.stringify({ v: 1, for: fp, samples: [[1, 2], [2, 3]] }), samples: 2 },
    { case: 'a string that is not JSON is no history', stored: '{"v":1,"samples":[[1,2]', samples: undefined },
  ])('$case', ({ stored, samples, before }) => {
    const parsed = parseHistory(stored, fp);
    expect(parsed?.samples.length).toBe(samples);
    expect(parsed?.before?.map((series) => series.samples.length)).toEqual(before);
    if (parsed) expect(parsed.for).toBe(fp);
  });

  it('activity keeps only numeric start times', () => {
    expect(parseActivity({ reading: { a: 5, b: 'x', c: null } })).toEqual({ reading: { a: 5 } });
    expect(parseActivity(null)).toEqual({ reading: {} });
  });
});
