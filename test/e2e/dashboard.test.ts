/**
 * `yearend dashboard`: bull-board over the run queue, against the real Redis. In-process for the
 * HTTP behaviour (read-only, basic auth, loopback binding), and as a real CLI process for
 * start-up, errors and a clean SIGTERM.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAME } from '../../src/queue/flow.ts';
import { DashboardRefusedError, isLoopback, startDashboard, type Dashboard } from '../../src/queue/dashboard.ts';
import { BIN, cleanEnv, isPlainError, stopProcess, yearend } from '../helpers/cli.ts';
import { databaseUrl, REDIS_URL, skipServices, uniquePrefix } from '../helpers/services.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http rather than fetch: fetch may not set the Host header (the rebinding test needs it). */
function request(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe.skipIf(skipServices)('the queue dashboard (in-process, real Redis)', () => {
  const prefix = uniquePrefix('dashboard');
  let queue: Queue;
  const open: Dashboard[] = [];
  const start = async (options: Partial<Parameters<typeof startDashboard>[0]> = {}) => {
    const dashboard = await startDashboard({ redisUrl: REDIS_URL, prefix, port: 0, ...options });
    open.push(dashboard);
    return dashboard;
  };

  beforeAll(async () => {
    queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    // No worker uses this prefix: the job stays waiting, so any change to it is the dashboard's doing.
    await queue.add('chunk', { runId: 1, chunkNo: 1 }, { jobId: 'run-1-r1-chunk-1' });
  });

  afterAll(async () => {
    await Promise.all(open.map((d) => d.close()));
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('serves the UI and the queue list with the job count, on 127.0.0.1 by default', async () => {
    const dashboard = await start();
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const ui = await request(dashboard.url);
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    expect(ui.body).toContain('<div id="root">');
    expect(ui.body).toContain('yearend queues');

    const api = await request(`${dashboard.url}api/queues`);
    expect(api.status).toBe(200);
    const { queues } = JSON.parse(api.body) as { queues: { name: string; counts: Record<string, number>; readOnlyMode: boolean }[] };
    expect(queues.map((q) => q.name)).toEqual([QUEUE_NAME]);
    expect(queues[0]!.counts.waiting).toBe(1);
    // bull-board hides the action buttons of a read-only queue.
    expect(queues[0]!.readOnlyMode).toBe(true);

    // The job's own page: the payload is the run id and chunk number, nothing more.
    const job = await request(`${dashboard.url}api/queues/${QUEUE_NAME}/run-1-r1-chunk-1`);
    expect(job.status).toBe(200);
    expect(JSON.parse(job.body).job.data).toEqual({ runId: 1, chunkNo: 1 });
  });

  it('read-only by default: every action is refused with 403 and the queue is unchanged', async () => {
    const { url } = await start();
    const actions: [string, string][] = [
      ['PUT', `api/queues/${QUEUE_NAME}/pause`],
      ['PUT', 'api/queues/pause'],
      ['PUT', `api/queues/${QUEUE_NAME}/run-1-r1-chunk-1/clean`],
      ['PUT', `api/queues/${QUEUE_NAME}/clean/waiting`],
      ['PUT', `api/queues/${QUEUE_NAME}/empty`],
      ['PUT', `api/queues/${QUEUE_NAME}/obliterate`],
      ['POST', `api/queues/${QUEUE_NAME}/add`],
      ['PATCH', `api/queues/${QUEUE_NAME}/run-1-r1-chunk-1/update-data`],
      ['DELETE', `api/queues/${QUEUE_NAME}`],
    ];
    for (const [method, path] of actions) {
      const reply = await request(url + path, { method, headers: { 'content-type': 'application/json' } });
      expect(reply.status, `${method} ${path}`).toBe(403);
      expect(reply.body).toContain('read-only');
    }
    expect(await queue.isPaused()).toBe(false);
    expect(await queue.getJobCounts('waiting', 'paused')).toEqual({ waiting: 1, paused: 0 });
    expect((await queue.getJob('run-1-r1-chunk-1'))?.data).toEqual({ runId: 1, chunkNo: 1 });
  });

  it('with actions allowed the same request takes effect (the 403 above is the read-only guard)', async () => {
    const { url } = await start({ readOnly: false });
    const paused = await request(`${url}api/queues/${QUEUE_NAME}/pause`, { method: 'PUT' });
    expect(paused.status).toBe(200);
    expect(await queue.isPaused()).toBe(true);
    const resumed = await request(`${url}api/queues/${QUEUE_NAME}/resume`, { method: 'PUT' });
    expect(resumed.status).toBe(200);
    expect(await queue.isPaused()).toBe(false);
  });

  it('basic auth: 401 with a challenge without or with wrong credentials, 200 with the right ones', async () => {
    const { url } = await start({ auth: { user: 'ops', password: 's3cret:with-colon' } });
    for (const headers of [
      {},
      basic('ops', 'wrong'),
      basic('other', 's3cret:with-colon'),
      basic('ops', ''),
      { authorization: 'Bearer s3cret' },
      { authorization: 'Basic %%%' },
    ]) {
      for (const path of ['', 'api/queues']) {
        const reply = await request(url + path, { headers });
        expect(reply.status, `${JSON.stringify(headers)} ${path}`).toBe(401);
        expect(reply.headers['www-authenticate']).toMatch(/^Basic realm="yearend dashboard"/);
        expect(reply.body).not.toContain(QUEUE_NAME);
      }
    }
    const ui = await request(url, { headers: basic('ops', 's3cret:with-colon') });
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    const api = await request(`${url}api/queues`, { headers: basic('ops', 's3cret:with-colon') });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body).queues[0].counts.waiting).toBe(1);
    // Credentials come first: an unauthenticated action learns nothing but 401; an authenticated
    // one still meets the read-only guard.
    expect((await request(`${url}api/queues/${QUEUE_NAME}/pause`, { method: 'PUT' })).status).toBe(401);
    expect(
      (await request(`${url}api/queues/${QUEUE_NAME}/pause`, { method: 'PUT', headers: basic('ops', 's3cret:with-colon') })).status,
    ).toBe(403);
    expect(await queue.isPaused()).toBe(false);
  });

  it('refuses to listen beyond loopback without basic auth; with auth it may', async () => {
    await expect(startDashboard({ redisUrl: REDIS_URL, prefix, host: '0.0.0.0', port: 0 })).rejects.toThrow(DashboardRefusedError);
    await expect(startDashboard({ redisUrl: REDIS_URL, prefix, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /DASHBOARD_USER and DASHBOARD_PASSWORD/,
    );
    const exposed = await start({ host: '0.0.0.0', auth: { user: 'ops', password: 'pw' } });
    expect((await request(exposed.url.replace('0.0.0.0', '127.0.0.1'))).status).toBe(401);
    expect(await isLoopback('localhost')).toBe(true);
    expect(await isLoopback('::1')).toBe(true);
    expect(await isLoopback('127.0.0.2')).toBe(true);
    expect(await isLoopback('::')).toBe(false);
    expect(await isLoopback('10.1.2.3')).toBe(false);
  });

  it('without auth it answers only to loopback host names (no DNS rebinding from a web page)', async () => {
    const { url } = await start();
    expect((await request(url, { headers: { host: 'evil.example:80' } })).status).toBe(403);
    expect((await request(`${url}api/queues`, { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await request(url, { headers: { host: 'localhost:8080' } })).status).toBe(200);
  });

  it('close() ends the server even while a client keeps its connection open', async () => {
    const dashboard = await startDashboard({ redisUrl: REDIS_URL, prefix, port: 0 });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      http.get(dashboard.url, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject),
    );
    await dashboard.close();
    await expect(request(dashboard.url)).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe.skipIf(skipServices)('yearend dashboard (the command)', () => {
  const prefix = uniquePrefix('dashboard-cli');
  // The configuration rule "REDIS_URL needs DATABASE_URL" applies to every command; the
  // dashboard itself never opens the database.
  const env = cleanEnv({ REDIS_URL, DATABASE_URL: databaseUrl('yearend_unused'), QUEUE_PREFIX: prefix });

  afterAll(async () => {
    // The board's queue handle leaves its meta key behind.
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('--help describes the options and the credentials', async () => {
    const help = await yearend(['dashboard', '--help'], cleanEnv({}));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--host <host>');
    expect(help.stdout).toContain('--port <port>');
    expect(help.stdout).toContain('--allow-actions');
    const top = await yearend(['--help'], cleanEnv({}));
    expect(top.stdout).toMatch(/\n  DASHBOARD_USER +basic-auth user of `dashboard`/);
    expect(top.stdout).toMatch(/\n  DASHBOARD_PASSWORD +basic-auth password of `dashboard`/);
  });

  it('without REDIS_URL: exit 1 and one line saying so', async () => {
    const result = await yearend(['dashboard'], cleanEnv({}));
    expect(result.code).toBe(1);
    expect(isPlainError(result.stderr)).toBe(true);
    expect(result.stderr).toContain('needs REDIS_URL');
  });

  it('refuses a non-loopback host without credentials, and half a credential pair', async () => {
    const exposed = await yearend(['dashboard', '--host', '0.0.0.0'], env);
    expect(exposed.code).toBe(2);
    expect(exposed.stderr).toMatch(/^error: refusing to serve the dashboard on 0\.0\.0\.0 without basic auth/);
    const half = await yearend(['dashboard'], { ...env, DASHBOARD_USER: 'ops' });
    expect(half.code).toBe(1);
    expect(half.stderr).toContain('DASHBOARD_USER and DASHBOARD_PASSWORD go together');
    const badPort = await yearend(['dashboard', '--port', '70000'], env);
    expect(badPort.code).toBe(2);
  });

  it('a real process serves the board, says its mode, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'dashboard', '--port', String(port)], {
      env: { ...env, DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'pw-Zq81x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await expect.poll(() => output, { timeout: 30_000, interval: 100 }).toContain(`dashboard: http://127.0.0.1:${port}/`);
      expect(output).toContain('mode: read-only');
      expect(output).toContain('auth: on');
      expect(output).not.toContain('pw-Zq81x');
      const url = `http://127.0.0.1:${port}/`;
      expect((await request(url)).status).toBe(401);
      const api = await request(`${url}api/queues`, { headers: basic('ops', 'pw-Zq81x') });
      expect(api.status).toBe(200);
      expect(JSON.parse(api.body).queues[0].name).toBe(QUEUE_NAME);
    } finally {
      expect(await stopProcess(child, 'SIGTERM')).toBe(0);
    }
    await expect(request(`http://127.0.0.1:${port}/`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
