// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { downloadText, REVOKE_AFTER_MS } from './download';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

it('clicks a temporary <a download> on a Blob URL, removes it, and revokes the URL later', async () => {
  vi.useFakeTimers();
  let blob: Blob | undefined;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((object) => {
    blob = object as Blob;
    return 'blob:homeward/1';
  });
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  const clicked: { href: string; download: string; inPage: boolean }[] = [];
  const onClick = (event: MouseEvent) => {
    const link = event.target as HTMLAnchorElement;
    clicked.push({ href: link.href, download: link.download, inPage: document.body.contains(link) });
    event.preventDefault();
  };
  document.addEventListener('click', onClick);

  downloadText('homeward-threads-juno-following.csv', 'Account address\n');

  document.removeEventListener('click', onClick);
  expect(clicked).toEqual([
    { href: 'blob:homeward/1', download: 'homeward-threads-juno-following.csv', inPage: true },
  ]);
  expect(document.querySelector('a[download]')).toBeNull();
  expect(blob?.type).toBe('text/csv;charset=utf-8');
  expect(await blob?.text()).toBe('Account address\n');
  expect(revoke).not.toHaveBeenCalled();
  vi.advanceTimersByTime(REVOKE_AFTER_MS);
  expect(revoke).toHaveBeenCalledWith('blob:homeward/1');
});
