/**
 * Synthetic data set in the contract's format (pipeline.md "Synthetic data"). Person by person:
 * draw the person, write every file's rows of them, drop them; file streams are drained between
 * persons, so 1,000,000 members need no more memory than 1,000.
 *
 * Deterministic by seed: every file draws from its own stream per person (employer), derived from
 * the seed, the file and the person's running number, and ids derive from that number, so the
 * same options give byte-identical files and a file added or changed moves no other file's rows.
 *
 * Composition: the scenarios first (the spec's worked examples, src/scenarios; in data sets of
 * their year), then `members` random members (each may bring family-insured dependants, who come
 * on top), and with `employers` > 0 the U1/U2 files the same way. AOK Nordost's bonus-plan files
 * (nordost.ts) are drawn per member beside the § 18a and § 19a files, from streams of their own. The payees' bank accounts and
 * addresses (payments.ts) are an output of their own beside both: the scenarios' members, the
 * members as drawn, then the employers. Bad rows are spread over every file (bad-rows.ts).
 */
import { FILE_SPECS, LEVY_FILE_SPECS, PAYMENT_FILE_SPECS } from '../import/file-specs.ts';
import { EMPLOYER_SCENARIOS, MEMBER_SCENARIOS, SCENARIO_YEAR } from '../scenarios/index.ts';
import { writeBonus } from './bonus.ts';
import { writeLevyFiles } from './levy.ts';
import { employerIdFor } from './ids.ts';
import { createPeople } from './members.ts';
import { GenContext, type GenerateProfile } from './model.ts';
import { DatasetOutput, ensureDir, type BadRowRecord } from './output.ts';
import { NORDOST_SHARE, writeNordost } from './nordost.ts';
import { PaymentFilesWriter } from './payments.ts';
import { writeTariff } from './tariff.ts';

export interface GenerateOptions {
  /** random members with an own membership (scenarios and family-insured dependants come on top) */
  members: number;
  /** random employers of the U1/U2 files (scenarios come on top); 0: no U1/U2 files at all */
  employers: number;
  /** settlement year Y (≥ 2023: the § 18a class table holds from 2022-04-01) */
  year: number;
  seed: string | number;
  outDir: string;
  /** population profile (default: the § 18a extract; bonus-bench: the bonus benchmark's) */
  profile?: GenerateProfile;
  /** share of members with an own membership in AOK Nordost's bonus plan (default NORDOST_SHARE; 0: none) */
  nordostShare?: number;
  /** called every 1,000 members and at the end with (members done, members in all) */
  onProgress?: (done: number, total: number) => void;
}

/** A file written and its data rows (bad rows included, header not counted). */
export type GeneratedFile = ReturnType<DatasetOutput['files']>[number];

function validate(opts: GenerateOptions): void {
  if (!Number.isSafeInteger(opts.members) || opts.members < 0) throw new RangeError('members: a whole number ≥ 0');
  if (!Number.isSafeInteger(opts.employers) || opts.employers < 0 || opts.employers > 7_000_000) {
    throw new RangeError('employers: a whole number from 0 to 7,000,000');
  }
  if (!Number.isSafeInteger(opts.year) || opts.year < 2023 || opts.year > 2100) {
    throw new RangeError('year: 2023–2100 (the § 18a tariff exists from 2022-04-01)');
  }
  if (opts.nordostShare !== undefined && !(opts.nordostShare >= 0 && opts.nordostShare <= 1)) throw new RangeError('nordostShare: 0–1');
  if (typeof opts.seed !== 'string' && !Number.isFinite(opts.seed)) throw new RangeError('seed: a string or a number');
  if (!opts.outDir) throw new RangeError('outDir: required');
}

/** Writes part of the data set (the member files or the U1/U2 files) and closes its files. */
async function writePart(opts: GenerateOptions, part: 'members' | 'levy', write: (ctx: GenContext) => Promise<void>) {
  const specs =
    part === 'levy' ? LEVY_FILE_SPECS : FILE_SPECS.filter((s) => !LEVY_FILE_SPECS.includes(s) && !PAYMENT_FILE_SPECS.includes(s));
  const out = await DatasetOutput.open(opts.outDir, specs, String(opts.seed), opts.year);
  try {
    const scenarios = opts.year !== SCENARIO_YEAR ? [] : part === 'members' ? MEMBER_SCENARIOS : EMPLOYER_SCENARIOS;
    for (const { facts } of scenarios) for (const [file, rows] of Object.entries(facts)) for (const row of rows) out.row(file, row);
    await write(new GenContext(opts.year, String(opts.seed), opts.profile ?? 'default', out));
  } catch (error) {
    await out.close().catch(() => undefined);
    throw error;
  }
  await out.close();
  return out;
}

export async function generateDataset(opts: GenerateOptions): Promise<{ files: GeneratedFile[]; badRows: BadRowRecord[] }> {
  validate(opts);
  await ensureDir(opts.outDir);
  // The payees' accounts and addresses (payments.ts) are an output of their own, written beside
  // both parts: members as they are drawn, then the employers by their numbers.
  const payOut = await DatasetOutput.open(opts.outDir, PAYMENT_FILE_SPECS, String(opts.seed), opts.year);
  const parts: DatasetOutput[] = [];
  try {
    const payments = new PaymentFilesWriter(payOut, String(opts.seed), opts.year);
    const scenarioYear = opts.year === SCENARIO_YEAR;
    if (scenarioYear) {
      const ids = new Set(MEMBER_SCENARIOS.flatMap((s) => s.facts['members.csv'] ?? []).map((r) => String(r.member_id)));
      [...ids].forEach((id, k) => payments.scenarioMember(id, k));
    }
    parts.push(
      await writePart(opts, 'members', async (ctx) => {
        let nextIndex = 0;
        for (let done = 1; done <= opts.members; done++) {
          for (const person of createPeople(ctx, () => nextIndex++)) {
            writeTariff(ctx, person);
            writeBonus(ctx, person);
            writeNordost(ctx, person, opts.nordostShare ?? NORDOST_SHARE);
            payments.person(person);
          }
          if (ctx.out.mustDrain) await ctx.out.drain();
          if (payOut.mustDrain) await payOut.drain();
          if (opts.onProgress && (done % 1000 === 0 || done === opts.members)) opts.onProgress(done, opts.members);
        }
      }),
    );
    if (opts.employers > 0) {
      const scenarios = scenarioYear ? EMPLOYER_SCENARIOS.length : 0;
      parts.push(await writePart(opts, 'levy', (ctx) => writeLevyFiles(ctx, opts.employers, scenarios)));
      if (scenarioYear) {
        const ids = new Set(EMPLOYER_SCENARIOS.flatMap((s) => s.facts['employers.csv'] ?? []).map((r) => String(r.employer_id)));
        [...ids].forEach((id, k) => payments.employer(id, 'scenario', k));
      }
      for (let n = 0; n < opts.employers; n++) {
        payments.employer(employerIdFor(n), 'random', n);
        if (payOut.mustDrain) await payOut.drain();
      }
    }
  } catch (error) {
    await payOut.close().catch(() => undefined);
    throw error;
  }
  await payOut.close();
  parts.push(payOut);
  return { files: parts.flatMap((p) => p.files()), badRows: parts.flatMap((p) => p.badRows) };
}
