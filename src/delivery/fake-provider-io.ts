import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * Local stand-ins for providers, for tests only (127.0.0.1). The HTTP provider de-duplicates on
 * the Idempotency-Key header like real provider APIs, and can be told to fail or hang.
 */
export type FakeMode = 'ok' | 'error' | 'hang' | 'reject';

export interface FakeRequest {
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface FakeHttpProvider {
  readonly url: string;
  mode: FakeMode;
  /** Every request received, including retries. */
  readonly requests: FakeRequest[];
  /** Accepted messages by idempotency key (what a recipient would get). */
  readonly delivered: Map<string, { id: string; request: FakeRequest }>;
  /** Called after a message is recorded and before the answer; return false to never answer. */
  onRecorded: ((req: FakeRequest) => boolean) | undefined;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeHttpProvider(): Promise<FakeHttpProvider> {
  const hanging = new Set<ServerResponse>();
  let counter = 0;
  const state: FakeHttpProvider = {
    url: '', mode: 'ok', requests: [], delivered: new Map(), onRecorded: undefined,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const request: FakeRequest = { path: req.url ?? '/', idempotencyKey: key, contentType: req.headers['content-type'], body };
    state.requests.push(request);
    if (state.mode === 'hang') { hanging.add(res); return; }
    if (state.mode === 'error') { res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}'); return; }
    if (state.mode === 'reject') { res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad request"}'); return; }
    const existing = key ? state.delivered.get(key) : undefined;
    const id = existing?.id ?? `msg-${++counter}`;
    if (!existing && key) state.delivered.set(key, { id, request });
    if (state.onRecorded && !existing && state.onRecorded(request) === false) { hanging.add(res); return; }
    res.writeHead(existing ? 200 : 201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  (state as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`;
  return state;
}

export interface FakeSmtpServer {
  readonly host: string;
  readonly port: number;
  mode: FakeMode;
  readonly messages: { from: string; to: string[]; raw: string }[];
  close(): Promise<void>;
}

export async function startFakeSmtpServer(): Promise<FakeSmtpServer> {
  const state: FakeSmtpServer = {
    host: '127.0.0.1', port: 0, mode: 'ok', messages: [],
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.mode === 'hang') return;
        if (state.mode === 'error') return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        if (state.mode === 'reject') return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        state.messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  (state as { port: number }).port = (server.server.address() as AddressInfo).port;
  return state;
}
