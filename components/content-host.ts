import theme from './content-theme.css?inline';

/**
 * The element Homeward puts into a Threads or Instagram page: an open shadow root, so the page's styles leave it
 * alone, holding the shared theme, the component's own stylesheet and a container Preact renders into node by
 * node (which Threads' Trusted Types allow).
 */
export function createContentHost(tag: string, css: string): { host: HTMLElement; container: HTMLElement } {
  const host = document.createElement(tag);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `${theme}\n${css}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  return { host, container };
}

/**
 * Light or dark, read from what the page actually paints behind `element` (both sites theme through their own
 * classes): the first ancestor with a background decides, then the system's preference.
 */
export function paintsDark(element: Element): boolean {
  for (let at: Element | null = element; at; at = at.parentElement) {
    const color = getComputedStyle(at)
      .backgroundColor.match(/\d+(\.\d+)?/g)
      ?.map(Number);
    if (!color || color.length < 3 || color[3] === 0) continue;
    const [r, g, b] = color as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
  }
  return matchMedia('(prefers-color-scheme: dark)').matches;
}
