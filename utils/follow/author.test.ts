import { describe, expect, it } from 'vitest';
import { creatorHandle } from './author';

/** The `fediverse:creator` tag's content as Mastodon's resolve takes it (docs/home-server.md §5.2). */
describe('creatorHandle', () => {
  it.each([
    ['@bob@remote.example', 'bob@remote.example'],
    ['bob@remote.example', 'bob@remote.example'],
    ['  @Bob@Remote.Example ', 'bob@remote.example'],
    ['@jane.doe@news.example.co.uk', 'jane.doe@news.example.co.uk'],
    ['@a_b-c@x.io', 'a_b-c@x.io'],
  ])('%j names %s', (content, handle) => {
    expect(creatorHandle(content)).toBe(handle);
  });

  it.each([
    'https://remote.example/@bob',
    '@bob',
    '@@bob@remote.example',
    'bob@remote.example@other.example',
    'bob@localhost',
    'bob@remote.example/x',
    '<b>@bob@remote.example</b>',
    '',
    null,
    42,
    `@${'a'.repeat(400)}@remote.example`,
  ])('%j names nobody', (content) => {
    expect(creatorHandle(content)).toBeNull();
  });
});
