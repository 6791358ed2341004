/**
 * The home server's own page for something it may not know yet (Mastodon's `authorize_interaction`,
 * docs/home-server.md §6): it resolves `uri` (a post or profile address, or a `user@domain` handle), asks the
 * person to sign in when needed, and offers to follow, reply or boost. Used where Homeward has no working token.
 */
export function remoteInteractionUrl(host: string, uri: string): string {
  return `https://${host}/authorize_interaction?uri=${encodeURIComponent(uri)}`;
}
