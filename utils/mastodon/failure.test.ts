import { MastoHttpError, MastoTimeoutError } from 'masto';
import { say } from '../i18n';
import { describe, expect, it, vi } from 'vitest';
import { classifyFailure, failureReason, serverNamed, YOUR_SERVER } from './failure';

const http = (statusCode: number, message = '') => new MastoHttpError({ statusCode, message });

describe('one classifier of home-server failures', () => {
  it.each([
    ['a 401', http(401, 'The access token is invalid'), { kind: 'unauthorized' }],
    ['a 429', http(429, 'Too many requests'), { kind: 'rate-limited' }],
    [
      'a 503',
      http(503, 'Service Unavailable'),
      { kind: 'http', status: 503, message: 'Service Unavailable' },
    ],
    ['a 422', http(422, 'Validation failed'), { kind: 'http', status: 422, message: 'Validation failed' }],
    ["masto's timeout", new MastoTimeoutError('Request timed out'), { kind: 'timeout' }],
    ["fetch's abort on timeout", new DOMException('timed out', 'TimeoutError'), { kind: 'timeout' }],
    ['a refused connection', new TypeError('Failed to fetch'), { kind: 'unreachable' }],
    ['anything else', new Error('Unexpected token <'), { kind: 'unreadable', message: 'Unexpected token <' }],
  ])('%s', (_, error, expected) => {
    expect(classifyFailure(error)).toEqual(expected);
  });
});

describe('one wording of them', () => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const refused = { kind: 'http', status: 403, message: 'This action is not allowed' } as const;
  it.each([
    [
      { kind: 'http', status: 502, message: '' } as const,
      'Your server is down (502)',
      'home.example is down (502)',
    ],
    [refused, 'Your server refused (403)', 'home.example refused (403)'],
    [
      { kind: 'timeout' } as const,
      "Your server didn't answer within 5 seconds",
      "home.example didn't answer within 5 seconds",
    ],
    [
      { kind: 'unreachable' } as const,
      "Couldn't reach your server, or it is down",
      "Couldn't reach home.example, or it is down",
    ],
    [
      { kind: 'unreadable', message: 'Unexpected token <' } as const,
      "Your server sent an answer Homeward couldn't read",
      "home.example sent an answer Homeward couldn't read",
    ],
  ])('%o', (failure, yours, named) => {
    expect(say(failureReason(failure, YOUR_SERVER))).toBe(yours);
    expect(say(failureReason(failure, serverNamed('home.example')))).toBe(named);
  });

  it("adds the server's own message only where asked (never on Threads' or Instagram's pages)", () => {
    expect(say(failureReason(refused, serverNamed('home.example'), true))).toBe(
      'home.example refused (403: This action is not allowed)',
    );
    expect(say(failureReason(refused, YOUR_SERVER))).not.toContain('not allowed');
  });
});
