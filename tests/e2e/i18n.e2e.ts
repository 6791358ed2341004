import { expect, it } from 'vitest';
import { FOLLOW, profileUrl, waitForFollowState, withAccount } from '../../sandbox/harness/follow-button';
import { peopleList, person } from '../doubles/people-lists';
import { wordsIn } from '../../sandbox/harness/words';
import { e2eSuite, type E2E } from './harness/fixture';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * Homeward in the browser's own language (issue 19): the browser starts in German or Japanese (Chromium --lang,
 * Firefox intl.locale.requested, with the language packs .ci/run installs), and the popup, the follow button on
 * both sites, the Opening page and the People page speak it. The expected words come from the catalogues
 * themselves; each test also checks that the English is gone.
 */
for (const locale of ['de', 'ja'] as const) {
  const say = wordsIn(locale);

  /** The account connected through English pages (the harness's flows read English), then the browser's own. */
  async function connected(e2e: E2E): Promise<void> {
    await e2e.session.setExtensionStorage('sync', { language: 'en' });
    await withAccount(e2e);
    await e2e.session.setExtensionStorage('sync', { language: null });
  }

  e2eSuite(
    `Homeward in ${locale}`,
    (e2e) => {
      it('speaks the browser language in the popup, and marks the page with it', async () => {
        const popup = await e2e.session.openPopup();
        await popup.waitForText(say('server_label'));
        await popup.waitForText(say('settings_whatItDoes'));
        expect(await popup.evaluate(() => document.documentElement.lang)).toBe(locale);
        expect(await popup.count('button', 'Save')).toBe(0);
      });

      it.each(['threads', 'instagram'] as const)(
        'shows the follow button in it on a %s page in that language, through a follow',
        async (site) => {
          await connected(e2e);
          await e2e.sandbox.admin.hostOp('home.example', 'set-accept-delay', { ms: 0 });
          const tab = await e2e.session.openPage(`${profileUrl(site, 'juno.field')}?hl=${locale}`);
          await waitForFollowState(tab, 'juno.field@threads.net', say('site_follow'));
          expect(await tab.count('button', FOLLOW.follow)).toBe(0);
          await tab.click('button', say('site_follow'));
          await waitForFollowState(tab, 'juno.field@threads.net', say('site_following'));
        },
      );

      it('words the Opening page in it', async () => {
        const tab = await e2e.session.openPage(`${e2e.session.extensionOrigin}/opening.html#not-a-link`);
        await tab.waitForText(say('opening_unopenable'), { role: 'status' });
        await waitUntil('the title in the language', async () =>
          (await tab.evaluate(() => document.title)) === say('opening_unopenable') ? true : undefined,
        );
      });

      it('words the People page in it, plurals and numbers included', async () => {
        const list = peopleList([person('ada', { kind: 'found' }), person('bo', { kind: 'not-federated' })], {
          id: 'i18n-list',
        });
        await e2e.session.setExtensionStorage('local', { 'people:i18n-list': list });
        const tab = await e2e.session.openPage(`${e2e.session.extensionOrigin}/people.html?list=i18n-list`);
        await tab.waitForText(say('people_title'));
        await tab.waitForText(say('people_subtitle', { owner: '@juno.field', site: 'Threads' }));
        await tab.waitForText(say('people_onFediverse'));
        expect(await tab.count('button', 'Export CSV')).toBe(0);
        expect(await tab.count('button', say('people_exportCsv'))).toBe(1);
      });

      it('follows the options page when the person picks another language', async () => {
        await e2e.session.setExtensionStorage('sync', { language: 'en' });
        const popup = await e2e.session.openPopup();
        await popup.waitForText('Home server');
        expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
      });
    },
    undefined,
    { locale },
  );
}
