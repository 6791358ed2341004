import type { FindOptions, Role, ShadowFunction, Tab, WaitOptions } from './session';
import { DEFAULT_WAIT_MS, waitUntil } from './wait';

/**
 * How Playwright, Puppeteer and WebDriver BiDi say an element left the document before the click reached it (BiDi:
 * "stale element reference", "no such node").
 */
const DETACHED =
  /not attached to the DOM|detached from (the )?document|Node is detached|stale element|no such node/i;

/** An element found by role: the only things the shared Tab logic needs from each automation library. */
export interface FoundElement {
  evaluate<T>(fn: (el: Element) => T): Promise<T>;
  /** `alt`: with the Alt key held, as a person's Alt-click (a real input event, not a synthetic one). */
  click(options?: { alt?: boolean }): Promise<void>;
  fill(value: string): Promise<void>;
}

/**
 * The browser-independent part of a Tab, built on one primitive per library: find elements by role and
 * accessible name. Waiting is done here, the same way for both browsers.
 */
export abstract class BaseTab implements Tab {
  protected abstract find(role: Role, name?: string, within?: FindOptions['within']): Promise<FoundElement[]>;
  /**
   * Form fields by label, whatever their role: Firefox gives password inputs no textbox role (Chromium does), and
   * the home server's sign-in form has one.
   */
  protected abstract findField(label: string): Promise<FoundElement[]>;
  abstract url(): Promise<string>;
  abstract goto(url: string): Promise<void>;
  abstract press(key: string): Promise<void>;
  abstract evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
  abstract evaluateSource<T>(source: string): Promise<T>;
  abstract evaluateInShadow<T>(selector: string, fn: ShadowFunction<T>): Promise<T>;
  abstract setViewport(width: number, height: number): Promise<void>;
  abstract bringToFront(): Promise<void>;
  abstract screenshot(path: string): Promise<void>;
  abstract close(): Promise<void>;

  private async first(role: Role, name: string | undefined, options?: FindOptions): Promise<FoundElement> {
    return waitUntil(
      `${role}${name === undefined ? '' : ` "${name}"`} in ${await this.url().catch(() => 'the tab')}`,
      async () => (await this.find(role, name, options?.within))[0],
      options?.timeoutMs ?? DEFAULT_WAIT_MS,
    );
  }

  /**
   * Clicks the first element with this role and name. One the page drew again between finding and clicking it (a
   * re-render replaced the node) was not clicked: the one the page shows now is, as a person's click lands on what is
   * on screen.
   */
  async click(role: Role, name: string, options?: FindOptions & { alt?: boolean }): Promise<void> {
    const deadline = Date.now() + (options?.timeoutMs ?? DEFAULT_WAIT_MS);
    for (;;) {
      const element = await this.first(role, name, options);
      try {
        await element.click({ alt: options?.alt ?? false });
        return;
      } catch (error) {
        if (!DETACHED.test(String(error)) || Date.now() > deadline) throw error;
      }
    }
  }

  private async field(label: string, options?: WaitOptions): Promise<FoundElement> {
    return waitUntil(
      `field "${label}"`,
      async () => (await this.findField(label))[0],
      options?.timeoutMs ?? DEFAULT_WAIT_MS,
    );
  }

  async fill(label: string, value: string, options?: WaitOptions): Promise<void> {
    await (await this.field(label, options)).fill(value);
  }

  async inputValue(label: string, options?: WaitOptions): Promise<string> {
    const el = await this.field(label, options);
    return el.evaluate((node) => (node as HTMLInputElement).value);
  }

  async count(role: Role, name?: string): Promise<number> {
    return (await this.find(role, name)).length;
  }

  async roleText(role: Role, name?: string): Promise<string | null> {
    const [el] = await this.find(role, name);
    return el ? el.evaluate((node) => (node.textContent ?? '').trim()) : null;
  }

  async waitForRole(role: Role, name?: string, options?: FindOptions): Promise<string> {
    const el = await this.first(role, name, options);
    return el.evaluate((node) => (node.textContent ?? '').trim());
  }

  async waitForText(text: string, options?: WaitOptions & { role?: Role }): Promise<void> {
    const role = options?.role;
    let last: string | null = null;
    await waitUntil(
      `text "${text}"${role ? ` in role=${role}` : ''}`,
      async () => {
        last = role ? await this.roleText(role) : await this.bodyText();
        return last?.includes(text) ? true : undefined;
      },
      options?.timeoutMs ?? DEFAULT_WAIT_MS,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last text: ${JSON.stringify(last)}`);
    });
  }

  async isChecked(role: 'switch' | 'checkbox', name: string, options?: WaitOptions): Promise<boolean> {
    const el = await this.first(role, name, options);
    return el.evaluate((node) => {
      const aria = node.getAttribute('aria-checked');
      return aria === null ? (node as HTMLInputElement).checked === true : aria === 'true';
    });
  }

  async back(): Promise<void> {
    // Later than the evaluation's answer: a navigation under way would cut it off.
    await this.evaluate(() => void setTimeout(() => history.back(), 0));
  }

  async bodyText(): Promise<string> {
    return this.evaluate(() => document.body?.innerText ?? '');
  }
}
