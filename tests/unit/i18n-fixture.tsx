// A component as it must not be written: the catalogue test checks that its own check finds these two sentences,
// and lets the example address through.
export function Wrong() {
  return (
    <label>
      <input type="text" aria-label="Withdraw request?" placeholder="mastodon.social" />
      Follow on Mastodon
    </label>
  );
}
