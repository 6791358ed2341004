// @vitest-environment happy-dom
import { render } from 'preact';
import { words } from '@/utils/i18n';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PeopleScan, type ScanActions, type ScanView } from './PeopleScan';

let container: HTMLElement;

afterEach(() => {
  render(null, container);
  container.remove();
});

function show(view: ScanView): ScanActions {
  const actions = { start: vi.fn(), stop: vi.fn(), retry: vi.fn() };
  container = document.createElement('div');
  document.body.append(container);
  render(<PeopleScan view={view} actions={actions} />, container);
  return actions;
}

const buttons = () => [...container.querySelectorAll('button')].map((b) => b.textContent?.trim());
const status = () => container.querySelector('[role="status"]')?.textContent ?? '';
const progressbar = () => container.querySelector('[role="progressbar"]');

describe('PeopleScan', () => {
  it('offers the scan', () => {
    const actions = show({ kind: 'idle' });
    expect(buttons()).toEqual(['Find them on the fediverse']);
    expect(progressbar()).toBeNull();
    container.querySelector('button')!.click();
    expect(actions.start).toHaveBeenCalledOnce();
  });

  it('while reading: the count, a labelled indeterminate progress bar and Stop', () => {
    const actions = show({ kind: 'scanning', count: 125 });
    expect(status()).toBe('Reading the list… 125 accounts');
    expect(progressbar()?.getAttribute('aria-label')).toBe('Reading the list');
    expect(progressbar()?.hasAttribute('aria-valuenow')).toBe(false);
    expect(buttons()).toEqual(['Stop']);
    container.querySelector('button')!.click();
    expect(actions.stop).toHaveBeenCalledOnce();
  });

  it('while handing over: no buttons', () => {
    show({ kind: 'sending', count: 300 });
    expect(status()).toBe('Found 300 accounts. Opening the list…');
    expect(buttons()).toEqual([]);
  });

  it('when done: where the list went, and scanning again', () => {
    const actions = show({ kind: 'done', count: 1200 });
    expect(status()).toBe('Found 1,200 accounts. The list opened in a new tab.');
    expect(progressbar()).toBeNull();
    expect(buttons()).toEqual(['Scan again']);
    container.querySelector('button')!.click();
    expect(actions.start).toHaveBeenCalledOnce();
  });

  it('says when the site stopped loading before the end', () => {
    show({ kind: 'done', count: 1, reason: 'stalled' });
    expect(status()).toBe(
      'Found 1 account. The list opened in a new tab.The site stopped loading the list before its end.',
    );
  });

  it('compares with the count the site shows: a short read says how many of how many, and offers Scan again', () => {
    const actions = show({ kind: 'done', count: 487, reason: 'short', expected: 500 });
    expect(status()).toBe(
      'Read 487 of 500 accounts. The list opened in a new tab.The list ended before the count the site shows.',
    );
    expect(buttons()).toEqual(['Scan again']);
    container.querySelector('button')!.click();
    expect(actions.start).toHaveBeenCalledOnce();
    render(null, container);
    container.remove();

    show({ kind: 'done', count: 1480, reason: 'stalled', expected: 2000 });
    expect(status()).toBe(
      'Read 1,480 of 2,000 accounts. The list opened in a new tab.The site stopped loading the list before its end.',
    );
    render(null, container);
    container.remove();

    show({ kind: 'done', count: 500, expected: 500 });
    expect(status()).toBe('Found 500 accounts. The list opened in a new tab.');
  });

  it('after Stop: how many of how many, without blaming the site', () => {
    show({ kind: 'done', count: 75, reason: 'stopped', expected: 1000 });
    expect(status()).toBe('Read 75 of 1,000 accounts. The list opened in a new tab.');
  });

  it('the failures, each with its way out', () => {
    let actions = show({ kind: 'unreadable' });
    expect(status()).toBe("Homeward couldn't read this list. The site may have changed.");
    container.querySelector('button')!.click();
    expect(actions.start).toHaveBeenCalledOnce();
    render(null, container);
    container.remove();

    actions = show({ kind: 'failed', message: words('site_listEmpty') });
    expect(status()).toBe('No accounts were found in this list.');
    expect(buttons()).toEqual(['Try again']);
    container.querySelector('button')!.click();
    expect(actions.retry).toHaveBeenCalledOnce();
    render(null, container);
    container.remove();

    show({ kind: 'reload' });
    expect(status()).toBe('Reload the page to use Homeward');
    expect(buttons()).toEqual([]);
  });

  it.each([
    [0, 'Found 0 accounts'],
    [1, 'Found 1 account'],
    [25, 'Found 25 accounts'],
    [12345, 'Found 12,345 accounts'],
  ])('counts %i in the plural it takes: %s', (count, text) => {
    show({ kind: 'done', count });
    expect(status()).toBe(`${text}. The list opened in a new tab.`);
  });
});
