/**
 * Local receivers for the alert channels, started by a test on 127.0.0.1 and a free port: an HTTP
 * server taking webhook POSTs, and an SMTP server (smtp-server) taking mail. Each keeps what it
 * received, and `until` waits for a condition with a generous limit (never for a fixed time).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface WebhookPost {
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
  json: Record<string, unknown>;
}

export interface WebhookSink {
  /** the URL to configure; `path` lets a test put a secret token in it, as Slack does */
  url(path?: string, credentials?: string): string;
  posts: WebhookPost[];
  /** the HTTP status to answer with (a test sets 500 to play a broken receiver) */
  status: number;
  /** when set, the sink never answers (a hanging receiver: the sender's timeout must end it) */
  hang: boolean;
  close(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const hanging: http.ServerResponse[] = [];
  const sink: WebhookSink = {
    url: (p = '/hook', credentials) => `http://${credentials ? `${credentials}@` : ''}127.0.0.1:${port}${p}`,
    posts: [],
    status: 200,
    hang: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // kept as text: the test asserts on it
      }
      sink.posts.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body,
        json,
      });
      if (sink.hang) {
        hanging.push(res);
        return;
      }
      res.writeHead(sink.status, { 'content-type': 'text/plain' }).end(sink.status === 200 ? 'ok' : 'broken');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return sink;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** the raw message (headers and body) as it arrived */
  raw: string;
  subject: string;
}

export interface MailSink {
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A plain SMTP server (no TLS, no auth) that accepts every message. */
export async function startMailSink(): Promise<MailSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '',
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
