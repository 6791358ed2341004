import type { CDPSession, Page } from 'playwright-core';
import type { FoundElement } from './base-tab';
import { HOMEWARD_HOSTS, type Role } from './session';

/**
 * Homeward's in-page hosts keep their shadow roots closed (components/shared/content-host.ts), and Playwright's locators
 * stop at closed roots. The DevTools protocol does not: the accessibility tree is built from the composed tree, so
 * `Accessibility.queryAXTree` run from a host finds the controls inside its closed root by role and name, and
 * `DOM.describeNode` with `pierce` names the root itself. Objects made here live in one group, released after
 * each call: nothing is left in the page for its scripts to find.
 */
const GROUP = 'homeward-harness';

async function hostNodeIds(cdp: CDPSession, selector: string): Promise<number[]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
  return nodeIds;
}

async function release(cdp: CDPSession): Promise<void> {
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
}

/** Calls `declaration` with `this` bound to the node and returns its result by value. */
async function callOn<T>(cdp: CDPSession, backendNodeId: number, declaration: string): Promise<T> {
  try {
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId, objectGroup: GROUP });
    if (!object.objectId) throw new Error('the node is gone');
    const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: declaration,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  } finally {
    await release(cdp);
  }
}

function closedElement(page: Page, cdp: CDPSession, backendNodeId: number): FoundElement {
  return {
    evaluate: (fn) => callOn(cdp, backendNodeId, `function () { return (${fn.toString()})(this); }`),
    async click(options) {
      // A real mouse click at the element's centre, as a person's: the product ignores untrusted events.
      await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId });
      const { quads } = await cdp.send('DOM.getContentQuads', { backendNodeId });
      const quad = quads[0];
      if (!quad) throw new Error('the element has no box to click');
      const x = (quad[0]! + quad[2]! + quad[4]! + quad[6]!) / 4;
      const y = (quad[1]! + quad[3]! + quad[5]! + quad[7]!) / 4;
      if (options?.alt) await page.keyboard.down('Alt');
      try {
        await page.mouse.click(x, y);
      } finally {
        if (options?.alt) await page.keyboard.up('Alt');
      }
    },
    async fill(value) {
      await cdp.send('DOM.focus', { backendNodeId });
      await callOn(cdp, backendNodeId, 'function () { this.select?.(); }');
      await page.keyboard.insertText(value);
    },
  };
}

/** The elements with `role` (and exactly `name`) inside the closed shadow roots of Homeward's hosts. */
export async function findInClosedRoots(
  page: Page,
  cdp: CDPSession,
  role: Role,
  name?: string,
): Promise<FoundElement[]> {
  const found: FoundElement[] = [];
  for (const nodeId of await hostNodeIds(cdp, HOMEWARD_HOSTS)) {
    const { nodes } = await cdp.send('Accessibility.queryAXTree', {
      nodeId,
      role,
      ...(name === undefined ? {} : { accessibleName: name }),
    });
    // queryAXTree also returns nodes the accessibility tree ignores (hidden ones): Playwright's getByRole does not.
    for (const node of nodes) {
      if (!node.ignored && node.backendDOMNodeId !== undefined) {
        found.push(closedElement(page, cdp, node.backendDOMNodeId));
      }
    }
  }
  return found;
}

/** Tab.evaluateInShadow over CDP: the roots of `selector`'s elements, open or closed, as arguments to `fn`. */
export async function evaluateInShadowRoots<T>(cdp: CDPSession, selector: string, fn: string): Promise<T> {
  try {
    const roots: string[] = [];
    for (const nodeId of await hostNodeIds(cdp, selector)) {
      const { node } = await cdp.send('DOM.describeNode', { nodeId, pierce: true, depth: 1 });
      const backendNodeId = node.shadowRoots?.[0]?.backendNodeId;
      if (backendNodeId === undefined) continue;
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId, objectGroup: GROUP });
      if (object.objectId) roots.push(object.objectId);
    }
    const { result: document } = await cdp.send('Runtime.evaluate', {
      expression: 'document',
      objectGroup: GROUP,
    });
    if (!document.objectId) throw new Error('no document to evaluate in');
    const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
      objectId: document.objectId,
      functionDeclaration: `async function (...roots) { return JSON.stringify(await (${fn})(roots)); }`,
      arguments: roots.map((objectId) => ({ objectId })),
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return (typeof result.value === 'string' ? JSON.parse(result.value) : undefined) as T;
  } finally {
    await release(cdp);
  }
}
