/**
 * German texts of the import's rejection reasons, for the Importfehler sheet (part of the one
 * catalogue). The import (src/import/) writes its reasons in English: they go to the terminal and
 * to `import_<batch>_rejections.csv`, whose content data-contract.md fixes and the CLI may keep
 * English; finance reads the workbook, so the sheet translates each reason here, by its fixed
 * text or by its pattern (reasons that name a column, a range or a file).
 *
 * Decision: a reason this catalogue does not know (a check added later) is not shown in English;
 * the sheet says in German that the reason is in the rejection report of that import.
 */

type Translation = readonly [pattern: RegExp, german: (m: RegExpExecArray) => string];

const fixed = (english: string, german: string): Translation => [
  new RegExp(`^${english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  () => german,
];

const REF_TEXTS: Record<string, string> = {
  member: 'unbekanntes Mitglied',
  employer: 'unbekannter Arbeitgeber',
};

const TRANSLATIONS: readonly Translation[] = [
  // values (src/import/validate.ts)
  fixed('missing value', 'Pflichtangabe fehlt'),
  fixed('not a KVNR (capital letter and 9 digits)', 'keine KVNR (Großbuchstabe und 9 Ziffern)'),
  fixed('KVNR check digit is wrong', 'Prüfziffer der KVNR falsch'),
  fixed('not a Betriebsnummer (8 digits)', 'keine Betriebsnummer (8 Ziffern)'),
  fixed('Betriebsnummer check digit is wrong', 'Prüfziffer der Betriebsnummer falsch'),
  fixed('not a month YYYY-MM', 'kein Monat im Format JJJJ-MM'),
  fixed('not a date YYYY-MM-DD', 'kein Datum im Format JJJJ-MM-TT'),
  fixed("not an amount (digits, '.' and at most 2 decimals)", 'kein Betrag (Ziffern, Dezimalpunkt, höchstens 2 Nachkommastellen)'),
  fixed('amount must not be negative', 'Betrag darf nicht negativ sein'),
  fixed(
    "not a non-negative number (digits, '.' and at most 2 decimals)",
    'keine Zahl ≥ 0 (Ziffern, Dezimalpunkt, höchstens 2 Nachkommastellen)',
  ),
  fixed('not a year YYYY', 'kein Jahr im Format JJJJ'),
  [/^not a whole number from (-?[0-9]+) to (-?[0-9]+)$/, (m) => `keine ganze Zahl von ${m[1]} bis ${m[2]}`],
  fixed("not 'true' or 'false'", "weder 'true' noch 'false'"),
  [/^not one of (.+)$/, (m) => `kein zulässiger Wert (zulässig: ${m[1]})`],
  [/^INVALID_IDENTIFIER: /, () => 'keine gültige Kennung (1 bis 35 Zeichen aus A–Z, a–z, 0–9, - _ . /; nicht mit - . oder / am Anfang)'],
  [
    /^IBAN_INVALID: not an IBAN in electronic form/,
    () => 'IBAN ungültig: nicht in elektronischer Form (Großbuchstaben und Ziffern, ohne Leerzeichen)',
  ],
  [/^IBAN_INVALID: check digits/, () => 'IBAN ungültig: Prüfziffer, Länge oder Kontonummernformat des Landes falsch'],
  [/^BIC_INVALID: not 8 or 11/, () => 'BIC ungültig: nicht 8 oder 11 Zeichen in der Form einer BIC'],
  [/^BIC_INVALID: the BIC's country/, () => 'BIC ungültig: Land der BIC (Zeichen 5–6) weicht vom Land der IBAN ab'],
  [/^COUNTRY_INVALID: /, () => 'Land ungültig: kein Ländercode nach ISO 3166 (zwei Buchstaben)'],
  [/^TEXT_EMPTY_AFTER_CONVERSION: /, () => 'Text nach Umwandlung in den SEPA-Zeichensatz leer'],
  [/^TEXT_TOO_LONG: longer than ([0-9]+) characters/, (m) => `Text nach Umwandlung in den SEPA-Zeichensatz länger als ${m[1]} Zeichen`],
  // rows (src/import/specs/)
  [/^PARTY_INVALID: /, () => 'genau eines von member_id und employer_id muss angegeben sein'],
  [/^POSTCODE_INVALID: /, () => 'Anschrift in Deutschland ohne 5-stellige Postleitzahl'],
  [/^IBAN_NOT_SEPA: /, () => 'Land der IBAN gehört nicht zum SEPA-Raum (Parameter sepa_countries)'],
  [/^PERIOD_OVERLAP: /, () => 'Zeitraum überschneidet sich mit einem anderen Zeitraum derselben Person in dieser Datei'],
  fixed('more challenges done than the goal has', 'mehr Challenges erfüllt, als das Gesundheitsziel hat'),
  [/^([a-z_]+) is required for a plus request$/, (m) => `${m[1]} ist bei einem Antrag auf PLUS-Leistung Pflicht`],
  fixed('declared_class is required for enrol and class_change', 'declared_class ist bei Anmeldung und Klassenwechsel Pflicht'),
  fixed('interval ends before it starts', 'Zeitraum endet vor seinem Beginn'),
  fixed('closed before opened', 'Konto vor seiner Eröffnung geschlossen'),
  fixed('discharged before admitted', 'Entlassung vor der Aufnahme'),
  fixed('died_on before birth_date', 'Sterbedatum vor dem Geburtsdatum'),
  fixed('completed before started', 'Abschluss vor dem Beginn'),
  // the file (src/import/import-folder.ts, csv-source.ts)
  [/^unknown ([a-z]+) \(not in (.+)\)$/, (m) => `${REF_TEXTS[m[1]!] ?? `unbekannter Schlüssel (${m[1]})`} (nicht in ${m[2]})`],
  [/^duplicate key (.+)$/, (m) => `Schlüssel doppelt vorhanden (${m[1]})`],
  [/^([0-9]+) fields where the header has ([0-9]+)$/, (m) => `${m[1]} Felder, die Kopfzeile hat ${m[2]}`],
  fixed('quote not closed', 'Anführungszeichen nicht geschlossen'),
  [
    /^a quote inside an unquoted field/,
    () => 'Anführungszeichen in einem Feld ohne Anführungszeichen (Feld in Anführungszeichen setzen, inneres verdoppeln)',
  ],
  [/^a quoted field whose closing quote/, () => 'nach dem schließenden Anführungszeichen folgt weder Komma noch Zeilenende'],
  fixed('NUL byte inside a row', 'NUL-Zeichen in der Zeile'),
  fixed('not UTF-8 (Latin-1?)', 'Zeile nicht in UTF-8 (Latin-1?)'),
  fixed('carriage return inside a row', 'Wagenrücklauf (CR) innerhalb der Zeile'),
];

/** The German text of an import rejection reason; an unknown reason points to the rejection report. */
export function rejectionReasonText(reason: string, batch: number): string {
  for (const [pattern, german] of TRANSLATIONS) {
    const m = pattern.exec(reason);
    if (m) return german(m);
  }
  return `Zeile abgelehnt – Grund im Ablehnungsbericht des Importlaufs ${batch} (import_${batch}_rejections.csv)`;
}

/** True when the catalogue has a German text of its own for the reason (tests). */
export function isTranslatedRejection(reason: string): boolean {
  return TRANSLATIONS.some(([pattern]) => pattern.test(reason));
}
