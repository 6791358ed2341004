import { expect, it } from 'vitest';
import { e2eSuite } from './harness/fixture';
import { LABELS } from '../../sandbox/harness/flows';

/** Every page of the extension, by path, with something each shows once it has rendered. */
const PAGES: readonly { path: string; ready: string }[] = [
  { path: '/popup.html', ready: LABELS.homeServer },
  { path: '/options.html', ready: LABELS.homeServer },
  { path: '/welcome.html', ready: LABELS.homeServer },
];

/**
 * What a first look at Homeward's pages found (issue 13): Chromium's stylesheet for extension pages sets
 * `body { font-size: 75% }`, so text the project sized on :root alone rendered at 10.5 px beside 14 px paragraphs;
 * and the options page hugged the left edge because the body's margin overrode its centring.
 */
e2eSuite('extension pages', (e2e) => {
  it('render their text at the size the pages set (14 px), not the browser’s 75 %', async () => {
    for (const { path, ready } of PAGES) {
      const tab = await e2e.session.openPage(`${e2e.session.extensionOrigin}${path}`);
      await tab.waitForRole('textbox', ready);
      const sizes = await tab.evaluate(() => ({
        body: getComputedStyle(document.body).fontSize,
        label: getComputedStyle(document.querySelector('label')!).fontSize,
      }));
      expect({ path, ...sizes }).toEqual({ path, body: '14px', label: '14px' });
      await tab.close();
    }
  });

  it('centre the options page in a wide window', async () => {
    const options = await e2e.session.openOptions();
    await options.waitForRole('textbox', LABELS.homeServer);
    const layout = await options.evaluate(() => {
      const main = document.querySelector('main')!.getBoundingClientRect();
      return { left: main.left, right: document.documentElement.clientWidth - main.right };
    });
    // 560 px of content in the harness's 800 px window: equal margins either side, not 0 on the left.
    expect(layout.left).toBeGreaterThan(50);
    expect(Math.abs(layout.left - layout.right)).toBeLessThanOrEqual(1);
  });
});
