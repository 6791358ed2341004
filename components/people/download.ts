/**
 * Saves `text` as a file through a temporary `<a download>` on a Blob URL: it works on extension pages in Chromium
 * and Firefox alike, and needs no `downloads` permission.
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Not at once: Firefox may still be reading the Blob when click() returns, and the download would come out empty.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export const REVOKE_AFTER_MS = 30_000;
