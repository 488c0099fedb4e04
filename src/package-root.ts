/**
 * Files shipped beside the code — sql/ (migrations, queries) and package.json — found the same
 * way from the TypeScript source (src/db/…) and from the compiled JavaScript (dist/src/db/…): the
 * package's root is the nearest folder above this module that holds a package.json. A fixed
 * `../..` would be right for one of the two layouts only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. `packagePath('sql', 'migrations')`. */
export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}

/** The `version` of package.json (`yearend --version`). */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
