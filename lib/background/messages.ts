// Typed messages from the popup and options page to the background.
import { browser } from '../browser-api';
import type { BalanceSnapshot } from '../model/balance';
import type { Result } from '../model/errors';
import { parseSnapshot } from '../store/schema';

export type Message =
  /** The user pressed Refresh: every account (or these), backoff and rejected keys included. Answered once started. */
  | { type: 'refresh'; ids?: string[] }
  /** The popup opened: refresh accounts whose data is older than the interval. */
  | { type: 'popup-opened' }
  /**
   * The options page saved an account; read it now (state of an older key is ignored by its
   * fingerprint). `checked`: the reading the form made before saving, for the key with fingerprint
   * `for`: stored as the first read instead of asking the provider again.
   */
  | { type: 'account-saved'; id: string; checked?: { for: string; snapshot: BalanceSnapshot } }
  /** The options page removed an account (and its records); clear its notifications. */
  | { type: 'account-removed'; id: string }
  /** Interval, notifications or badge settings changed. */
  | { type: 'settings-saved' }
  /** The settings form asks what an account not yet saved would read (a custom mapping's live preview). Nothing is stored. */
  | { type: 'preview'; account: PreviewTarget };

export interface PreviewTarget {
  provider: string;
  baseUrl: string;
  key: string;
  options: Record<string, string>;
}

export type MessageType = Message['type'];

export interface Reply {
  ok: boolean;
  /** A preview's reading or its error. */
  result?: Result<BalanceSnapshot>;
}

export function sendMessage(message: Message): Promise<Reply> {
  return browser.runtime.sendMessage(message) as Promise<Reply>;
}

const isText = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;

function previewTarget(raw: unknown): PreviewTarget | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const a = raw as Record<string, unknown>;
  if (!isText(a.provider, 64) || !isText(a.baseUrl, 2048) || !isText(a.key, 512)) return null;
  const options: Record<string, string> = {};
  if (typeof a.options === 'object' && a.options !== null) {
    for (const [name, value] of Object.entries(a.options).slice(0, 16)) if (isText(value, 300)) options[name] = value;
  }
  return { provider: a.provider, baseUrl: a.baseUrl, key: a.key, options };
}

/** Only this extension's own pages may drive the background. */
export function isFromThisExtension(sender: { id?: string; url?: string }, runtimeId: string, baseUrl: string): boolean {
  return sender.id === runtimeId && typeof sender.url === 'string' && sender.url.startsWith(baseUrl);
}

const TYPES: ReadonlySet<string> = new Set<MessageType>([
  'refresh',
  'popup-opened',
  'account-saved',
  'account-removed',
  'settings-saved',
  'preview',
]);

/** Messages are data from another context: check the shape before acting on it. */
export function parseMessage(raw: unknown): Message | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (typeof m.type !== 'string' || !TYPES.has(m.type)) return null;
  const id = typeof m.id === 'string' ? m.id : undefined;
  switch (m.type) {
    case 'refresh':
      return Array.isArray(m.ids) && m.ids.every((x) => typeof x === 'string')
        ? { type: 'refresh', ids: m.ids as string[] }
        : { type: 'refresh' };
    case 'account-saved': {
      if (!id) return null;
      const checked = m.checked as { for?: unknown; snapshot?: unknown } | undefined;
      const snapshot = typeof checked?.for === 'string' ? parseSnapshot(checked.snapshot) : undefined;
      return snapshot ? { type: 'account-saved', id, checked: { for: checked!.for as string, snapshot } } : { type: 'account-saved', id };
    }
    case 'account-removed':
      return id ? { type: 'account-removed', id } : null;
    case 'preview': {
      const account = previewTarget(m.account);
      return account ? { type: 'preview', account } : null;
    }
    default:
      return { type: m.type as 'popup-opened' | 'settings-saved' };
  }
}
