import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Account } from '../model/account';
import { DEFAULT_SETTINGS, type Settings } from './types';
import { makeAccount } from '../testing';
import {
  ExportError,
  MAX_FILE_CHARS,
  MIN_ITERATIONS,
  PBKDF2_ITERATIONS,
  exportFile,
  parseKeyLines,
  planImport,
  readFile,
  type ExportInput,
} from './transfer';

// The real PBKDF2 runs in every test, at the lowest count readFile accepts, for speed.
const FAST = MIN_ITERATIONS;
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const PASS = 'correct horse battery staple';
const SECRET_A = 'sk-live-AAAA-secret-0001';
const SECRET_B = 'sk-live-BBBB-secret-0002';

const accounts: Account[] = [
  makeAccount({ id: 'a1', name: 'Work', key: SECRET_A, warnDaysLeft: 3 }),
  makeAccount({
    id: 'a2',
    provider: 'custom',
    name: 'Private gateway',
    key: SECRET_B,
    baseUrl: 'https://gw.example.org/api',
    options: { path: '/v1/balance', unit: 'EUR' },
    warnUnit: 'EUR',
    paused: true,
  }),
];
const settings: Settings = { intervalMinutes: 15, notifications: false, badgeShowsLowest: true, badgeFollows: '', popupOrder: 'mine' };
const plainInput: ExportInput = { accounts, settings, includeKeys: false, now: NOW };
const keyInput: ExportInput = { accounts, settings, includeKeys: true, passphrase: PASS, now: NOW, iterations: FAST };

/** A parsed file, edited freely to break it. */
type Json = Record<string, any>;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const edit = (text: string, change: (file: Json) => void) => {
  const file = JSON.parse(text) as Json;
  change(file);
  return JSON.stringify(file);
};
const flipByte = (base64: string, at: number) => {
  const bytes = unb64(base64);
  bytes[at] = bytes[at]! ^ 0x01;
  return b64(bytes);
};

/** An encrypted file around any plaintext, by the same scheme, to reach the checks after decryption. */
async function sealed(plaintext: string, passphrase = PASS): Promise<string> {
  const subtle = globalThis.crypto.subtle;
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const base = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  const key = await subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: FAST }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const data = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plaintext)));
  return JSON.stringify({
    format: 'credit-gauge',
    version: 1,
    exportedAt: new Date(NOW).toISOString(),
    encrypted: true,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: FAST, salt: b64(salt) },
    cipher: { name: 'AES-GCM', iv: b64(iv) },
    data: b64(data),
  });
}

/** globalThis.crypto, counting every KDF started. */
function countingCrypto() {
  const subtle = globalThis.crypto.subtle;
  const importKey = vi.fn(subtle.importKey.bind(subtle));
  const deriveKey = vi.fn(subtle.deriveKey.bind(subtle));
  const crypto = {
    getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto),
    subtle: { importKey, deriveKey, encrypt: subtle.encrypt.bind(subtle), decrypt: subtle.decrypt.bind(subtle) },
  } as unknown as Crypto;
  return { crypto, kdfRuns: () => importKey.mock.calls.length + deriveKey.mock.calls.length };
}

let plainFile: string;
let keyFile: string;
beforeAll(async () => {
  plainFile = await exportFile(plainInput);
  keyFile = await exportFile(keyInput);
});

describe('exportFile', () => {
  it('without keys: our header, settings and accounts in clear, and no key material anywhere', () => {
    const file = JSON.parse(plainFile) as Json;
    expect(file).toMatchObject({ format: 'credit-gauge', version: 1, exportedAt: '2026-01-02T03:04:05.000Z', encrypted: false, settings });
    expect(file.accounts).toHaveLength(2);
    for (const account of file.accounts) expect(account).not.toHaveProperty('key');
    for (const secret of [SECRET_A, SECRET_B, SECRET_A.slice(-4), SECRET_B.slice(-4), '••••']) expect(plainFile).not.toContain(secret);
  });

  it('with keys: only the format header, KDF and cipher parameters are in clear', () => {
    const file = JSON.parse(keyFile) as Json;
    expect(Object.keys(file).sort()).toEqual(['cipher', 'data', 'encrypted', 'exportedAt', 'format', 'kdf', 'version']);
    expect(file).toMatchObject({
      format: 'credit-gauge',
      version: 1,
      encrypted: true,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: FAST },
      cipher: { name: 'AES-GCM' },
    });
    expect(unb64(file.kdf.salt)).toHaveLength(16);
    expect(unb64(file.cipher.iv)).toHaveLength(12);
    for (const clear of [SECRET_A, SECRET_B, 'Work', 'Private gateway', 'gw.example.org', 'apertis', 'intervalMinutes']) {
      expect(keyFile).not.toContain(clear);
    }
  });

  it('with keys: 600000 iterations unless told otherwise', async () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const file = JSON.parse(await exportFile({ ...keyInput, accounts: [], iterations: undefined })) as Json;
    expect(file.kdf.iterations).toBe(600_000);
  });

  it('with keys: a fresh random salt and IV each time', async () => {
    const again = JSON.parse(await exportFile(keyInput)) as Json;
    const first = JSON.parse(keyFile) as Json;
    expect(again.kdf.salt).not.toBe(first.kdf.salt);
    expect(again.cipher.iv).not.toBe(first.cipher.iv);
    expect(again.data).not.toBe(first.data);
  });

  it.each<{ case: string; input: Partial<ExportInput>; code: string }>([
    { case: 'keys without a passphrase are refused', input: { passphrase: undefined }, code: 'needs-passphrase' },
    { case: 'keys with an empty passphrase are refused', input: { passphrase: '' }, code: 'needs-passphrase' },
    { case: 'keys with a blank passphrase are refused', input: { passphrase: '   ' }, code: 'needs-passphrase' },
    { case: 'an iteration count readFile would refuse is not written', input: { iterations: 1000 }, code: 'bad-iterations' },
    { case: 'a fractional iteration count is not written', input: { iterations: FAST + 0.5 }, code: 'bad-iterations' },
  ])('$case', async ({ input, code }) => {
    const thrown = await exportFile({ ...keyInput, ...input }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ExportError);
    expect((thrown as ExportError).code).toBe(code);
  });

  it('without keys, a passphrase given is ignored: the file is plain', async () => {
    const file = JSON.parse(await exportFile({ ...plainInput, passphrase: PASS })) as Json;
    expect(file.encrypted).toBe(false);
  });
});

describe('readFile: round trips', () => {
  it('a file without keys reads back everything but the keys, which are empty', async () => {
    expect(await readFile(plainFile)).toEqual({ ok: true, accounts: accounts.map((a) => ({ ...a, key: '' })), settings, hadKeys: false });
  });

  it('a file with keys and the right passphrase reads back exactly', async () => {
    expect(await readFile(keyFile, PASS)).toEqual({ ok: true, accounts, settings, hadKeys: true });
  });

  it('a passphrase typed with decomposed accents opens a file made with composed ones', async () => {
    const file = await exportFile({ ...keyInput, passphrase: 'caf\u00e9 cr\u00e8me' });
    expect(await readFile(file, 'cafe\u0301 cre\u0300me')).toMatchObject({ ok: true, hadKeys: true });
  });

  it('a plain file without keys still reads when a passphrase is given', async () => {
    expect(await readFile(plainFile, PASS)).toMatchObject({ ok: true, hadKeys: false });
  });
});

describe('readFile: failures', () => {
  it.each<{ case: string; text: () => string | Promise<string>; passphrase?: string; reason: string }>([
    { case: 'not JSON at all', text: () => 'name,key\nWork,sk-1', reason: 'not-json' },
    { case: 'an empty file', text: () => '', reason: 'not-json' },
    { case: 'JSON of another format', text: () => '{"accounts":[]}', reason: 'foreign' },
    { case: 'JSON naming another format', text: () => '{"format":"other-gauge","version":1}', reason: 'foreign' },
    { case: 'a JSON list', text: () => '[{"format":"credit-gauge"}]', reason: 'foreign' },
    { case: 'a JSON number', text: () => '42', reason: 'foreign' },
    { case: 'a later version', text: () => edit(plainFile, (f) => (f.version = 2)), reason: 'version' },
    { case: 'a version that is not a number', text: () => edit(plainFile, (f) => (f.version = '1')), reason: 'version' },
    { case: 'a file over 5 MB', text: () => `${plainFile}${' '.repeat(MAX_FILE_CHARS)}`, reason: 'too-large' },
    { case: 'an encrypted file without a passphrase', text: () => keyFile, reason: 'needs-passphrase' },
    { case: 'an encrypted file with an empty passphrase', text: () => keyFile, passphrase: '', reason: 'needs-passphrase' },
    { case: 'an encrypted file with the wrong passphrase', text: () => keyFile, passphrase: 'Correct horse battery staple', reason: 'wrong-passphrase' },
    { case: 'a tampered ciphertext (one bit flipped)', text: () => edit(keyFile, (f) => (f.data = flipByte(f.data, 3))), passphrase: PASS, reason: 'wrong-passphrase' },
    { case: 'a tampered authentication tag', text: () => edit(keyFile, (f) => (f.data = flipByte(f.data, unb64(f.data).length - 1))), passphrase: PASS, reason: 'wrong-passphrase' },
    { case: 'a tampered IV', text: () => edit(keyFile, (f) => (f.cipher.iv = flipByte(f.cipher.iv, 0))), passphrase: PASS, reason: 'wrong-passphrase' },
    { case: 'a tampered salt', text: () => edit(keyFile, (f) => (f.kdf.salt = flipByte(f.kdf.salt, 0))), passphrase: PASS, reason: 'wrong-passphrase' },
    { case: 'a lowered iteration count', text: () => edit(keyFile, (f) => (f.kdf.iterations = FAST + 1)), passphrase: PASS, reason: 'wrong-passphrase' },
    { case: 'a truncated encrypted file', text: () => keyFile.slice(0, Math.floor(keyFile.length / 2)), passphrase: PASS, reason: 'corrupt' },
    { case: 'a truncated plain file', text: () => plainFile.slice(0, plainFile.length - 10), reason: 'corrupt' },
    { case: 'truncated base64 data', text: () => edit(keyFile, (f) => (f.data = f.data.slice(0, -3))), passphrase: PASS, reason: 'corrupt' },
    { case: 'data not base64', text: () => edit(keyFile, (f) => (f.data = `${f.data.slice(0, -4)}!!!!`)), passphrase: PASS, reason: 'corrupt' },
    { case: 'data shorter than a tag', text: () => edit(keyFile, (f) => (f.data = b64(new Uint8Array(8)))), passphrase: PASS, reason: 'corrupt' },
    { case: 'a salt of the wrong length', text: () => edit(keyFile, (f) => (f.kdf.salt = b64(new Uint8Array(8)))), passphrase: PASS, reason: 'corrupt' },
    { case: 'an IV of the wrong length', text: () => edit(keyFile, (f) => (f.cipher.iv = b64(new Uint8Array(16)))), passphrase: PASS, reason: 'corrupt' },
    { case: 'a missing IV', text: () => edit(keyFile, (f) => delete f.cipher.iv), passphrase: PASS, reason: 'corrupt' },
    { case: 'another KDF hash', text: () => edit(keyFile, (f) => (f.kdf.hash = 'SHA-1')), passphrase: PASS, reason: 'corrupt' },
    { case: 'another cipher', text: () => edit(keyFile, (f) => (f.cipher.name = 'AES-CBC')), passphrase: PASS, reason: 'corrupt' },
    { case: 'an absurdly high iteration count', text: () => edit(keyFile, (f) => (f.kdf.iterations = 1e12)), passphrase: PASS, reason: 'corrupt' },
    { case: 'an absurdly low iteration count', text: () => edit(keyFile, (f) => (f.kdf.iterations = 1)), passphrase: PASS, reason: 'corrupt' },
    { case: 'a fractional iteration count', text: () => edit(keyFile, (f) => (f.kdf.iterations = FAST + 0.5)), passphrase: PASS, reason: 'corrupt' },
    { case: 'an iteration count as text', text: () => edit(keyFile, (f) => (f.kdf.iterations = String(FAST))), passphrase: PASS, reason: 'corrupt' },
    { case: 'a broken header is corrupt even before a passphrase is asked for', text: () => edit(keyFile, (f) => (f.kdf.iterations = 1e12)), reason: 'corrupt' },
    { case: '"encrypted" neither true nor false', text: () => edit(keyFile, (f) => (f.encrypted = 'yes')), passphrase: PASS, reason: 'corrupt' },
    { case: 'a plain file whose accounts are not a list', text: () => edit(plainFile, (f) => (f.accounts = { a1: {} })), reason: 'corrupt' },
    { case: 'a decrypted payload that is not JSON', text: () => sealed('{"settings":'), passphrase: PASS, reason: 'corrupt' },
    { case: 'a decrypted payload that is not an object', text: () => sealed('[1,2]'), passphrase: PASS, reason: 'corrupt' },
    { case: 'a decrypted payload without accounts', text: () => sealed('{"settings":{}}'), passphrase: PASS, reason: 'corrupt' },
  ])('$case → $reason', async ({ text, passphrase, reason }) => {
    expect(await readFile(await text(), passphrase)).toEqual({ ok: false, reason });
  });

  it.each([
    { case: 'an absurd iteration count', change: (f: Json) => (f.kdf.iterations = 1e12) },
    { case: 'a bad salt', change: (f: Json) => (f.kdf.salt = 'abc') },
    { case: 'a bad IV', change: (f: Json) => (f.cipher.iv = '') },
  ])('no KDF runs for a file with $case', async ({ change }) => {
    const { crypto, kdfRuns } = countingCrypto();
    expect(await readFile(edit(keyFile, change), PASS, crypto)).toEqual({ ok: false, reason: 'corrupt' });
    expect(kdfRuns()).toBe(0);
  });

  it('the injected crypto is the one used', async () => {
    const { crypto, kdfRuns } = countingCrypto();
    expect(await readFile(keyFile, PASS, crypto)).toMatchObject({ ok: true });
    expect(kdfRuns()).toBe(2);
  });
});

describe('readFile: what a file holds is checked like stored data', () => {
  it.each<{ case: string; change: (f: Json) => void; check: (r: Extract<Awaited<ReturnType<typeof readFile>>, { ok: true }>) => void }>([
    {
      case: 'an entry without a provider is dropped, the others kept',
      change: (f) => f.accounts.push({ id: 'x', name: 'Bad' }),
      check: (r) => expect(r.accounts.map((a) => a.id)).toEqual(['a1', 'a2']),
    },
    {
      case: 'unknown fields are not carried along',
      change: (f) => (f.accounts[0].evil = '<img src=x>'),
      check: (r) => expect(r.accounts[0]).not.toHaveProperty('evil'),
    },
    {
      case: 'a hand-edited key in a plain file is not taken',
      change: (f) => (f.accounts[0].key = 'sk-planted'),
      check: (r) => expect(r.accounts.map((a) => a.key)).toEqual(['', '']),
    },
    {
      case: 'broken settings are repaired',
      change: (f) => (f.settings = { intervalMinutes: 9999, notifications: 'yes' }),
      check: (r) => expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, intervalMinutes: 60 }),
    },
    {
      case: 'missing settings read as the defaults',
      change: (f) => delete f.settings,
      check: (r) => expect(r.settings).toEqual(DEFAULT_SETTINGS),
    },
  ])('$case', async ({ change, check }) => {
    const result = await readFile(edit(plainFile, change));
    if (!result.ok) throw new Error(`expected ok, got ${result.reason}`);
    check(result);
  });

  it('an encrypted payload is checked too', async () => {
    const payload = JSON.stringify({ settings: { intervalMinutes: 0 }, accounts: [{ id: 'k', provider: 'apertis', key: 'sk-1', extra: 1 }, { id: 'y' }] });
    const result = await readFile(await sealed(payload), PASS);
    expect(result).toMatchObject({ ok: true, hadKeys: true, settings: { intervalMinutes: 1 } });
    if (!result.ok) return;
    expect(result.accounts).toHaveLength(1);
    expect(result.accounts[0]).toMatchObject({ id: 'k', key: 'sk-1', baseUrl: '' });
    expect(result.accounts[0]).not.toHaveProperty('extra');
  });
});

describe('planImport', () => {
  const mine = makeAccount({ id: 'm1', name: 'Work', key: 'sk-mine', baseUrl: 'https://api.apertis.ai' });
  const ids = () => {
    let n = 0;
    return () => `new-${++n}`;
  };

  it.each<{ case: string; existing?: Account[]; incoming: Account[]; added: string[]; skipped?: Array<[string, string]> }>([
    { case: 'same provider, key and origin: skipped', incoming: [makeAccount({ id: 'i1', name: 'Other', key: 'sk-mine' })], added: [], skipped: [['i1', 'same-key']] },
    {
      case: 'same origin written differently (default port, path prefix): skipped',
      incoming: [makeAccount({ id: 'i1', key: 'sk-mine', baseUrl: 'https://API.apertis.ai:443/v2' })],
      added: [],
      skipped: [['i1', 'same-key']],
    },
    { case: 'same key on another provider: added', incoming: [makeAccount({ id: 'i1', provider: 'apikley', key: 'sk-mine' })], added: ['i1'] },
    { case: 'same key on another origin: added', incoming: [makeAccount({ id: 'i1', key: 'sk-mine', baseUrl: 'https://eu.apertis.ai' })], added: ['i1'] },
    { case: 'same key on another port: added', incoming: [makeAccount({ id: 'i1', key: 'sk-mine', baseUrl: 'https://api.apertis.ai:8443' })], added: ['i1'] },
    { case: 'another key under the same name: added', incoming: [makeAccount({ id: 'i1', name: 'Work', key: 'sk-other' })], added: ['i1'] },
    { case: 'no key, same provider, origin and name: skipped', incoming: [makeAccount({ id: 'i1', name: 'Work', key: '' })], added: [], skipped: [['i1', 'same-name-no-key']] },
    { case: 'no key, another name: added', incoming: [makeAccount({ id: 'i1', name: 'Home', key: '' })], added: ['i1'] },
    { case: 'no key, same name on another origin: added', incoming: [makeAccount({ id: 'i1', name: 'Work', key: '', baseUrl: 'https://eu.apertis.ai' })], added: ['i1'] },
    { case: 'no key, same name on another provider: added', incoming: [makeAccount({ id: 'i1', provider: 'apikley', name: 'Work', key: '' })], added: ['i1'] },
    {
      case: 'no key, empty base URLs on both sides count as the same place',
      existing: [makeAccount({ id: 'm2', provider: 'custom', name: 'GW', baseUrl: '' })],
      incoming: [makeAccount({ id: 'i1', provider: 'custom', name: 'GW', key: '', baseUrl: '' })],
      added: [],
      skipped: [['i1', 'same-name-no-key']],
    },
    {
      case: 'the same key twice in the file: the second skipped',
      existing: [],
      incoming: [makeAccount({ id: 'i1', key: 'sk-x' }), makeAccount({ id: 'i2', name: 'Again', key: 'sk-x' })],
      added: ['i1'],
      skipped: [['i2', 'same-key']],
    },
    {
      case: 'the same keyless name twice in the file: the second skipped',
      existing: [],
      incoming: [makeAccount({ id: 'i1', key: '' }), makeAccount({ id: 'i2', key: '' })],
      added: ['i1'],
      skipped: [['i2', 'same-name-no-key']],
    },
    {
      case: 'an id already in use is no reason to skip: added under a new id',
      incoming: [makeAccount({ id: 'm1', name: 'Home', key: 'sk-home' })],
      added: ['m1'],
    },
    { case: 'an empty file adds nothing', incoming: [], added: [] },
  ])('$case', ({ existing = [mine], incoming, added, skipped = [] }) => {
    const before = structuredClone(existing);
    const plan = planImport(existing, incoming, ids());
    // Added accounts are the incoming ones, unchanged but for a fresh id.
    const byOldId = new Map(incoming.map((a) => [a.id, a]));
    expect(plan.add.map((a, i) => ({ ...a, id: added[i] }))).toEqual(added.map((id) => byOldId.get(id)));
    expect(plan.add.map((a) => a.id)).toEqual(added.map((_, i) => `new-${i + 1}`));
    expect(plan.skipped.map((s) => [s.account.id, s.reason])).toEqual(skipped);
    expect(existing).toEqual(before);
  });

  it('a new id that collides with one in use is drawn again', () => {
    const drawn = ['m1', 'x1', 'x1', 'x2'];
    const plan = planImport([mine], [makeAccount({ id: 'i1', key: 'a' }), makeAccount({ id: 'i2', key: 'b' })], () => drawn.shift()!);
    expect(plan.add.map((a) => a.id)).toEqual(['x1', 'x2']);
  });

  it('a newId that only collides throws instead of overwriting', () => {
    expect(() => planImport([mine], [makeAccount({ id: 'i1', key: 'a' })], () => 'm1')).toThrow();
  });
});

describe('parseKeyLines', () => {
  it.each<{ case: string; text: string; keys: string[]; rejected: number }>([
    { case: 'one key per line', text: 'sk-1\nsk-2\nsk-3', keys: ['sk-1', 'sk-2', 'sk-3'], rejected: 0 },
    { case: 'Windows and old Mac line ends', text: 'sk-1\r\nsk-2\rsk-3\r\n', keys: ['sk-1', 'sk-2', 'sk-3'], rejected: 0 },
    { case: 'each line trimmed', text: '  sk-1\t\n\tsk-2  ', keys: ['sk-1', 'sk-2'], rejected: 0 },
    { case: 'blank lines dropped, not rejected', text: '\n\nsk-1\n   \n\t\nsk-2\n', keys: ['sk-1', 'sk-2'], rejected: 0 },
    { case: 'repeats dropped (after trimming), first kept in order', text: 'sk-2\nsk-1\n sk-2 \nsk-1', keys: ['sk-2', 'sk-1'], rejected: 0 },
    { case: 'a space inside a line rejected', text: 'sk-1\nsk 2\nsk-3', keys: ['sk-1', 'sk-3'], rejected: 1 },
    { case: 'a tab inside a line rejected', text: 'sk\t1', keys: [], rejected: 1 },
    { case: 'non-ASCII rejected', text: 'sk-ключ\nsk-1\u00a0x\nsk-ok', keys: ['sk-ok'], rejected: 2 },
    { case: 'control characters rejected', text: 'sk-\u00001\nsk-\u007f2', keys: [], rejected: 2 },
    { case: 'an overlong line rejected', text: `${'k'.repeat(513)}\nsk-1`, keys: ['sk-1'], rejected: 1 },
    { case: 'nothing pasted', text: '', keys: [], rejected: 0 },
  ])('$case', ({ text, keys, rejected }) => {
    expect(parseKeyLines(text)).toEqual({ keys, rejected });
  });
});
