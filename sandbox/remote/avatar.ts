/** Avatars drawn on the fly: a coloured disc with an initial, stable per name, so no binary fixtures are needed. */
import { escapeHtml } from './http';

function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

export function avatarSvg(name: string): string {
  const initial = escapeHtml((name.replace(/[^a-z0-9]/gi, '')[0] ?? '?').toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="150" height="150" viewBox="0 0 150 150"><rect width="150" height="150" fill="hsl(${hue(name)} 55% 55%)"/><text x="75" y="97" font-family="sans-serif" font-size="72" text-anchor="middle" fill="#fff">${initial}</text></svg>`;
}

/** The same avatar as a data: URL, for pages whose CSP allows only 'self' and data: images. */
export function avatarDataUrl(name: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(avatarSvg(name))}`;
}
