import { describe, expect, it } from 'vitest';
import { csvField, followsCsv, followsCsvFileName } from './csv';

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

  it('writes a handle that would start a formula as text', () => {
    expect(followsCsv(['=cmd@threads.net', '@@x@threads.net']).split('\n').slice(1, 3)).toEqual([
      "'=cmd@threads.net,true,false,",
      "'@x@threads.net,true,false,",
    ]);
  });

  it('keeps the order it is given', () => {
    const handles = ['c@threads.net', 'a@threads.net', 'b@threads.net'];
    expect(
      followsCsv(handles)
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]),
    ).toEqual(handles);
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
    // OWASP's CSV injection advice: a cell that would start a formula starts with ' instead.
    ['=HYPERLINK("https://evil.example")', `"'=HYPERLINK(""https://evil.example"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=a,b', `"'=a,b"`],
    ['a=b', 'a=b'],
    ["'quoted", "'quoted"],
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
