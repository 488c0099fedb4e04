/** Running the real `yearend` command in a child process, as an operator would. */
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { expect } from 'vitest';
import { ENVIRONMENT_VARIABLES } from '../../src/config.ts';
import { ROOT } from './build.ts';
import { allow } from './time.ts';

/** The compiled `yearend` (package.json's bin), built by test/global-setup.ts before any test runs. */
export const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'yearend.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the developer's own service settings, plus the given ones. */
export function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // every variable the pipeline reads (config.ts's list) but the log level, which a developer may raise
  for (const k of ENVIRONMENT_VARIABLES.map((v) => v.name).filter((name) => name !== 'LOG_LEVEL')) delete env[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  env.LOG_LEVEL ??= 'warn';
  return env;
}

export function yearend(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<CliResult> {
  return outcomeOf(spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The exit code and the whole stdout and stderr of a spawned process. */
export function outcomeOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running `yearend worker [args]`; resolves once it logged that it started. */
export function startWorkerProcess(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ChildProcess & { output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'worker', ...args], {
      env: { ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), allow(60_000));
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('worker started')) {
        clearTimeout(timer);
        resolve(Object.assign(child, { output: () => output }));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!output.includes('worker started')) reject(new Error(`worker exited with ${code}: ${output}`));
    });
  });
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/** No stack trace: one or a few plain lines. */
export function isPlainError(stderr: string): boolean {
  return stderr.startsWith('error: ') && !/\n\s+at /.test(stderr);
}

/** `yearend export <run> --out <dir>` (which must succeed), then the exported files' texts. */
export async function exportedFiles(env: NodeJS.ProcessEnv, runId: number, dir: string, files: readonly string[]): Promise<string[]> {
  const exp = await yearend(['export', String(runId), '--out', dir], env);
  expect(exp.code, exp.stderr).toBe(0);
  return files.map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
}
