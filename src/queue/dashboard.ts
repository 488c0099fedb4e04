/**
 * The queue dashboard: bull-board over the pipeline's BullMQ queue, for operators who want to see
 * chunks waiting, running and failing. Safe by default: read-only, bound to the loopback
 * interface, and never reachable from another machine without basic auth.
 *
 * Read-only is enforced twice. bull-board itself answers 405 for a read-only queue, but only in
 * the handlers that opt in (each route wraps its own check; the "pause all" route silently skips
 * read-only queues), so a route added by a future bull-board version could slip through. A guard
 * in front of the whole board refusing every request that is not GET/HEAD does not depend on that.
 */
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import http from 'node:http';
import net from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { Redis } from 'ioredis';
import { QUEUE_NAME } from './flow.ts';

export interface DashboardOptions {
  redisUrl: string;
  /** BullMQ queue prefix (QUEUE_PREFIX) */
  prefix: string;
  /** default 127.0.0.1; any other than a loopback address needs `auth` */
  host?: string;
  /** default 3000; 0 picks a free port (tests) */
  port?: number;
  /** default true: retry, clean, pause … are refused */
  readOnly?: boolean;
  auth?: { user: string; password: string };
  /** Redis connection problems (the board keeps serving and reconnects) */
  onError?: (error: Error) => void;
}

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

/** A dashboard that must not start as asked (an exposed board without credentials). */
export class DashboardRefusedError extends Error {}
/** The address cannot be served (port in use, no such interface …). */
export class DashboardListenError extends Error {}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const readOnly = options.readOnly ?? true;
  if (!options.auth && !(await isLoopback(host))) {
    throw new DashboardRefusedError(
      `refusing to serve the dashboard on ${host} without basic auth: set DASHBOARD_USER and DASHBOARD_PASSWORD, or bind to 127.0.0.1`,
    );
  }

  // The board's own connection: a request fails after a few retries while Redis is down instead
  // of hanging (workers use maxRetriesPerRequest: null; a dashboard should answer).
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const queue = new Queue(QUEUE_NAME, { connection, prefix: options.prefix });
  // An 'error' event without a listener would crash the process.
  queue.on('error', (error) => options.onError?.(error));
  // Let the queue finish connecting before anything can close it: a close() racing the queue's
  // own start-up left a "Connection is closed" rejection nobody could catch.
  await queue.waitUntilReady();

  const board = new ExpressAdapter();
  board.setBasePath('/');
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: readOnly })],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'yearend queues' } },
  });

  const app = express();
  app.disable('x-powered-by');
  // Order matters: credentials first, so an unauthenticated write learns nothing but 401.
  app.use(options.auth ? basicAuth(options.auth) : loopbackHostOnly);
  if (readOnly) app.use(readOnlyGuard);
  app.use(board.getRouter() as RequestHandler);

  const server = http.createServer(app);
  try {
    await listen(server, options.port ?? 3000, host);
  } catch (error) {
    await queue.close();
    connection.disconnect();
    throw error;
  }
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://${net.isIPv6(host) ? `[${host}]` : host}:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // close() alone ends only idle connections; a request still waiting on a slow Redis
        // would hold up the shutdown.
        server.closeAllConnections();
      });
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new DashboardListenError(
          error.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is in use: choose another with --port`
            : `cannot listen on ${host}:${port} (${error.code ?? error.message})`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Every address the host name stands for must be a loopback one ("localhost" usually is). */
export async function isLoopback(host: string): Promise<boolean> {
  const addresses = net.isIP(host)
    ? [host]
    : await dns.lookup(host, { all: true }).then(
        (a) => a.map((x) => x.address),
        () => [],
      );
  return addresses.length > 0 && addresses.every(isLoopbackAddress);
}

function isLoopbackAddress(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '');
  return (net.isIPv4(v4) && v4.startsWith('127.')) || address === '::1';
}

function basicAuth(expected: { user: string; password: string }): RequestHandler {
  // Compare SHA-256 digests: equal lengths for timingSafeEqual, and the time taken does not tell
  // how much of a guess was right (nor the length of the real credentials).
  const digest = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest();
  const user = digest(expected.user);
  const password = digest(expected.password);
  return (req: Request, res: Response, next: NextFunction) => {
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    const decoded = scheme?.toLowerCase() === 'basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const given = colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    // Both comparisons always run (no short circuit on a wrong user name).
    const userOk = crypto.timingSafeEqual(digest(given?.user ?? ''), user);
    const passwordOk = crypto.timingSafeEqual(digest(given?.password ?? ''), password);
    if (given && userOk && passwordOk) return next();
    res.set('WWW-Authenticate', 'Basic realm="yearend dashboard", charset="UTF-8"').status(401).json({ error: 'authentication required' });
  };
}

/**
 * Without credentials the loopback binding is the only protection, and a web page in the
 * operator's browser could get around it by DNS rebinding (its own name resolving to 127.0.0.1).
 * Such requests carry the page's host name, so only loopback names are served.
 */
function loopbackHostOnly(req: Request, res: Response, next: NextFunction): void {
  const hostname = (req.headers.host ?? '')
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (hostname === 'localhost' || isLoopbackAddress(hostname)) return next();
  res.status(403).json({ error: 'the dashboard answers only to localhost / 127.0.0.1' });
}

function readOnlyGuard(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  res.status(403).json({ error: 'the dashboard is read-only: start it with --allow-actions to retry, clean or pause jobs' });
}
