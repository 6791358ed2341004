/**
 * The message syntax of Homeward's catalogues (docs/i18n.md), a small subset of ICU MessageFormat:
 *
 * - `{name}`: a parameter. A number is written in the locale's form (1,234 / 1.234); a string as it is.
 * - `{name, plural, one {# account} other {# accounts}}`: a branch by the locale's plural rules
 *   (`Intl.PluralRules`); `=0`-style exact branches are tried first, `other` is required; `#` is the number.
 * - `<name>…</name>`: a part the caller wraps (a link, a strong word); the wrapper is a parameter too.
 *
 * Text is never quoted or escaped: a literal brace in a sentence comes in as a parameter.
 */

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'plural'; name: string; branches: Record<string, Node[]> }
  | { kind: 'tag'; name: string; children: Node[] }
  | { kind: 'count' };

/** A parameter's value; a function wraps a tag's content. */
export type Param = string | number | ((parts: unknown[]) => unknown);

export class MessageSyntaxError extends Error {}

const parsed = new Map<string, Node[]>();

export function parseMessage(source: string): Node[] {
  let nodes = parsed.get(source);
  if (!nodes) {
    const parser = new Parser(source);
    nodes = parser.nodes(null, false);
    if (parser.at < source.length)
      throw new MessageSyntaxError(`Unexpected “${source[parser.at]}” in: ${source}`);
    parsed.set(source, nodes);
  }
  return nodes;
}

class Parser {
  at = 0;
  constructor(private readonly source: string) {}

  /** Reads up to the closing `}` of a branch, or `</tag>`, or the end. */
  nodes(tag: string | null, inBranch: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.at < this.source.length) {
      const char = this.source[this.at]!;
      if (char === '{') {
        flush();
        nodes.push(this.placeholder());
      } else if (char === '}') {
        if (!inBranch) throw new MessageSyntaxError(`Unmatched “}” in: ${this.source}`);
        break;
      } else if (char === '#' && inBranch) {
        flush();
        nodes.push({ kind: 'count' });
        this.at++;
      } else if (char === '<' && /^<\/?[a-z][a-zA-Z]*>/.test(this.source.slice(this.at))) {
        const end = this.source.indexOf('>', this.at);
        const name = this.source.slice(this.at + 1, end);
        if (name.startsWith('/')) {
          if (name.slice(1) !== tag) throw new MessageSyntaxError(`Unmatched “<${name}>” in: ${this.source}`);
          break;
        }
        flush();
        this.at = end + 1;
        const children = this.nodes(name, inBranch);
        if (!this.source.startsWith(`</${name}>`, this.at))
          throw new MessageSyntaxError(`Unclosed “<${name}>” in: ${this.source}`);
        this.at += name.length + 3;
        nodes.push({ kind: 'tag', name, children });
      } else {
        text += char;
        this.at++;
      }
    }
    flush();
    if (tag !== null && !this.source.startsWith(`</${tag}>`, this.at))
      throw new MessageSyntaxError(`Unclosed “<${tag}>” in: ${this.source}`);
    return nodes;
  }

  private placeholder(): Node {
    const close = /^\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*(\}|,\s*plural\s*,)/.exec(this.source.slice(this.at));
    if (!close) throw new MessageSyntaxError(`Bad placeholder in: ${this.source}`);
    const name = close[1]!;
    this.at += close[0].length;
    if (close[2] === '}') return { kind: 'param', name };
    const branches: Record<string, Node[]> = {};
    for (;;) {
      const rest = this.source.slice(this.at);
      const done = /^\s*\}/.exec(rest);
      if (done) {
        this.at += done[0].length;
        break;
      }
      const branch = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(rest);
      if (!branch) throw new MessageSyntaxError(`Bad plural branch in: ${this.source}`);
      this.at += branch[0].length;
      branches[branch[1]!] = this.nodes(null, true);
      if (this.source[this.at] !== '}')
        throw new MessageSyntaxError(`Unclosed plural branch in: ${this.source}`);
      this.at++;
    }
    if (!branches.other) throw new MessageSyntaxError(`A plural needs an “other” branch: ${this.source}`);
    return { kind: 'plural', name, branches };
  }
}

/** The parameters a message uses, plural and tag names included, for the catalogue checks. */
export function messageParams(source: string): Set<string> {
  const names = new Set<string>();
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.kind === 'param') names.add(node.name);
      else if (node.kind === 'tag') {
        names.add(`<${node.name}>`);
        walk(node.children);
      } else if (node.kind === 'plural') {
        names.add(node.name);
        Object.values(node.branches).forEach(walk);
      }
    }
  };
  walk(parseMessage(source));
  return names;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(map: Map<string, T>, locale: string, make: () => T): T {
  let value = map.get(locale);
  if (!value) map.set(locale, (value = make()));
  return value;
}

export function formatNumber(locale: string, value: number): string {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(value);
}

/**
 * The message as parts: strings, and whatever tag wrappers returned. A missing parameter shows its name in
 * braces, so a slip is seen rather than hidden.
 */
export function formatParts(locale: string, source: string, params: Record<string, Param> = {}): unknown[] {
  const out: unknown[] = [];
  const emit = (nodes: Node[], count: number | null, into: unknown[]) => {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          into.push(node.text);
          break;
        case 'count':
          into.push(count === null ? '#' : formatNumber(locale, count));
          break;
        case 'param': {
          const value = params[node.name];
          if (typeof value === 'number') into.push(formatNumber(locale, value));
          else if (typeof value === 'string') into.push(value);
          else into.push(`{${node.name}}`);
          break;
        }
        case 'plural': {
          const value = params[node.name];
          const n = typeof value === 'number' ? value : Number(value);
          const category = cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(n);
          const branch = node.branches[`=${n}`] ?? node.branches[category] ?? node.branches.other!;
          emit(branch, n, into);
          break;
        }
        case 'tag': {
          const inner: unknown[] = [];
          emit(node.children, count, inner);
          const wrap = params[node.name];
          if (typeof wrap === 'function') into.push(wrap(inner));
          else into.push(...inner);
          break;
        }
      }
    }
  };
  emit(parseMessage(source), null, out);
  // Neighbouring strings joined, so a caller that wants text gets one string.
  return out.reduce<unknown[]>((parts, part) => {
    const last = parts.length - 1;
    if (typeof part === 'string' && typeof parts[last] === 'string')
      parts[last] = (parts[last] as string) + part;
    else parts.push(part);
    return parts;
  }, []);
}

export function formatText(locale: string, source: string, params?: Record<string, Param>): string {
  return formatParts(locale, source, params).join('');
}
