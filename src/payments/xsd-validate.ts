/**
 * Validates a pain.001.001.09 document's bytes against both schemas kept in src/payments/xsd/
 * (payments-and-ledger.md § 2.10): the ISO 20022 message schema and the German banks' technical
 * validation subset `CCU_GBIC_5` (DFÜ-Abkommen Anlage 3 v3.9). Each is checked on its own: GBIC_5
 * is stricter in most places, but the ISO schema is the message's definition, so both must accept.
 *
 * The validator is libxml2 (xmllint) compiled to WebAssembly (npm `xmllint-wasm`): no JVM, no
 * download at run time, the same engine every Linux `xmllint --schema` uses. The messages it
 * returns quote element values (a creditor name, an IBAN) — they are returned to the caller for the
 * tests and the operator's terminal, and must never be logged (`describeXsdErrors` drops values).
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { packagePath } from '../package-root.ts';

export type SchemaName = 'iso' | 'gbic5';

const XSD_FILES: Readonly<Record<SchemaName, string>> = {
  iso: 'pain.001.001.09.iso.xsd',
  gbic5: 'pain.001.001.09.gbic5.xsd',
};

export interface XsdProblem {
  schema: SchemaName;
  /** line in the document, when xmllint names one */
  line: number | null;
  /** xmllint's message; may quote values of the document: never log it */
  message: string;
}

const schemaText = new Map<SchemaName, string>();

function schemaOf(name: SchemaName): string {
  let text = schemaText.get(name);
  if (text === undefined) {
    // from the package root, not beside this module: the build compiles src/ to dist/src/ and
    // copies no .xsd, so `./xsd/` would not exist for the compiled CLI
    text = readFileSync(packagePath('src', 'payments', 'xsd', XSD_FILES[name]), 'utf8');
    schemaText.set(name, text);
  }
  return text;
}

/** WebAssembly pages (64 KiB) the validator may grow to: 2 GiB, room for a 100,000-transaction file. */
const MAX_MEMORY_PAGES = 32_768;

/** Validates against one schema; an empty list means valid. */
export async function validateAgainst(xml: string, schema: SchemaName): Promise<XsdProblem[]> {
  let result: Awaited<ReturnType<typeof validateXML>>;
  try {
    result = await validateXML({
      xml: [{ fileName: 'payment.xml', contents: xml }],
      schema: [{ fileName: XSD_FILES[schema], contents: schemaOf(schema) }],
      maxMemoryPages: MAX_MEMORY_PAGES,
      // xmllint --stream: validates while reading instead of building the tree first: for a
      // 100,000-transaction file faster and with 0.45 instead of 0.7 GB (measured). The schemas
      // have no identity constraints (xs:key, xs:unique), so streaming checks the same rules.
      stream: true,
    });
  } catch (error) {
    // xmllint ended with another code than valid (0) / invalid (3, 4): in stream mode a document
    // that is not well-formed (e.g. truncated) ends so. Never valid; the message stays out of logs.
    if (typeof (error as { code?: unknown }).code !== 'number') throw error;
    return [{ schema, line: null, message: `xmllint could not read the document (exit code ${(error as { code: number }).code})` }];
  }
  if (result.valid) return [];
  const problems = result.errors.map((e) => ({ schema, line: e.loc?.lineNumber ?? null, message: e.message }));
  // xmllint can fail without a parsable message (e.g. out of memory): never report that as valid
  return problems.length > 0 ? problems : [{ schema, line: null, message: 'xmllint reported the document invalid without a message' }];
}

/** Validates against the ISO schema and GBIC_5; an empty list means both accept the document. */
export async function validatePain001(xml: string): Promise<XsdProblem[]> {
  const iso = await validateAgainst(xml, 'iso');
  const gbic5 = await validateAgainst(xml, 'gbic5');
  return [...iso, ...gbic5];
}

/**
 * A summary fit for an error message or a log: schema, line and count, no text of xmllint's
 * (which quotes values). The lines lead the operator to the spot in the file, which is private.
 */
export function describeXsdErrors(problems: readonly XsdProblem[]): string {
  const bySchema = (s: SchemaName) => problems.filter((p) => p.schema === s);
  return (['iso', 'gbic5'] as const)
    .filter((s) => bySchema(s).length > 0)
    .map((s) => {
      const lines = [
        ...new Set(
          bySchema(s)
            .map((p) => p.line)
            .filter((l) => l !== null),
        ),
      ].slice(0, 5);
      return `${s === 'iso' ? 'ISO 20022' : 'GBIC_5'}: ${bySchema(s).length} error(s)${lines.length ? ` (lines ${lines.join(', ')})` : ''}`;
    })
    .join('; ');
}
