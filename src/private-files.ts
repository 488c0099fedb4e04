/**
 * Folders and files the pipeline writes hold personal data: readable by the owner and the finance
 * group only, whatever the umask. mkdir's and open's mode are narrowed by the umask (under
 * `umask 077` a folder became 0700 and locked the group out), so every folder a call creates and
 * every file it writes is chmod'ed: folders 0750, files 0640. An existing folder keeps its mode;
 * one that anybody may write to is used, with a one-line warning on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FOLDER_MODE = 0o750;
export const FILE_MODE = 0o640;

const warned = new Set<string>();

/** mkdir -p: every folder it creates gets 0750; an existing world-writable target is warned about (once). */
export function ensurePrivateDir(dir: string): void {
  const target = path.resolve(dir);
  const firstCreated = fs.mkdirSync(target, { recursive: true, mode: FOLDER_MODE });
  if (firstCreated === undefined) {
    warnIfWorldWritable(target);
    return;
  }
  for (let d = target; d.length >= firstCreated.length; d = path.dirname(d)) {
    fs.chmodSync(d, FOLDER_MODE);
    if (d === path.dirname(d)) break;
  }
}

function warnIfWorldWritable(dir: string): void {
  const mode = fs.statSync(dir).mode;
  if ((mode & 0o002) === 0 || warned.has(dir)) return;
  warned.add(dir);
  process.stderr.write(
    `warning: folder ${dir} is writable by everyone (mode ${(mode & 0o7777).toString(8).padStart(4, '0')}): ` +
      'its files are written 0640, but anybody may replace or delete them; use a folder of the owner and the finance group (0750)\n',
  );
}

/** Write a file readable by owner and group only, whatever the umask (its folder as ensurePrivateDir). */
export function writePrivateFile(file: string, content: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.writeFileSync(file, content, { mode: FILE_MODE });
  fs.chmodSync(file, FILE_MODE); // the umask narrowed the mode, and an existing file keeps its old one
}
