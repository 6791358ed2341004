import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@/utils/permissions';
import { HOST_PERMISSIONS } from '@/utils/sites';
import { describePermission, describePermissions } from './permission-text';

describe('permissions in plain words', () => {
  it.each([...PERMISSIONS, 'https://*/*'])('says what %s lets Homeward do', (name) => {
    const line = describePermission(name);
    expect(line.text).not.toBe(name);
    expect(line.name).toBe(name);
  });

  it('names the site of every host permission the manifest asks for', () => {
    for (const pattern of HOST_PERMISSIONS) {
      const site = pattern.replace('https://*.', '').replace('/*', '');
      expect(describePermission(pattern).text.startsWith(`${site}:`)).toBe(true);
    }
  });

  it('says what Bluesky’s bridge is asked, apart from the sites', () => {
    expect(describePermission('https://*.bsky.brid.gy/*').text).toBe(
      'bsky.brid.gy: ask whether Bluesky accounts are on the fediverse, never with your cookies',
    );
    expect(describePermission('https://*.bsky.app/*').text).toBe(
      'bsky.app: the follow button on its profiles, and finding its people',
    );
  });

  it("gives a site's granted pattern and its content-script matches one line", () => {
    expect(
      describePermissions([
        'storage',
        'https://*.threads.com/*',
        'https://threads.com/*',
        'https://www.threads.com/*',
      ]),
    ).toEqual([
      describePermission('storage'),
      {
        text: describePermission('https://*.threads.com/*').text,
        name: 'https://*.threads.com/* https://threads.com/* https://www.threads.com/*',
      },
    ]);
  });

  it('shows a permission it does not know by its name', () => {
    expect(describePermission('notifications')).toEqual({ text: 'notifications', name: 'notifications' });
    expect(describePermission('https://*.example/x*')).toEqual({
      text: 'https://*.example/x*',
      name: 'https://*.example/x*',
    });
  });
});
