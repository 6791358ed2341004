// @vitest-environment happy-dom
/**
 * The Bluesky adapter on markup shaped as React Native Web renders bsky.app (docs/sites.md, "Bluesky", B1–B7): the
 * header of the screen that is shown, never one bsky.app keeps hidden; its own profile; a blocked profile; the
 * Following list's rows, name and count. tests/e2e/bluesky.e2e.ts checks the same in both browsers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { networkHandle } from '..';
import { bluesky } from '.';
import { displayNameOf } from '../list-dom';
import { bridgyFedNetwork, isBlueskyHandle } from './network';

afterEach(() => {
  document.body.innerHTML = '';
});

function actionRow(handle: string, own = false, blocked = false): string {
  const controls = own
    ? '<button data-testid="profileHeaderEditProfileButton" aria-label="Edit profile">Edit Profile</button>'
    : blocked
      ? ''
      : `<button data-testid="dmBtn" aria-label="Message ${handle}"></button>
         <button data-testid="followBtn" aria-label="Follow ${handle}"><div dir="auto">Follow</div></button>`;
  return `<div class="css-175oi2r" data-row>${controls}
    <div class="css-175oi2r"><button data-testid="profileHeaderDropdownBtn" aria-label="More options"></button></div></div>`;
}

function profileScreen(handle: string, opts: { hidden?: boolean; own?: boolean; blocked?: boolean } = {}) {
  const metrics = opts.blocked
    ? ''
    : `<div><a href="/profile/${handle}/followers" data-testid="profileHeaderFollowersButton">1.2K followers</a>
       <a href="/profile/${handle}/follows" data-testid="profileHeaderFollowsButton">321 following</a></div>`;
  return `<div style="${opts.hidden ? 'display:none' : ''}"><div data-testid="profileScreen">
    <div data-testid="profileView"><div data-testid="profilePager"><div data-header>
      ${actionRow(handle, opts.own, opts.blocked)}
      <div><div dir="auto" data-testid="profileHeaderDisplayName">Someone</div><div dir="auto">\u202a@${handle}\u202c</div></div>
      ${metrics}
    </div></div></div></div></div>`;
}

describe('profiles', () => {
  it('puts the button after Bluesky’s Follow, in the shown screen, whatever screens are kept hidden', () => {
    document.body.innerHTML =
      profileScreen('fern.bsky.social', { hidden: true }) + profileScreen('rowan.bsky.social');
    const placement = bluesky.findAnchor(document, 'rowan.bsky.social');
    expect(placement).not.toBe('own-profile');
    const anchor = placement as Exclude<typeof placement, 'own-profile' | null>;
    expect(anchor.element.getAttribute('aria-label')).toBe('Follow rowan.bsky.social');
    expect(anchor.position).toBe('afterend');
    // The hidden screen's profile is not the one shown.
    expect(bluesky.findAnchor(document, 'fern.bsky.social')).toBeNull();
    expect(bluesky.findProfileArea(document)?.closest('[style]')?.getAttribute('style')).toBe('');
  });

  it('finds a header whose URL is written in another case', () => {
    document.body.innerHTML = profileScreen('rowan.bsky.social');
    expect(bluesky.findHeader(document, 'Rowan.Bsky.Social')).not.toBeNull();
  });

  it('leaves one’s own profile alone', () => {
    document.body.innerHTML = profileScreen('maya-hart.bsky.social', { own: true });
    expect(bluesky.findAnchor(document, 'maya-hart.bsky.social')).toBe('own-profile');
  });

  it('on a profile that blocks the visitor, goes before the menu, and knows it by the handle line', () => {
    document.body.innerHTML = profileScreen('quill.bsky.social', { blocked: true });
    const placement = bluesky.findAnchor(document, 'quill.bsky.social');
    expect(placement).toMatchObject({ position: 'beforebegin' });
    const anchor = placement as { element: Element };
    expect(anchor.element.querySelector('[data-testid="profileHeaderDropdownBtn"]')).not.toBeNull();
  });

  it('waits while the header is still loading (no controls, no counts)', () => {
    document.body.innerHTML = '<div data-testid="profileScreen"><div>Loading…</div></div>';
    expect(bluesky.findAnchor(document, 'rowan.bsky.social')).toBeNull();
  });
});

describe('the Following list', () => {
  const list = bluesky.followingList!;
  const row = (handle: string, name: string) => `<div><div>
    <a href="/profile/${handle}" role="link" aria-label="View ${name}’s profile"><div><div>
      <div><i data-avatar="${handle}"></i></div>
      <div><div><div dir="auto">${name}</div></div><div dir="auto">@${handle}</div></div>
      <div><button aria-label="Follow"><div dir="auto">Follow</div></button></div>
    </div><div><div dir="auto">A description.</div></div></div></a></div></div>`;

  function screen(): Element {
    document.body.innerHTML = `<div data-testid="profileFollowsScreen">
      <div><button aria-label="Go back"></button><div><div dir="auto">Fern 2</div><div dir="auto">1,234 following</div></div></div>
      <div>${row('rowan.bsky.social', 'Rowan Ellery')}${row('quill.bsky.social', 'Quill')}</div>
      <div><div class="rotate-500ms"><svg></svg></div></div></div>`;
    // React builds the DOM with createElement, so a link can hold another, which an HTML parser would split.
    for (const slot of document.querySelectorAll('i[data-avatar]')) {
      const avatar = document.createElement('a');
      avatar.setAttribute('href', `/profile/${slot.getAttribute('data-avatar')}`);
      avatar.setAttribute('role', 'link');
      avatar.append(document.createElement('img'));
      slot.replaceWith(avatar);
    }
    return document.querySelector(list.container)!;
  }

  it('knows its owner from the address', () => {
    expect(list.ownerFromUrl(new URL('https://bsky.app/profile/Fern.bsky.social/follows'))).toBe(
      'fern.bsky.social',
    );
    for (const url of [
      'https://bsky.app/profile/fern.bsky.social',
      'https://bsky.app/profile/fern.bsky.social/followers',
      'https://bsky.app/profile/did:plc:abc/follows',
      'https://bsky.app.example/profile/fern.bsky.social/follows',
    ])
      expect(list.ownerFromUrl(new URL(url))).toBeNull();
  });

  it('reads rows, names and the exact count; the loader is the site’s spinner', () => {
    const container = screen();
    const links = [...container.querySelectorAll(list.rowLink)];
    const usernames = links.map((link) => list.usernameFromHref(link.getAttribute('href') ?? ''));
    expect(usernames).toEqual([
      'rowan.bsky.social',
      'rowan.bsky.social',
      'quill.bsky.social',
      'quill.bsky.social',
    ]);
    expect(displayNameOf(links[0]!, 'rowan.bsky.social', list)).toBe('Rowan Ellery');
    expect(list.listLength(container, 'fern.bsky.social')).toBe(1234);
    expect(container.querySelector(list.progress)).not.toBeNull();
    expect(list.listAnchor(container)).toEqual({ element: container, position: 'afterbegin' });
  });

  it('offers nothing on a kept, hidden list', () => {
    const container = screen();
    (container as HTMLElement).style.display = 'none';
    expect(list.listAnchor(container)).toBeNull();
  });

  it.each([
    ['/profile/rowan.bsky.social', 'rowan.bsky.social'],
    ['https://bsky.app/profile/Rowan.bsky.social', 'rowan.bsky.social'],
    ['/profile/rowan.bsky.social/follows', null],
    ['/profile/did:plc:abc', null],
    ['/search?q=x', null],
  ])('%s names %s', (href, username) => {
    expect(list.usernameFromHref(href)).toBe(username);
  });
});

describe('handles', () => {
  it.each(['rowan.bsky.social', 'snarfed.org', 'a-b.c-d.example.com', 'x.co'])('%s is a handle', (handle) => {
    expect(isBlueskyHandle(handle)).toBe(true);
    expect(networkHandle(`@${handle}@bsky.brid.gy`)?.network).toBe(bridgyFedNetwork);
  });

  it.each([
    'rowan',
    '-a.com',
    'a-.com',
    'a.123',
    'handle.invalid',
    'a..b.com',
    `${'a'.repeat(64)}.com`,
    'ü.com',
  ])('%s is not', (handle) => {
    expect(isBlueskyHandle(handle)).toBe(false);
  });

  it('asks Bridgy Fed in lower case, and words the request as Bridgy Fed reads it', () => {
    expect(bridgyFedNetwork.webfingerUrl('rowan.bsky.social')).toBe(
      'https://bsky.brid.gy/.well-known/webfinger?resource=acct:rowan.bsky.social@bsky.brid.gy',
    );
    expect(bridgyFedNetwork.bridgeRequest?.text('quill.bsky.social')).toBe(
      '@bsky.brid.gy@bsky.brid.gy quill.bsky.social',
    );
  });
});
