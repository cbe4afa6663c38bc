/**
 * Runs tasks with the same key one after another, in the order they were submitted; different keys run
 * concurrently. The pool would otherwise let a person's second click overtake their first on another
 * connection, and "the last vote wins" must mean the last one cast.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
