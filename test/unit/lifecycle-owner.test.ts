/**
 * Structure kept: only the run lifecycle (src/runs/lifecycle.ts and chunk-lifecycle.ts) writes
 * the status of a run or a chunk, and queue jobs are read through the payload union, never cast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError, queuePayload } from '../../src/queue/payloads.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OWNERS = new Set(['src/runs/lifecycle.ts', 'src/runs/chunk-lifecycle.ts']);

function sources(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith('.ts'))
        found.push({ file: rel.split(path.sep).join('/'), text: fs.readFileSync(path.join(ROOT, rel), 'utf8') });
    }
  };
  for (const dir of ['src', 'jobs', 'reports']) walk(dir);
  return found;
}

describe('the run lifecycle owns every status change', () => {
  it('no other module inserts runs or chunks or sets their status', () => {
    const writers = sources()
      .filter(({ file }) => !OWNERS.has(file))
      .filter(({ text }) =>
        [...text.matchAll(/(updateTable|insertInto)\('run(_chunk)?'\)([\s\S]*?)(\.execute|\.returning)/g)].some(
          (m) => m[1] === 'insertInto' || /\bstatus\s*:/.test(m[3]!),
        ),
      )
      .map(({ file }) => file);
    expect(writers).toEqual([]);
  });

  it('no module casts a queue job’s data', () => {
    const casts = sources()
      .filter(({ text }) => /\.data as\b|as \w*Payload\b/.test(text))
      .map(({ file }) => file);
    expect(casts).toEqual([]);
  });
});

describe('queue payloads', () => {
  it('reads each kind of job back into the union', () => {
    expect(queuePayload({ name: 'chunk', data: { runId: 3, chunkNo: 0 } })).toEqual({ kind: 'chunk', runId: 3, chunkNo: 0 });
    expect(queuePayload({ name: 'finalize', data: { runId: 3 } })).toEqual({ kind: 'finalize', runId: 3 });
    expect(queuePayload({ name: 'scheduled-run', data: { job: 'levy', target: 'previous-year' } })).toEqual({
      kind: 'scheduled-run',
      job: 'levy',
      target: 'previous-year',
    });
  });

  it('refuses a malformed or unknown job', () => {
    expect(() => queuePayload({ name: 'chunk', data: { runId: 3 } })).toThrow(
      new MalformedPayloadError('queue job chunk: chunkNo is not a whole number'),
    );
    expect(() => queuePayload({ name: 'finalize', data: { runId: '3' } })).toThrow(MalformedPayloadError);
    expect(() => queuePayload({ name: 'scheduled-run', data: null })).toThrow('queue job scheduled-run: job is not a text');
    expect(() => queuePayload({ name: 'other', data: {} })).toThrow(/is no job of the pipeline/);
  });
});
