/**
 * Issue 10, point 9: `yearend --help` starts at once because the command line loads no database,
 * queue, rule or workbook code until a command runs (they are imported by the command's action).
 * This checks the static import graph of the entry point, so a new static import of a heavy
 * module into main.ts fails here rather than slowing every start unnoticed.
 */
import fs from 'node:fs';
import path from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the CLI entry point', () => {
  it('statically imports only the light modules: options, errors, configuration', async () => {
    const graph = await madge(path.join(ROOT, 'src/cli/yearend.ts'), {
      baseDir: ROOT,
      fileExtensions: ['ts'],
      tsConfig: path.join(ROOT, 'tsconfig.json'),
      detectiveOptions: { ts: { skipTypeImports: true, skipAsyncImports: true }, es6: { skipAsyncImports: true } },
    });
    const files = Object.keys(graph.obj()).sort();
    expect(files).toContain('src/cli/main.ts');
    const heavy = files.filter((f) =>
      /^(jobs|reports)\/|^src\/(db|queue|runs|import\/(?!defaults)|generate|alerts|payments)|^src\/cli\/commands\//.test(f),
    );
    expect(heavy).toEqual([]);
    // and of the npm packages only commander
    const packages = new Set(
      files.flatMap((f) =>
        [...fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/^import (?!type )[^;]*? from '([^.'][^']*)'/gm)].map((m) => m[1]!),
      ),
    );
    expect([...packages].filter((p) => !p.startsWith('node:'))).toEqual(['commander']);
  });
});
