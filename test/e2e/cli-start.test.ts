/**
 * The `yearend` command as installed: compiled JavaScript run by plain node (no TypeScript
 * loader at start), with `--version` from package.json and every environment variable in `--help`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLES } from '../../src/config.ts';
import { BIN, cleanEnv, yearend } from '../helpers/cli.ts';
import { ROOT } from '../helpers/build.ts';
import { forCli } from '../helpers/time.ts';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const env = cleanEnv({});

describe('yearend as installed', () => {
  it('is the compiled JavaScript that package.json names, started by plain node', () => {
    expect(path.join(ROOT, pkg.bin.yearend!)).toBe(BIN);
    expect(fs.readFileSync(BIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(fs.readFileSync(BIN, 'utf8')).not.toMatch(/['"]tsx[/'"]/); // no TypeScript loader registered
    for (const script of ['yearend', 'demo', 'bench'])
      expect(pkg.scripts[script], script).toMatch(/^node (\S+ )?dist\/src\/cli\/yearend\.js\b/);
    expect(pkg.dependencies).not.toHaveProperty('tsx');
  });

  it(
    '--version prints the version of package.json',
    async () => {
      for (const flag of ['--version', '-V']) {
        const result = await yearend([flag], env);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toBe(`${pkg.version}\n`);
      }
    },
    forCli(2),
  );

  it(
    '--help names every environment variable with its line',
    async () => {
      const help = await yearend(['--help'], env);
      expect(help.code, help.stderr).toBe(0);
      const section = help.stdout.slice(help.stdout.indexOf('\nEnvironment:\n'));
      expect(section.length).toBeGreaterThan(1);
      for (const { name, description } of ENVIRONMENT_VARIABLES)
        expect(section).toMatch(new RegExp(`\\n  ${name} +${escape(description)}\\n`));
    },
    forCli(1),
  );

  it("the list names every variable of the README's Environment paragraph", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('\nEnvironment: ');
    expect(start).toBeGreaterThan(0);
    const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
    const documented = [...paragraph.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(5);
    const listed = ENVIRONMENT_VARIABLES.map((v) => v.name);
    for (const name of documented) expect(listed, `${name} is in the README but not in config.ts's list`).toContain(name);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
