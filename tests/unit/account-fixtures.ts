import type { AccountRecord, Credentials, HomeServer } from '@/utils/storage';

/** A connected account on home.example, as the background stores it: the record pages read, and its secrets. */
export const CONNECTED_RECORD: AccountRecord = {
  host: 'home.example',
  account: {
    id: '1',
    username: 'maya',
    handle: 'maya@home.example',
    displayName: 'Maya Hart',
    avatar: 'https://home.example/avatar.png',
    url: 'https://home.example/@maya',
  },
  status: 'connected',
};

export const CONNECTED_CREDENTIALS: Credentials = {
  host: 'home.example',
  clientId: 'cid',
  clientSecret: 'the-client-secret',
  accessToken: 'the-access-token',
  scope: 'read:search read:follows write:follows profile',
};

/** The home server those belong to, as the popup stores it. */
export const HOME_SERVER: HomeServer = {
  host: 'home.example',
  localDomain: 'home.example',
  title: 'Home',
  software: 'mastodon',
  version: '4.5.0',
};

/** A home server whose handles read `@maya@wd.example` while it runs at social.wd.example (WEB_DOMAIN). */
export const WEB_DOMAIN_SERVER: HomeServer = {
  host: 'social.wd.example',
  localDomain: 'wd.example',
  title: 'WD',
  software: 'mastodon',
  version: '4.5.0',
};
