import { describe, expect, it } from 'vitest';
import { say, t, tParts, words, type Words } from '@/utils/i18n';
import { matchLocale, resolveLocale } from '@/utils/i18n/locales';

describe('which language', () => {
  it.each([
    ['de-AT', 'de'],
    ['pt-PT', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['es-419', 'es'],
    ['zh-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-Hant-CN', 'zh-TW'],
    ['zh-CN', null],
    ['zh-Hans-HK', null],
    ['ja_JP', 'ja'],
    ['nl', null],
  ])('%s → %s', (tag, locale) => {
    expect(matchLocale(tag)).toBe(locale);
  });

  it('takes the choice only when it is one of the catalogues', () => {
    expect(resolveLocale('ja', 'de-DE')).toBe('ja');
    expect(resolveLocale(null, 'de-DE')).toBe('de');
    expect(resolveLocale('../content-scripts/profile', 'de-DE')).toBe('de');
    expect(resolveLocale('sv', 'nl')).toBe('en');
  });
});

describe('words from storage and other builds', () => {
  it('words words, nested ones too', () => {
    expect(say(words('people_stoppedResume', { reason: words('failure_timeoutYours') }))).toBe(
      "Your server didn't answer within 5 seconds. Resume to try again.",
    );
  });

  it('shows the English text an older build stored as it is, and nothing for anything else, without throwing', () => {
    expect(say('home.example did not grant access.' as unknown as Words)).toBe(
      'home.example did not grant access.',
    );
    for (const junk of [null, undefined, 42, {}, { key: 7 }, { key: 'site_follow', params: null }])
      expect(say(junk as unknown as Words)).toBe('');
    expect(t('people_notFollowed', { reason: null as unknown as string })).toBe('Not followed: {reason}');
  });

  it('wraps tags with what the caller gives, and keeps the text of tags it does not', () => {
    expect(tParts('howto_follow', { strong: (parts) => ({ strong: parts }), label: 'X' })).toEqual([
      'On a Threads, Instagram or Bluesky profile, press ',
      { strong: ['X'] },
      " beside the site's own Follow button.",
    ]);
    expect(t('howto_follow', { label: 'X' })).toBe(
      "On a Threads, Instagram or Bluesky profile, press X beside the site's own Follow button.",
    );
  });
});
