// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://remote.example/"}
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import markersScript from '@/entrypoints/fediverse-markers';

/** The marker script as the background injects it: into a fediverse page, asking the background where to go. */

const PAGE = 'https://remote.example/@bob/113456789012345678';

describe('the fediverse marker script', () => {
  const sent: unknown[] = [];
  let answer: unknown;

  beforeEach(() => {
    sent.length = 0;
    answer = { redirect: null };
    history.replaceState(null, '', PAGE);
    // Mastodon's web app root: a page the script reports.
    document.body.innerHTML = '<div id="mastodon"></div>';
    vi.stubGlobal('browser', {
      runtime: {
        sendMessage: (message: unknown) => {
          sent.push(message);
          return Promise.resolve(answer);
        },
      },
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('homeward.fediverseMarkers.reported')];
  });

  it('reports a page once, however often it is injected into the same document', async () => {
    await markersScript.main();
    await markersScript.main();
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([{ type: 'open:page', payload: expect.objectContaining({ url: PAGE }) }]);
  });

  it('asks again at a later injection when its report found no background', async () => {
    answer = undefined;
    await markersScript.main();
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    answer = { redirect: null };
    await markersScript.main();
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Answered now: a third injection asks nothing.
    await markersScript.main();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toHaveLength(2);
  });

  it('reports the new address after a same-document navigation', async () => {
    await markersScript.main();
    history.pushState(null, '', `${PAGE}0`);
    await markersScript.main();
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent.map((message) => (message as { payload: { url: string } }).payload.url)).toEqual([
      PAGE,
      `${PAGE}0`,
    ]);
  });

  it('reports nothing on a page without fediverse markers', async () => {
    document.body.innerHTML = '<main>An ordinary page</main>';
    await markersScript.main();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);
  });
});
