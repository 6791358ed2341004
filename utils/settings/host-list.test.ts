import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHostList } from './host-list';

describe('parseHostList', () => {
  it.each<[string, string[], string[]]>([
    ['remote.example', ['remote.example'], []],
    [
      'Remote.Example, https://lemmy.world/post/1\n*.misskey.io',
      ['remote.example', 'lemmy.world', 'misskey.io'],
      [],
    ],
    ['bücher.example', ['xn--bcher-kva.example'], []],
    ['remote.example remote.example', ['remote.example'], []],
    ['localhost', [], ['localhost']],
    ['not a host!', [], ['not', 'a', 'host!']],
    ['user@remote.example', [], ['user@remote.example']],
    ['', [], []],
  ])('%j', (text, hosts, rejected) => {
    expect(parseHostList(text)).toEqual({ hosts, rejected });
  });

  it('never throws, and keeps only lower-case host names', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (entries) => {
        const { hosts } = parseHostList(entries);
        return hosts.every((host) => host === host.toLowerCase() && !/[/@:\s]/.test(host));
      }),
    );
  });
});
