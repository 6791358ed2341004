/**
 * Instagram's rule, which Threads shares because a Threads account is an Instagram account (docs/sites.md):
 * at most 30 letters, digits, `.` and `_`. A run of dots alone is not a name (and `.`/`..` are path segments).
 */
const USERNAME = /^[A-Za-z0-9._]{1,30}$/;

export function isUsername(value: string): boolean {
  return USERNAME.test(value) && /[^.]/.test(value);
}

/**
 * Whether `text` names `username` as a whole word (case-insensitive): "ada.example's profile picture",
 * "ada.exampleのプロフィール写真", but not "ada.example2's…" when looking for "ada.example". The alt text is
 * translated, the username in it is not.
 */
export function namesUser(text: string, username: string): boolean {
  const haystack = text.toLowerCase();
  const needle = username.toLowerCase();
  const isNameChar = (c: string | undefined) => c !== undefined && /[a-z0-9._]/.test(c);
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (!isNameChar(haystack[at - 1]) && !isNameChar(haystack[at + needle.length])) return true;
  }
  return false;
}
