// Typed messages from the popup and options page to the background.
import { browser } from 'wxt/browser';

export type Message =
  /** The user pressed Refresh: every account (or these), backoff and rejected keys included. Answered once started. */
  | { type: 'refresh'; ids?: string[] }
  /** The popup opened: refresh accounts whose data is older than the interval. */
  | { type: 'popup-opened' }
  /** The options page saved an account; read it now. (State of an older key is ignored by its fingerprint.) */
  | { type: 'account-saved'; id: string }
  /** The options page removed an account (and its records); clear its notifications. */
  | { type: 'account-removed'; id: string }
  /** Interval, notifications or badge settings changed. */
  | { type: 'settings-saved' };

export type MessageType = Message['type'];

export interface Reply {
  ok: boolean;
}

export function sendMessage(message: Message): Promise<Reply> {
  return browser.runtime.sendMessage(message) as Promise<Reply>;
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
    case 'account-saved':
      return id ? { type: 'account-saved', id } : null;
    case 'account-removed':
      return id ? { type: 'account-removed', id } : null;
    default:
      return { type: m.type as 'popup-opened' | 'settings-saved' };
  }
}
