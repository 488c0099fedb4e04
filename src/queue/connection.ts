/**
 * Redis connections for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands
 * must wait out a Redis restart instead of failing). Redis must not evict keys: a job evicted
 * under memory pressure would be a chunk silently lost, so a wrong policy is reported loudly.
 */
import { Redis } from 'ioredis';

export class RedisUnavailableError extends Error {}

export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
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
