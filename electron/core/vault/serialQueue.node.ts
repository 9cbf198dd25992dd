/**
 * Runs vault operations one at a time, so a lock cannot land in the middle of an
 * unlock or a passphrase change.
 */
export function createSerialQueue(): <T>(task: () => Promise<T> | T) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
