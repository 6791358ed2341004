import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { NoAnswerError, typedSender } from './messages';

interface TestRequests {
  'test:read': { request: { n: number }; response: { n: number } };
  'test:act': { request: { n: number }; response: { ok: true } };
}

/** How the background answers each message in turn: an answer, nothing, or a failure. */
let answers: (unknown | Error)[];
let asked: string[];

beforeEach(() => {
  fakeBrowser.reset();
  answers = [];
  asked = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    asked.push((message as { type: string }).type);
    const next = answers.shift();
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
});

const stopped = () => new Error('Could not establish connection. Receiving end does not exist.');

describe('typedSender', () => {
  const send = typedSender<TestRequests>(['test:read']);

  it('passes the type and payload, and gives back the answer', async () => {
    answers = [{ n: 2 }];
    await expect(send('test:read', { n: 1 })).resolves.toEqual({ n: 2 });
    expect(asked).toEqual(['test:read']);
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'ok'],
  ])('takes %s for an answer the background never gave', async (_, nothing) => {
    answers = [nothing];
    await expect(send('test:act', { n: 1 })).rejects.toBeInstanceOf(NoAnswerError);
  });

  it('asks a read once more when the first message fails or comes back empty', async () => {
    answers = [stopped(), { n: 2 }, undefined, { n: 3 }];
    await expect(send('test:read', { n: 1 })).resolves.toEqual({ n: 2 });
    await expect(send('test:read', { n: 1 })).resolves.toEqual({ n: 3 });
    expect(asked).toEqual(['test:read', 'test:read', 'test:read', 'test:read']);
  });

  it('gives up on a read after the second try', async () => {
    answers = [stopped(), undefined];
    await expect(send('test:read', { n: 1 })).rejects.toBeInstanceOf(NoAnswerError);
    expect(asked).toHaveLength(2);
  });

  it('never sends anything that acts twice', async () => {
    answers = [stopped(), { ok: true }];
    await expect(send('test:act', { n: 1 })).rejects.toThrow('Receiving end does not exist');
    expect(asked).toEqual(['test:act']);
  });
});
