/**
 * A queue of asynchronous work: each piece starts once every earlier one has settled, and one that fails does not
 * stop the ones after it. For read-modify-write of one stored item or rule set, which must not interleave.
 */
export function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
