/**
 * The manifest's API permissions (wxt.config.ts). None of them shows a warning at install; README "Permissions,
 * and why" and components/settings/permission-text.ts say what each is for.
 */
export const PERMISSIONS = [
  'storage',
  'identity',
  'activeTab',
  'scripting',
  'contextMenus',
  'declarativeNetRequestWithHostAccess',
  'alarms',
] as const;
