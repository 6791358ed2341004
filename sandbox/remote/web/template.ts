/**
 * Fixture pages are HTML files in sandbox/fixtures/ with `{{name}}` placeholders. Plain strings are escaped;
 * markup built by the server (lists, optional badges) is passed as `Html`. A placeholder without a value throws,
 * so a typo in a fixture fails the tests instead of rendering "{{…}}".
 */
import { readFileSync } from 'node:fs';
import { escapeHtml } from '../http';

export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export const htmlOf = (markup: string): Html => new Html(markup);
export const joinHtml = (parts: readonly Html[]): Html => new Html(parts.map((p) => p.markup).join('\n'));
export const NO_HTML = new Html('');

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const cache = new Map<string, string>();

export function fixture(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(name, FIXTURES), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export type TemplateValue = string | number | Html;

export function render(name: string, values: Record<string, TemplateValue>): Html {
  const markup = fixture(name).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`fixture ${name}: no value for {{${key}}}`);
    return value instanceof Html ? value.markup : escapeHtml(String(value));
  });
  return new Html(markup);
}
