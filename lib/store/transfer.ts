// Export and import of accounts and settings as a file, and "Paste keys".
//
// Pure functions: no extension APIs, crypto injected (WebCrypto's `crypto.subtle` only,
// default `globalThis.crypto`). A file without keys is plain JSON with no key material at all;
// a file with keys is encrypted whole (PBKDF2-SHA-256 -> AES-GCM 256), so nothing but the
// format header is in clear, not even account names.
//
// An imported file is untrusted input: its size is capped before parsing, the KDF parameters
// are checked before any work is done (no absurd iteration count runs), and what it holds goes
// through the same checks as stored data (parseAccounts, parseSettings).
import type { Account } from '../model/account';
import { sameOrigin, validateKey } from '../net/base-url';
import { isObject } from './shape';
import { parseAccounts, parseSettings } from './schema';
import type { Settings } from './types';

export const FILE_FORMAT = 'credit-gauge';
export const FILE_VERSION = 1;
/** PBKDF2 iterations written by default (OWASP 2023 figure for PBKDF2-HMAC-SHA256). */
export const PBKDF2_ITERATIONS = 600_000;
/** Iteration counts read from a file outside this range are refused as corrupt, before any KDF runs. */
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 10_000_000;
/** Longest file text read, in UTF-16 code units (JS string length), checked before JSON.parse. */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
const TAG_BYTES = 16;

// ---- errors ----

export type ExportErrorCode = 'needs-passphrase' | 'bad-iterations';

/** Thrown by exportFile when asked for something it must not write. */
export class ExportError extends Error {
  readonly code: ExportErrorCode;
  constructor(code: ExportErrorCode, message: string) {
    super(message);
    this.name = 'ExportError';
    this.code = code;
  }
}

export type ReadFailure = 'not-json' | 'too-large' | 'foreign' | 'version' | 'needs-passphrase' | 'wrong-passphrase' | 'corrupt';

export type ReadResult =
  | { ok: true; accounts: Account[]; settings: Settings; hadKeys: boolean }
  | { ok: false; reason: ReadFailure };

// ---- export ----

export interface ExportInput {
  accounts: Account[];
  settings: Settings;
  includeKeys: boolean;
  /** Required (not blank) when `includeKeys`; ignored otherwise. */
  passphrase?: string;
  /** Epoch ms, written as `exportedAt`. */
  now: number;
  /** PBKDF2 iterations, within [MIN_ITERATIONS, MAX_ITERATIONS]; default PBKDF2_ITERATIONS. */
  iterations?: number;
}

/**
 * The file's JSON text. Without keys: settings and accounts in clear, each account without its
 * `key` field. With keys: `{settings, accounts}` encrypted with the passphrase.
 * Throws ExportError `needs-passphrase` when keys are asked for without a passphrase (empty or
 * blank), `bad-iterations` when `iterations` is one readFile would refuse.
 */
export async function exportFile(input: ExportInput, crypto: Crypto = globalThis.crypto): Promise<string> {
  const header = { format: FILE_FORMAT, version: FILE_VERSION, exportedAt: new Date(input.now).toISOString() };
  if (!input.includeKeys) {
    const accounts = input.accounts.map(({ key: _key, ...rest }) => rest);
    return JSON.stringify({ ...header, encrypted: false, settings: input.settings, accounts }, null, 2);
  }
  const passphrase = input.passphrase ?? '';
  if (!passphrase.trim()) throw new ExportError('needs-passphrase', 'A passphrase is required to export keys');
  const iterations = input.iterations ?? PBKDF2_ITERATIONS;
  if (!saneIterations(iterations)) {
    throw new ExportError('bad-iterations', `Iterations must be a whole number in [${MIN_ITERATIONS}, ${MAX_ITERATIONS}]`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(crypto, passphrase, salt, iterations, 'encrypt');
  const plain = new TextEncoder().encode(JSON.stringify({ settings: input.settings, accounts: input.accounts }));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
  return JSON.stringify(
    {
      ...header,
      encrypted: true,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
      cipher: { name: 'AES-GCM', iv: toBase64(iv) },
      data: toBase64(sealed),
    },
    null,
    2,
  );
}

// ---- import ----

// Our exporter writes `format` first: a text that starts like ours but does not parse was cut short.
const LOOKS_OURS = /^\s*\{\s*"format"\s*:\s*"credit-gauge"/;

/**
 * The accounts and settings in a file, checked as untrusted data. A plain file never yields keys
 * (every `key` is '', even one a hand edit put there; `hadKeys` false); an encrypted one does.
 * An AES-GCM authentication failure reads as `wrong-passphrase`: a wrong passphrase and an edited
 * ciphertext, salt or IV cannot be told apart. An empty passphrase counts as none.
 */
export async function readFile(text: string, passphrase?: string, crypto: Crypto = globalThis.crypto): Promise<ReadResult> {
  if (text.length > MAX_FILE_CHARS) return failed('too-large');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return failed(LOOKS_OURS.test(text) ? 'corrupt' : 'not-json');
  }
  if (!isObject(raw) || raw.format !== FILE_FORMAT) return failed('foreign');
  if (raw.version !== FILE_VERSION) return failed('version');

  if (raw.encrypted === false) {
    const payload = readPayload(raw);
    if (!payload) return failed('corrupt');
    return { ok: true, accounts: payload.accounts.map((a) => ({ ...a, key: '' })), settings: payload.settings, hadKeys: false };
  }
  if (raw.encrypted !== true) return failed('corrupt');

  // Every parameter is checked before the passphrase is asked for or any KDF runs.
  const sealed = readSealed(raw);
  if (!sealed) return failed('corrupt');
  if (!passphrase) return failed('needs-passphrase');

  let key: CryptoKey;
  try {
    key = await deriveKey(crypto, passphrase, sealed.salt, sealed.iterations, 'decrypt');
  } catch {
    return failed('corrupt');
  }
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.data);
  } catch {
    // The tag did not verify: a wrong passphrase, or a ciphertext, salt or IV edited since.
    return failed('wrong-passphrase');
  }
  let inner: unknown;
  try {
    inner = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    return failed('corrupt');
  }
  const payload = isObject(inner) ? readPayload(inner) : undefined;
  if (!payload) return failed('corrupt');
  return { ok: true, accounts: payload.accounts, settings: payload.settings, hadKeys: true };
}

function failed(reason: ReadFailure): ReadResult {
  return { ok: false, reason };
}

function readPayload(raw: Record<string, unknown>): { accounts: Account[]; settings: Settings } | undefined {
  // A file whose account list is missing is broken; a broken entry in it is dropped on its own.
  if (!Array.isArray(raw.accounts)) return undefined;
  return { accounts: parseAccounts(raw.accounts), settings: parseSettings(raw.settings) };
}

interface Sealed {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  data: Uint8Array<ArrayBuffer>;
}

function readSealed(raw: Record<string, unknown>): Sealed | undefined {
  const { kdf, cipher } = raw;
  if (!isObject(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') return undefined;
  if (!isObject(cipher) || cipher.name !== 'AES-GCM') return undefined;
  const iterations = kdf.iterations;
  if (typeof iterations !== 'number' || !saneIterations(iterations)) return undefined;
  const salt = fromBase64(kdf.salt);
  const iv = fromBase64(cipher.iv);
  const data = fromBase64(raw.data);
  if (salt?.length !== SALT_BYTES || iv?.length !== IV_BYTES || !data || data.length < TAG_BYTES) return undefined;
  return { iterations, salt, iv, data };
}

function saneIterations(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_ITERATIONS && n <= MAX_ITERATIONS;
}

async function deriveKey(
  crypto: Crypto,
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  use: 'encrypt' | 'decrypt',
): Promise<CryptoKey> {
  // NFC: the same passphrase typed on another system (composed or decomposed accents) still opens the file.
  const secret = new TextEncoder().encode(passphrase.normalize('NFC'));
  const base = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    [use],
  );
}

// ---- base64 (standard alphabet, padded, strict) ----

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes, or undefined for anything but strict padded base64 (atob alone forgives a cut-off tail). */
function fromBase64(x: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (typeof x !== 'string' || !BASE64.test(x)) return undefined;
  const binary = atob(x);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// ---- merge ----

export type SkipReason = 'same-key' | 'same-name-no-key';

export interface ImportPlan {
  /** The accounts to add, each with a fresh id. */
  add: Account[];
  skipped: Array<{ account: Account; reason: SkipReason }>;
}

/**
 * Which incoming accounts to add. Never overwrites: an incoming account is skipped when one
 * already there (existing, or an earlier incoming one being added) has the same provider and
 * origin and, for a key, the same key (`same-key`); for an account without a key, the same name
 * (`same-name-no-key`). Origins match by sameOrigin, or as equal text when not URLs (an empty
 * base URL). Every added account gets a new id from `newId`, re-drawn while it collides with an
 * id already in use; throws when `newId` keeps colliding.
 */
export function planImport(existing: Account[], incoming: Account[], newId: () => string): ImportPlan {
  const known = [...existing];
  const ids = new Set(existing.map((a) => a.id));
  const plan: ImportPlan = { add: [], skipped: [] };
  for (const account of incoming) {
    const reason: SkipReason = account.key ? 'same-key' : 'same-name-no-key';
    const duplicate = known.some(
      (other) =>
        other.provider === account.provider &&
        sameBase(other.baseUrl, account.baseUrl) &&
        (account.key ? other.key === account.key : other.name === account.name),
    );
    if (duplicate) {
      plan.skipped.push({ account, reason });
      continue;
    }
    const added = { ...account, id: freshId(ids, newId) };
    ids.add(added.id);
    known.push(added);
    plan.add.push(added);
  }
  return plan;
}

function sameBase(a: string, b: string): boolean {
  return a === b || sameOrigin(a, b);
}

function freshId(used: ReadonlySet<string>, newId: () => string): string {
  for (let tries = 0; tries < 100; tries++) {
    const id = newId();
    if (id && !used.has(id)) return id;
  }
  throw new Error('newId keeps returning ids already in use');
}

// ---- paste keys ----

/**
 * "Paste keys": one key per line, trimmed; blank lines and repeats dropped (first kept). A line
 * validateKey refuses (whitespace inside, anything but printable ASCII, over its length cap) is
 * not returned, only counted in `rejected`, so no caller can echo a malformed secret back.
 */
export function parseKeyLines(text: string): { keys: string[]; rejected: number } {
  const keys: string[] = [];
  const seen = new Set<string>();
  let rejected = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.trim()) continue;
    const key = validateKey(line);
    if (!key.ok) {
      rejected++;
      continue;
    }
    if (seen.has(key.value)) continue;
    seen.add(key.value);
    keys.push(key.value);
  }
  return { keys, rejected };
}
