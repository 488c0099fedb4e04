/**
 * The bench's own `yearend worker` processes (`bench --workers N`): started against the same
 * PostgreSQL and Redis, on a queue prefix of their own (so no other worker on this Redis takes a
 * chunk and no leftover job of another run reaches them), stopped with SIGTERM as operations
 * would. Their peak memory is read from /proc before they stop (Linux; elsewhere unknown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';

export interface WorkerPool {
  /** each worker's peak resident memory so far in MiB (VmHWM), null where /proc cannot tell */
  peakRssMiB(): (number | null)[];
  stop(): Promise<void>;
}

const READY_MESSAGE = 'worker started';
const START_TIMEOUT_MS = 120_000;

/** Starts `count` workers of this CLI and waits until each has logged that it listens. */
export async function startWorkers(count: number, env: NodeJS.ProcessEnv): Promise<WorkerPool> {
  const children: ChildProcess[] = [];
  const pool: WorkerPool = {
    peakRssMiB: () => children.map((c) => (c.pid ? peakRssOf(c.pid) : null)),
    stop: () => stopAll(children),
  };
  try {
    await Promise.all(
      Array.from({ length: count }, () => {
        const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'worker'], {
          env,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        children.push(child);
        return untilReady(child);
      }),
    );
  } catch (error) {
    await pool.stop();
    throw error;
  }
  return pool;
}

/** Resolves on the worker's "worker started" log line (JSON on stderr); rejects if it exits first. */
function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a bench worker did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const lines = readline.createInterface({ input: child.stderr! });
    let ready = false;
    lines.on('line', (line) => {
      if (!ready && line.includes(`"msg":"${READY_MESSAGE}"`)) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
      // a worker's errors reach the bench's terminal; its info lines (ids and counts) do not
      if (/"level":(50|60)/.test(line)) process.stderr.write(`worker ${child.pid}: ${line}\n`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`a bench worker exited before it started (code ${code ?? signal})`));
    });
  });
}

function stopAll(children: ChildProcess[]): Promise<void> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  ).then(() => undefined);
}

/** VmHWM of a live process in MiB: the peak resident set, what `time -v` calls maximum RSS. */
export function peakRssOf(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}
