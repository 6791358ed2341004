// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchPage, type PageWatcher } from './page-watch';

/** A watcher that writes down what it was given: `start` for a call without records, else the records' types. */
function recorder(name: string, attributes?: string[]) {
  const calls: string[] = [];
  const watcher: PageWatcher = {
    name,
    attributes,
    evaluate: (records) => calls.push(records ? records.map((r) => r.type).join(',') : 'start'),
    stop: vi.fn(),
  };
  return { watcher, calls };
}

/** Lets the MutationObserver deliver. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let controller: AbortController;

beforeEach(() => {
  document.body.replaceChildren();
  controller = new AbortController();
});

afterEach(() => {
  controller.abort();
  vi.restoreAllMocks();
});

describe('watchPage', () => {
  it('evaluates every watcher at the start, on each batch of changes, and on popstate', async () => {
    const one = recorder('one');
    const two = recorder('two');
    watchPage(controller.signal, [one.watcher, two.watcher]);
    expect(one.calls).toEqual(['start']);

    document.body.append(document.createElement('div'));
    await settle();
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(one.calls).toEqual(['start', 'childList', 'start']);
    expect(two.calls).toEqual(one.calls);
  });

  it('watches the attributes any watcher asks for, and no others', async () => {
    const tabs = recorder('tabs', ['aria-selected']);
    watchPage(controller.signal, [recorder('plain').watcher, tabs.watcher]);
    const tab = document.createElement('div');
    document.body.append(tab);
    await settle();
    tab.setAttribute('aria-selected', 'true');
    tab.setAttribute('title', 'ignored');
    await settle();
    expect(tabs.calls).toEqual(['start', 'childList', 'attributes']);
  });

  it('keeps going when one watcher throws, and warns once for it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken: PageWatcher = {
      name: 'the broken thing',
      evaluate: () => {
        throw new Error('markup changed');
      },
      stop: () => undefined,
    };
    const fine = recorder('fine');
    watchPage(controller.signal, [broken, fine.watcher]);
    document.body.append(document.createElement('p'));
    await settle();
    expect(fine.calls).toEqual(['start', 'childList']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe('Homeward: the broken thing could not be placed');
  });

  it('stops every watcher once when its signal aborts, and evaluates nothing after', async () => {
    const one = recorder('one');
    watchPage(controller.signal, [one.watcher]);
    controller.abort();
    document.body.append(document.createElement('div'));
    await settle();
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(one.calls).toEqual(['start']);
    expect(one.watcher.stop).toHaveBeenCalledTimes(1);
  });
});
