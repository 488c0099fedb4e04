/**
 * The e2e tests run the compiled CLI (dist/, as `npm install` builds it and operators run it),
 * so every test run first makes sure dist/ is current: when any source the build compiles, or a
 * build setting, is newer than the last build, it builds again (`npm run build`). A stale dist/
 * is never tested. A build with type errors fails the test run: dist/ would hold code that does
 * not type-check.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The build's last output: written (and touched) by every build, so its time is the build's. */
const BUILD_INFO = path.join(ROOT, 'dist', '.tsbuildinfo');
const SOURCES = ['src', 'jobs', 'reports'];
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a file deleted or renamed changes its folder's time
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

export function isBuildCurrent(): boolean {
  if (!fs.existsSync(BUILD_INFO)) return false;
  const built = fs.statSync(BUILD_INFO).mtimeMs;
  return [...SOURCES, ...SETTINGS].every((entry) => newestMtime(path.join(ROOT, entry)) <= built);
}

/** Builds dist/ unless it is current; returns whether it built. */
export function ensureBuilt(): boolean {
  if (isBuildCurrent()) return false;
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; message: string };
    throw new Error(`npm run build failed, so the compiled CLI cannot be tested:\n${e.stdout?.toString() || e.message}`);
  }
  // An incremental build that found nothing to change may leave the file as it was: mark the time.
  const now = new Date();
  fs.utimesSync(BUILD_INFO, now, now);
  return true;
}
