// The plumbing both fakes share (fake-api.ts for the founding two, fake-catalogue.ts
// for the rest): writing a scripted answer, answering late or never, and a close()
// that does not wait on hanging or keep-alive sockets. Plain node:http.
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted answer. */
export interface ServedAnswer {
  status: number;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Accept the request and never answer (until close()), to exercise client timeouts. */
  hang?: boolean;
  /** Extra delay for this answer on top of the fake's latency. */
  delayMs?: number;
}

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, X-API-Key, Content-Type',
  'Access-Control-Allow-Private-Network': 'true',
  'Access-Control-Expose-Headers': 'Retry-After',
  'Access-Control-Max-Age': '600',
};

/** Servers on 127.0.0.1 whose pending answers and open sockets close() ends at once. */
export function createServerPool() {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const servers: Server[] = [];

  function write(res: ServerResponse, answer: ServedAnswer, extraHeaders: Record<string, string>): void {
    if (answer.hang) return;
    const isText = typeof answer.body === 'string';
    const payload = answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...extraHeaders,
      'Content-Type': answer.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json'),
      'Cache-Control': 'no-store',
      ...answer.headers,
    });
    res.end(payload);
  }

  return {
    /** Sends `answer` after `latencyMs` plus its own delay (or never, when it hangs). */
    send(res: ServerResponse, answer: ServedAnswer, latencyMs: number, extraHeaders: Record<string, string> = {}): void {
      const delay = latencyMs + (answer.delayMs ?? 0);
      if (delay <= 0) return write(res, answer, extraHeaders);
      const timer = setTimeout(() => {
        timers.delete(timer);
        write(res, answer, extraHeaders);
      }, delay);
      timers.add(timer);
    },
    /** A server on a free 127.0.0.1 port. */
    async listen(handler: RequestListener): Promise<{ server: Server; port: number }> {
      const server = createServer(handler);
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      servers.push(server);
      return { server, port: (server.address() as AddressInfo).port };
    },
    close(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Hanging and keep-alive sockets would otherwise hold close() open forever.
      for (const socket of sockets) socket.destroy();
      return Promise.all(
        servers.map((server) => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())))),
      ).then(() => undefined);
    },
  };
}
