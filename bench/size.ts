import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The built extension's size, min+gz (WXT's production build is already minified), in total and per entrypoint.
 * An entrypoint's size counts every file it loads: its page, scripts, the chunks they import, and stylesheets.
 */

export interface SizeReport {
  totalBytes: number;
  totalGzip: number;
  codeGzip: number;
  entrypoints: Record<string, { files: string[]; gzip: number }>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const gzipSize = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;

/** Files an HTML page or a JS module pulls in, by static references. */
function references(root: string, file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  const patterns = file.endsWith('.html')
    ? [/<script[^>]+src="([^"]+)"/g, /<link[^>]+href="([^"]+\.(?:js|css))"/g]
    : [/(?:import|from)\s*\(?\s*["']([^"']+\.js)["']/g];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const ref = match[1]!;
      const path = ref.startsWith('/') ? resolve(root, `.${ref}`) : resolve(file, '..', ref);
      found.add(path);
    }
  }
  return [...found];
}

function closure(root: string, start: string): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length) {
    for (const next of references(root, queue.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

export function measureSize(outputDir: string): SizeReport {
  const root = resolve(outputDir);
  const files = walk(root);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string; scripts?: string[] };
    content_scripts?: Array<{ js?: string[]; css?: string[] }>;
  };
  const starts: Record<string, string[]> = {};
  const background = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  if (background) starts.background = [join(root, background)];
  for (const file of files) {
    if (file.endsWith('.html')) starts[relative(root, file).replace(/\.html$/, '')] = [file];
  }
  for (const script of manifest.content_scripts ?? []) {
    for (const js of script.js ?? []) {
      const name = js.replace(/^content-scripts\//, '').replace(/\.js$/, '');
      starts[name] = [...(script.js ?? []), ...(script.css ?? [])].map((f) => join(root, f));
    }
  }
  // Content scripts the background registers at run time (utils/sites/content-script.ts) are not in the
  // manifest: every file WXT wrote under content-scripts/ is one, with its stylesheet if it has one.
  for (const file of files) {
    const name = /^content-scripts\/([^/]+)\.js$/.exec(relative(root, file))?.[1];
    if (!name || starts[name]) continue;
    const css = join(root, 'content-scripts', `${name}.css`);
    starts[name] = [file, ...(files.includes(css) ? [css] : [])];
  }
  // The Threads and Instagram script runs after its language's words (utils/i18n/build.ts): counted with the
  // largest of them, the worst case a person can have.
  const languageFiles = files.filter((file) => relative(root, file).startsWith('content-messages/'));
  if (starts.profile && languageFiles.length > 0) {
    const largest = languageFiles.reduce((a, b) => (gzipSize(b) > gzipSize(a) ? b : a));
    starts.profile = [largest, ...starts.profile];
  }
  const entrypoints: SizeReport['entrypoints'] = {};
  for (const [name, roots] of Object.entries(starts)) {
    const all = [...new Set(roots.flatMap((r) => closure(root, r)))];
    entrypoints[name] = {
      files: all.map((f) => relative(root, f)),
      gzip: all.reduce((sum, f) => sum + gzipSize(f), 0),
    };
  }
  const code = files.filter((f) => /\.(js|css|html)$/.test(f));
  return {
    totalBytes: files.reduce((sum, f) => sum + statSync(f).size, 0),
    totalGzip: files.reduce((sum, f) => sum + gzipSize(f), 0),
    codeGzip: code.reduce((sum, f) => sum + gzipSize(f), 0),
    entrypoints,
  };
}
