/**
 * Merges concurrent calls into one batched call, as a database's group commit
 * does: at most `inFlight` batches run at once, and every call that arrives
 * meanwhile waits for the next batch (up to `maxBatch` keys). Under light load
 * each call runs alone and at once; under heavy load a statement serves many.
 *
 * Written by hand: DataLoader batches per event-loop tick, which at a thousand
 * jobs a second over 200 concurrent jobs gives batches of one or two; here a
 * batch is whatever queued while the previous statements ran.
 */
export class GroupCommit<K, V> {
  private pending: Array<{ key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }> = [];
  private running = 0;

  constructor(
    /** Runs one batch; the result maps each key to its value (a key left out resolves to undefined). */
    private readonly runBatch: (keys: K[]) => Promise<Map<K, V>>,
    private readonly options: { inFlight?: number; maxBatch?: number } = {},
  ) {}

  /** The value of `key`, from the batch it lands in. A failed batch rejects every call in it. */
  call(key: K): Promise<V | undefined> {
    const promise = new Promise<V | undefined>((resolve, reject) => this.pending.push({ key, resolve, reject }));
    this.next();
    return promise;
  }

  private next(): void {
    if (this.running >= (this.options.inFlight ?? 2) || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.options.maxBatch ?? 500);
    this.running++;
    this.runBatch(batch.map((b) => b.key))
      .then(
        (values) => batch.forEach((b) => b.resolve(values.get(b.key))),
        (error: unknown) => batch.forEach((b) => b.reject(error)),
      )
      .finally(() => {
        this.running--;
        this.next();
      });
  }
}
