/**
 * The worker's metrics endpoint: `GET /metrics` (Prometheus text format) and `GET /healthz`
 * (200 `{"status":"ok","postgres":"up","redis":"up"}`, or 503 with `"status":"down"` and the
 * service that did not answer marked "down"). Plain node:http: two read-only routes need no
 * framework.
 *
 * Bound to 127.0.0.1 unless told otherwise. Another address is allowed without credentials
 * (unlike the dashboard): metrics and health hold counts, job names, statuses and file names,
 * nothing personal and nothing that changes anything; a scraper on another machine needs it.
 *
 * A failed scrape answers 503 naming the service (Prometheus records the target down); it never
 * throws into the worker. The answers carry no error text: the worker's log has it, once per
 * change of a service's state, not once per scrape.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';
import { SourceDownError, type Health, type Source, type WorkerMetrics } from './metrics.ts';

export interface MetricsServerOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** 0 picks a free port (see `url`) */
  port: number;
  log?: Logger;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** The address cannot be served (port in use, no such interface …). */
export class MetricsListenError extends Error {}

export async function startMetricsServer(metrics: WorkerMetrics, options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const watch = stateWatch(options.log);
  const server = http.createServer((request, response) => {
    void answer(metrics, watch, request, response).catch((error: unknown) => {
      options.log?.error({ err: (error as Error).message }, 'metrics endpoint failed');
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new MetricsListenError(`cannot serve metrics on ${host}:${options.port} (${error.code ?? error.message})`)),
    );
    server.listen(options.port, host, () => resolve());
  });
  server.on('error', (error) => options.log?.error({ err: error.message }, 'metrics server error'));
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // A scraper keeps its connection alive between scrapes: without closing it the server
        // would wait for the scraper to hang up before the worker could exit.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(metrics: WorkerMetrics, watch: StateWatch, request: http.IncomingMessage, response: http.ServerResponse) {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  if (path === '/metrics') {
    try {
      const text = await metrics.scrape();
      watch({});
      return send(response, 200, metrics.registry.contentType, text);
    } catch (error) {
      if (!(error instanceof SourceDownError)) throw error;
      watch(error.reasons);
      return send(response, 503, 'text/plain; charset=utf-8', `metrics unavailable: ${error.message}\n`);
    }
  }
  if (path === '/healthz') {
    const health = await metrics.health();
    watch(health.reasons);
    const body = { status: health.ok ? 'ok' : 'down', postgres: health.postgres, redis: health.redis };
    return send(response, health.ok ? 200 : 503, 'application/json', `${JSON.stringify(body)}\n`);
  }
  return send(response, 404, 'text/plain; charset=utf-8', 'not found: /metrics or /healthz\n');
}

function send(response: http.ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

/** Told, after each answer, which services are down and why (none: all answered). */
type StateWatch = (down: Health['reasons']) => void;

/** Logs a service going down (warn, with the reason) and coming back (info), once per change. */
function stateWatch(log: Logger | undefined): StateWatch {
  const isDown: Record<Source, boolean> = { postgres: false, redis: false };
  return (down) => {
    for (const source of ['postgres', 'redis'] as const) {
      const reason = down[source];
      if ((reason !== undefined) === isDown[source]) continue;
      isDown[source] = reason !== undefined;
      if (reason !== undefined) log?.warn({ source, err: reason }, 'metrics: service did not answer; /healthz and /metrics answer 503');
      else log?.info({ source }, 'metrics: service answers again');
    }
  };
}
