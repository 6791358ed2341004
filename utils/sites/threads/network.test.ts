import { describe, expect, it } from 'vitest';
import { threadsNetwork } from './network';

describe('threadsNetwork', () => {
  it('asks www.threads.net for the acct: resource on threads.net', () => {
    const url = new URL(threadsNetwork.webfingerUrl('juno.field'));
    expect(url.href).toBe(
      'https://www.threads.net/.well-known/webfinger?resource=acct:juno.field@threads.net',
    );
    expect(url.searchParams.get('resource')).toBe('acct:juno.field@threads.net');
  });
});
