import { describe, expect, it } from 'vitest';
import { homeSoftware, isKnownWithoutApi } from './home-software';

describe('homeSoftware: detected from nodeinfo, never assumed', () => {
  it.each([
    ['mastodon', '4.5.0', 'Mastodon', 'mastodon', true],
    ['mastodon', '4.2.13', 'Mastodon', 'mastodon', true],
    ['mastodon', '4.3.0+glitch', 'Mastodon', 'mastodon', true],
    ['mastodon', '3.5.19', 'Mastodon', 'mastodon-web', true],
    ['mastodon', '3.4.6', 'Mastodon', 'mastodon-ids', true],
    ['hometown', '1.1.1', 'Mastodon', 'mastodon', true],
    ['friendica', '2024.12', 'Friendica', 'none', false],
    ['gotosocial', '0.20.0+git-57cb4fe', 'GoToSocial', 'none', true],
    ['akkoma', '3.16.0', 'Akkoma', 'akkoma', false],
    ['pleroma', '2.7.0', 'Pleroma', 'pleroma', false],
    ['sharkey', '2025.4.3', 'Sharkey', 'misskey', false],
    ['hollo', '0.6.5', 'Hollo', 'none', false],
  ])('%s %s: %s, web UI %s, rate-limit headers %s', (software, version, name, webUi, headers) => {
    expect(homeSoftware({ software, version })).toMatchObject({
      name,
      webUi,
      rateLimitHeaders: headers,
      api: true,
    });
  });

  it('treats an unknown or unnamed server as a current Mastodon, the safe path', () => {
    expect(homeSoftware({ software: 'unknown', version: '' })).toMatchObject({
      api: true,
      webUi: 'mastodon',
      interaction: 'authorize_interaction',
    });
    expect(homeSoftware({ software: 'mastodon', version: 'not-a-version' }).webUi).toBe('mastodon');
  });

  it('knows Misskey speaks no Mastodon API, and nothing else by that name', () => {
    expect(isKnownWithoutApi('misskey')).toBe(true);
    expect(homeSoftware({ software: 'misskey', version: '2025.1.0' })).toMatchObject({ api: false });
    expect(isKnownWithoutApi('mastodon')).toBe(false);
    expect(isKnownWithoutApi('wordpress')).toBe(false);
  });
});

describe('names that are no family', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    '%s is an unknown software',
    (software) => {
      expect(homeSoftware({ software, version: '' })).toMatchObject({
        api: true,
        webUi: 'mastodon',
        name: software,
      });
      expect(isKnownWithoutApi(software)).toBe(false);
    },
  );
});
