/**
 * Synthetic data set in the contract's format (pipeline.md "Synthetic data"). Person by person:
 * build the facts, let every module write its rows, drop the person; file streams are drained
 * between persons, so 1,000,000 members need no more memory than 1,000.
 *
 * Deterministic: each module draws from its own stream per person, derived from the seed and the
 * person's running number, and ids come from counters in writing order. The same options give
 * byte-identical files; a module added later changes no other module's files.
 *
 * Composition: the hand-built edge cases first, then `members` random members (each may bring
 * family-insured dependants, who come on top), then the hand-built § 19a edge cases (last, so
 * that the files written before they existed keep their bytes: see bonus-edge-cases.ts). Bad
 * rows are spread over the larger files. Then, with `employers` > 0, the U1/U2 files (levy.ts),
 * employer by employer with streams and ids of their own.
 */
import { BONUS_EDGE_CASES, BONUS_EDGE_CASES_FROM } from './bonus-edge-cases.ts';
import { bonusParticipationsModule } from './bonus-participations.ts';
import { bonusModule } from './bonus.ts';
import { ensureDir } from './csv-writer.ts';
import { EDGE_CASES, type EdgeCase } from './edge-cases.ts';
import { memberIdFor } from './member-ids.ts';
import { createPeople, membersModule } from './members.ts';
import type { GenContext, GenerateProfile, GeneratorModule, Person } from './model.ts';
import { DatasetOutput, IdCounters, type BadRowRecord } from './output.ts';
import { generateLevyFiles } from './levy.ts';
import { Rng } from './random.ts';
import { tariffModule } from './tariff.ts';

export interface GenerateOptions {
  /** random members with an own membership (edge cases and family-insured dependants come on top) */
  members: number;
  /** random employers of the U1/U2 files (hand-built ones come on top); 0: no U1/U2 files at all */
  employers: number;
  /** settlement year Y (≥ 2023: the § 18a class table holds from 2022-04-01) */
  year: number;
  seed: string | number;
  outDir: string;
  /** population profile (default: the § 18a extract; bonus-bench: the bonus benchmark's) */
  profile?: GenerateProfile;
  /** called every 1,000 members and at the end with (members done, members in all) */
  onProgress?: (done: number, total: number) => void;
}

export interface GeneratedFile {
  file: string;
  /** data rows, bad rows included, header not counted */
  rows: number;
}

/** Modules in writing order; a later module may read what an earlier one generated. */
export const MODULES: readonly GeneratorModule[] = [membersModule, tariffModule, bonusParticipationsModule, bonusModule];

const PROGRESS_EVERY = 1000;

/** The hand-built members with their ids (the same in every data set). */
export function edgeCaseMembers(): { key: string; rule: string; memberId: string }[] {
  return [
    ...EDGE_CASES.map((edge, i) => ({ key: edge.key, rule: edge.rule, memberId: memberIdFor(i) })),
    ...BONUS_EDGE_CASES.map((edge, i) => ({
      key: edge.key,
      rule: edge.rule,
      memberId: memberIdFor(BONUS_EDGE_CASES_FROM + i),
    })),
  ];
}

function validate(opts: GenerateOptions): void {
  if (!Number.isSafeInteger(opts.members) || opts.members < 0) throw new RangeError('members: a whole number ≥ 0');
  if (!Number.isSafeInteger(opts.employers) || opts.employers < 0 || opts.employers > 7_000_000) {
    throw new RangeError('employers: a whole number from 0 to 7,000,000');
  }
  if (!Number.isSafeInteger(opts.year) || opts.year < 2023 || opts.year > 2100) {
    throw new RangeError('year: 2023–2100 (the § 18a tariff exists from 2022-04-01)');
  }
  if (typeof opts.seed !== 'string' && !Number.isFinite(opts.seed)) throw new RangeError('seed: a string or a number');
  if (!opts.outDir) throw new RangeError('outDir: required');
}

export async function generateDataset(opts: GenerateOptions): Promise<{ files: GeneratedFile[]; badRows: BadRowRecord[] }> {
  validate(opts);
  const ctx: GenContext = { year: opts.year, seed: String(opts.seed), profile: opts.profile ?? 'default' };
  const ids = new IdCounters();
  await ensureDir(opts.outDir);
  const out = await DatasetOutput.open(
    opts.outDir,
    MODULES.flatMap((m) => m.files),
    {
      members: opts.members,
      year: opts.year,
      ids,
    },
  );

  const writePerson = (person: Person) => {
    for (const module of MODULES) module.write(person, out, ids);
  };

  const writeEdgeCase = (edge: EdgeCase, index: number) =>
    writePerson({
      ...edge.facts(opts.year),
      index,
      memberId: memberIdFor(index),
      edgeCase: edge.key,
      hints: { age: 0, fullYearIncomeCents: 0, tariffSpans: [] },
    });

  try {
    let nextIndex = 0;
    out.quiet = true;
    for (const edge of EDGE_CASES) writeEdgeCase(edge, nextIndex++);
    out.quiet = false;

    const allocate = () => {
      if (nextIndex >= BONUS_EDGE_CASES_FROM) throw new RangeError('members: too many for the person numbers');
      return nextIndex++;
    };
    for (let done = 0; done < opts.members;) {
      for (const person of createPeople(ctx.seed, ctx, allocate)) {
        person.memberId = memberIdFor(person.index);
        for (const module of MODULES) {
          module.generate?.(person, Rng.derive(ctx.seed, module.name, person.index), ctx);
        }
        writePerson(person);
      }
      done++;
      if (out.mustDrain) await out.drain();
      if (opts.onProgress && (done % PROGRESS_EVERY === 0 || done === opts.members)) {
        opts.onProgress(done, opts.members);
      }
    }

    out.quiet = true;
    BONUS_EDGE_CASES.forEach((edge, i) => writeEdgeCase(edge, BONUS_EDGE_CASES_FROM + i));
  } catch (error) {
    await out.close().catch(() => undefined);
    throw error;
  }
  await out.close();
  if (opts.employers === 0) return { files: out.files(), badRows: out.badRows };
  // the U1/U2 files: own streams and counters, after the member files are complete
  const levy = await generateLevyFiles({ employers: opts.employers, year: opts.year, seed: ctx.seed, outDir: opts.outDir });
  return { files: [...out.files(), ...levy.files], badRows: [...out.badRows, ...levy.badRows] };
}
