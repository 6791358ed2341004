import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, followsCsv, followsCsvFileName } from './csv';

/** A strict RFC 4180 reader, written here to check the writer against the spec rather than against itself. */
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

describe('followsCsv', () => {
  it("writes Mastodon's follows export: header, one line per account, a line feed after each, no BOM", () => {
    expect(followsCsv(['juno.field@threads.net', 'ada_l@threads.net'])).toBe(
      'Account address,Show boosts,Notify on new posts,Languages\n' +
        'juno.field@threads.net,true,false,\n' +
        'ada_l@threads.net,true,false,\n',
    );
  });

  it('writes only the header for no accounts', () => {
    expect(followsCsv([])).toBe('Account address,Show boosts,Notify on new posts,Languages\n');
  });

  it('has no byte order mark and no carriage returns', () => {
    const text = followsCsv(['a@threads.net']);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain('\r');
  });

  it('drops a leading @, as Mastodon writes the bare acct', () => {
    expect(followsCsv(['@juno@threads.net']).split('\n')[1]).toBe('juno@threads.net,true,false,');
  });

  it('keeps the order it is given', () => {
    const handles = ['c@threads.net', 'a@threads.net', 'b@threads.net'];
    expect(
      readCsv(followsCsv(handles))
        .slice(1)
        .map(([acct]) => acct),
    ).toEqual(handles);
  });

  it('reads back as four columns per line for any handle, quoted where RFC 4180 says', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }).filter((s) => !s.startsWith('@'))), (handles) => {
        const records = readCsv(followsCsv(handles));
        expect(records[0]).toEqual(['Account address', 'Show boosts', 'Notify on new posts', 'Languages']);
        expect(records.slice(1)).toEqual(handles.map((handle) => [handle, 'true', 'false', '']));
      }),
    );
  });
});

describe('csvField', () => {
  it.each([
    ['plain@threads.net', 'plain@threads.net'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
  ])('%j → %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });
});

describe('followsCsvFileName', () => {
  it.each([
    ['threads', 'juno.field', 'homeward-threads-juno.field-following.csv'],
    ['instagram', 'ada_l', 'homeward-instagram-ada_l-following.csv'],
    ['threads', 'Juno', 'homeward-threads-juno-following.csv'],
    ['threads', '../x/y', 'homeward-threads-..-x-y-following.csv'],
    ['threads', '', 'homeward-threads-unknown-following.csv'],
  ] as const)('%s %j → %s', (site, owner, name) => {
    expect(followsCsvFileName(site, owner)).toBe(name);
  });
});
