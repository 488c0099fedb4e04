/**
 * `yearend purge --older-than DURATION [--dry-run] [--json]`: retention. Deletes the details of
 * runs that finished before today − DURATION and were never released (run records and inputs
 * stay), superseded import batches no kept run reads, and, with REDIS_URL, the queue's finished
 * jobs of that age. Prints what was (or, with --dry-run, would be) purged; ids and counts only.
 */
import { InvalidArgumentError } from 'commander';
import { todayOf } from '../../config.ts';
import { probeRedis, redisConnection } from '../../queue/connection.ts';
import { purgeQueueJobs, type QueuePurge } from '../../queue/purge-jobs.ts';
import { cutoffOf, parseDuration, purgeDatabase, type DatabasePurge, type Duration } from '../../runs/purge.ts';
import { allJobs } from '../../../jobs/registry.ts';
import { readyDatabase, type Context } from '../context.ts';

export const PURGE_HELP = `
Purged: the results, Klärfälle, chunks, decisions and payment lists of runs that finished before
today − DURATION and are neither active nor released (dry, failed, cancelled, computed, approved),
and import batches of that age that a newer batch superseded and no kept run reads.
Kept always: every run record and its inputs (files, batches, row counts, SHA-256), every released
run's details, the details of any run a kept run builds on (its state or baseline run), and for
the jobs that carry state (bonus-crediting, levy) per year the run the next year starts from.
Purged runs stay in \`status\`; their exports and workbook can no longer be written, and they can no
longer be resumed, approved or released. Workbooks and exports already written are files: they are
not touched. With REDIS_URL, finished queue jobs of that age are removed as well.`;

/** Commander argument parser: a usage error (exit 2) with an example for anything else. */
export function durationArg(value: string): Duration {
  const duration = parseDuration(value);
  if (!duration) throw new InvalidArgumentError('a duration is a whole number of days, months or years: e.g. 90d, 18m or 2y');
  return duration;
}

export interface PurgeOptions {
  olderThan: Duration;
  dryRun: boolean;
  json: boolean;
}

export async function purgeCommand(ctx: Context, options: PurgeOptions): Promise<number> {
  const { db } = await readyDatabase(ctx);
  // Redis is checked before anything is deleted, so an unreachable queue never leaves half a purge.
  if (ctx.config.redisUrl) await probeRedis(ctx.config.redisUrl);
  const today = todayOf(ctx.config);
  const cutoff = cutoffOf(today, options.olderThan);
  const purged = await purgeDatabase(db, { cutoff, dryRun: options.dryRun, jobs: allJobs() });
  let queue: QueuePurge | null = null;
  if (ctx.config.redisUrl) {
    const connection = redisConnection(ctx.config.redisUrl);
    try {
      queue = await purgeQueueJobs(connection, ctx.config.queuePrefix, cutoff, options.dryRun);
    } finally {
      connection.disconnect();
    }
  }
  ctx.log.info(
    { cutoff, dryRun: options.dryRun, runs: purged.runs.length, batches: purged.batches.length, tables: purged.tables, queue },
    options.dryRun ? 'purge planned' : 'purge finished',
  );
  const olderThan = `${options.olderThan.amount}${options.olderThan.unit}`;
  if (options.json) {
    process.stdout.write(JSON.stringify({ dryRun: options.dryRun, olderThan, today, cutoff, ...purged, queue }) + '\n');
  } else {
    process.stdout.write(describe(purged, queue, { olderThan, today, cutoff, dryRun: options.dryRun }));
  }
  return 0;
}

function describe(
  purged: DatabasePurge,
  queue: QueuePurge | null,
  o: { olderThan: string; today: string; cutoff: string; dryRun: boolean },
): string {
  const verb = o.dryRun ? 'would be purged' : 'purged';
  const lines = [
    `details older than ${o.olderThan}: finished before ${o.cutoff} (today ${o.today})${o.dryRun ? ' — dry run, nothing changed' : ''}`,
  ];
  const total = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);
  lines.push(`runs ${verb}: ${purged.runs.length}`);
  for (const r of purged.runs) {
    lines.push(
      `  run ${String(r.runId).padEnd(5)} ${r.job.padEnd(18)} ${r.year}  ${r.kind.padEnd(10)}  ${r.status.padEnd(9)}  ` +
        `finished ${r.finishedAt.slice(0, 10)}  ${total(r.rows)} rows`,
    );
  }
  if (purged.kept.length > 0) {
    lines.push(`old runs whose details stay: ${purged.kept.length}`);
    for (const k of purged.kept) lines.push(`  run ${String(k.runId).padEnd(5)} ${k.reason}`);
  }
  lines.push(`import batches ${verb}: ${purged.batches.length}`);
  for (const b of purged.batches) {
    const rows = b.files.reduce((a, f) => a + f.rows, 0);
    lines.push(
      `  batch ${String(b.batchId).padEnd(5)} of ${b.createdAt.slice(0, 10)}${b.batchRemoved ? ' (whole batch)' : ''}: ` +
        `${b.files.map((f) => f.file).join(', ')}; ${rows} rows`,
    );
  }
  const tables = Object.entries(purged.tables);
  if (tables.length > 0) {
    lines.push(`rows ${o.dryRun ? 'that would be deleted' : 'deleted'} per table:`);
    for (const [table, n] of tables) lines.push(`  ${table.padEnd(26)} ${n}`);
  }
  lines.push(queue ? `queue jobs ${verb}: ${queue.completed} completed, ${queue.failed} failed` : 'queue: not used (REDIS_URL unset)');
  return lines.join('\n') + '\n';
}
