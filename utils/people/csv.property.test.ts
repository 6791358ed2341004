/**
 * The follows file read back by a strict RFC 4180 reader written here (checking the writer against the spec, not
 * against itself): any list of handles comes back, in order, four columns a line, and no cell starts a formula.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, FOLLOWS_CSV_HEADER, followsCsv } from './csv';

/** RFC 4180 records, each ended by a line feed (Ruby's CSV, which Mastodon reads with). Throws on bad syntax. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n') {
        if (text[i] === '"' || text[i] === '\r') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    fields.push(field);
    if (text[i] === ',') i++;
    else if (text[i] === '\n') {
      records.push(fields);
      fields = [];
      i++;
    } else throw new Error(`record not ended by a line feed at ${i}`);
  }
  return records;
}

/** What spreadsheets read as a formula at the start of a cell (OWASP, "CSV Injection"). */
const FORMULA_CHARACTERS = ['=', '+', '-', '@', '\t', '\r'];
const startsFormula = (text: string) => FORMULA_CHARACTERS.includes(text[0] ?? '');

/** Any text, with the characters CSV and spreadsheets care about made frequent. */
const cell = fc.string({
  unit: fc.oneof(
    fc.constantFrom(',', '"', '\n', '\r', "'", ...FORMULA_CHARACTERS),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 30,
});

describe('property: csvField', () => {
  it('reads back as one field: the value, or the value after a quote when it would start a formula', () => {
    fc.assert(
      fc.property(cell, (value) => {
        const [record, ...more] = readCsv(`${csvField(value)}\n`);
        expect(more).toEqual([]);
        expect(record).toEqual([startsFormula(value) ? `'${value}` : value]);
      }),
      { numRuns: 300 },
    );
  });

  it('never starts a cell with a formula character, quoted or not', () => {
    fc.assert(
      fc.property(cell, (value) => {
        const written = csvField(value);
        expect(startsFormula(written)).toBe(false);
        expect(startsFormula(written.replace(/^"/, ''))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves plain text as it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_][a-z0-9_.@-]{0,40}$/), (value) => {
        expect(csvField(value)).toBe(value);
      }),
    );
  });
});

describe('property: followsCsv', () => {
  it('reads back as the header and four columns per handle, in order, for any handles', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 8 }), (handles) => {
        const records = readCsv(followsCsv(handles));
        expect(records[0]).toEqual([...FOLLOWS_CSV_HEADER]);
        expect(records).toHaveLength(handles.length + 1);
        records.slice(1).forEach(([acct, ...rest], index) => {
          // Mastodon's export writes the bare acct: one leading @ goes, and what is left is written as text.
          const bare = handles[index]!.replace(/^@/, '');
          expect(acct).toBe(startsFormula(bare) ? `'${bare}` : bare);
          expect(rest).toEqual(['true', 'false', '']);
        });
      }),
      { numRuns: 300 },
    );
  });
});
