/**
 * Issue 10 F: during a Redis restart a worker logged 426 error lines, one per reconnect attempt
 * of each connection. An outage is now told once when it starts and once when Redis is back.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isConnectionError, redisConnection, redisOutage } from '../../src/queue/connection.ts';

function watchLog() {
  const told: string[] = [];
  return { told, watch: { lost: (reason: string) => told.push(`lost: ${reason}`), restored: () => told.push('restored') } };
}

describe('a Redis outage', () => {
  it('is told once however many reconnect attempts fail, and again once it is over', () => {
    const { told, watch } = watchLog();
    const outage = redisOutage(watch);
    for (let i = 0; i < 426; i++) expect(outage.error(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe(true);
    outage.ready();
    outage.ready();
    expect(outage.error(new Error('read ECONNRESET'))).toBe(true);
    expect(told).toEqual(['lost: connect ECONNREFUSED 127.0.0.1:6379', 'restored', 'lost: read ECONNRESET']);
  });

  it('leaves other errors to the caller', () => {
    const { told, watch } = watchLog();
    const outage = redisOutage(watch);
    expect(outage.error(new Error('ERR Error running script (call to f_1234): wrong number of arguments'))).toBe(false);
    expect(told).toEqual([]);
    expect(isConnectionError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('on a real connection that cannot connect: many attempts, one line', async () => {
    // A port that was free a moment ago and is closed now: every reconnect attempt is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { told, watch } = watchLog();
    const redis = redisConnection(`redis://127.0.0.1:${port}`, watch);
    let attempts = 0;
    try {
      await new Promise<void>((resolve) => {
        redis.on('error', () => {
          if (++attempts === 4) resolve();
        });
      });
    } finally {
      redis.disconnect();
    }
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^lost: .*ECONNREFUSED/);
  });
});
