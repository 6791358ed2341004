import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The finished files in a browser's download folder (partial downloads end in .part or .crdownload). */
export async function readDownloads(dir: string): Promise<{ name: string; text: string }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const done = names.filter((name) => !/\.(part|crdownload)$/.test(name));
  return Promise.all(done.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}
