/**
 * Redis connections for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands
 * must wait out a Redis restart instead of failing). Redis must not evict keys: a job evicted
 * under memory pressure would be a chunk silently lost, so a wrong policy is reported loudly.
 */
import { Redis } from 'ioredis';
import type { ConnectionWatch } from '../db/database.ts';

export class RedisUnavailableError extends Error {}

/**
 * A Redis connection. ioredis reconnects by itself and emits 'error' on every failed attempt
 * (several a second); without a listener it prints each to stderr. With a watch, an outage is
 * told once when it starts and once when the connection is ready again (issue 10 F: a restart
 * produced 426 error lines); without one, the errors are left to the caller's commands.
 */
export function redisConnection(url: string, watch?: ConnectionWatch): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  const outage = redisOutage(watch);
  redis.on('error', (error: Error) => outage.error(error));
  redis.on('ready', () => outage.ready());
  return redis;
}

// What ioredis and BullMQ report while Redis cannot be reached (refused, reset, timed out, closed).
const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN|Connection is closed|Stream isn't writeable/i;

export function isConnectionError(error: Error): boolean {
  return CONNECTION_ERROR.test(error.message) || CONNECTION_ERROR.test((error as NodeJS.ErrnoException).code ?? '');
}

export interface RedisOutage {
  /** true when the error was a connection error (told once per outage); false: the caller reports it */
  error(error: Error): boolean;
  /** the connection is ready again: ends the outage */
  ready(): void;
}

/** Connection errors told once per outage; the first `ready` after them ends it. */
export function redisOutage(watch?: ConnectionWatch): RedisOutage {
  let outage = false;
  return {
    error(error) {
      if (!isConnectionError(error)) return false;
      if (!outage) {
        outage = true;
        watch?.lost(error.message);
      }
      return true;
    },
    ready() {
      if (!outage) return;
      outage = false;
      watch?.restored();
    },
  };
}

/** Fails fast with a readable error when Redis is unreachable; returns the eviction policy. */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<string> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    const reply = (await probe.call('CONFIG', 'GET', 'maxmemory-policy')) as string[];
    return reply[1] ?? 'unknown';
  } catch (error) {
    throw new RedisUnavailableError(
      `cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} (${(error as Error).message}); start it or fix REDIS_URL`,
    );
  } finally {
    probe.disconnect();
  }
}
