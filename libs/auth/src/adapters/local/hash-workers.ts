import { Worker } from 'node:worker_threads';

/** What a hash worker computes: argon2 `hash` or `verify`, with the arguments of `@node-rs/argon2`'s sync call. */
export type HashJob = { readonly op: 'hash'; readonly args: readonly [password: string, options: object] } | { readonly op: 'verify'; readonly args: readonly [hash: string, password: string] };

type Reply = { id: number; value?: unknown; error?: string };

/** No worker can compute the job: the pool is closed, or the worker holding it stopped. */
export class HashWorkersUnavailableError extends Error {
  override readonly name = 'HashWorkersUnavailableError';
}

// Runs in each worker thread: one job at a time, each with the library's synchronous call, so the
// thread goes from one job straight to the next it has been given.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const argon2 = require(workerData.argon2);
parentPort.on('message', ({ id, op, args }) => {
  try {
    const value = op === 'hash' ? argon2.hashSync(args[0], args[1]) : argon2.verifySync(args[0], args[1]);
    parentPort.postMessage({ id, value });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface HashWorker {
  readonly thread: Worker;
  readonly pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

/**
 * Up to `size` worker threads that compute argon2 hashes, so that `size` hashes run at once. Each
 * worker is handed its next job while it still computes the current one: a hash handed out from
 * the event loop only when the previous one has come back left a core idle for every hand-off
 * (7 % of two cores, measured with nothing else running), and longer while the loop was busy with
 * requests. The caller bounds how many jobs are out at once (`size × JOBS_PER_WORKER`). Workers
 * start on first use, keep the process alive only while they hold a job, and stop with `close()`.
 */
export class HashWorkers {
  static readonly JOBS_PER_WORKER = 2;

  private readonly workers: HashWorker[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly size: number) {}

  run(job: HashJob): Promise<unknown> {
    if (this.closed) return Promise.reject(new HashWorkersUnavailableError('The password hashing workers are closed.'));
    const worker = this.leastBusy();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (worker.pending.size === 0) worker.thread.ref();
      worker.pending.set(id, { resolve, reject });
      worker.thread.postMessage({ id, ...job });
    });
  }

  /** Worker threads running now (they start on demand, up to `size`). */
  get threads(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.splice(0).map((worker) => worker.thread.terminate()));
  }

  // A new worker while fewer than `size` exist and every one is busy; otherwise the least loaded.
  private leastBusy(): HashWorker {
    const idle = this.workers.find((worker) => worker.pending.size === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) return this.spawn();
    return this.workers.reduce((least, worker) => (worker.pending.size < least.pending.size ? worker : least));
  }

  private spawn(): HashWorker {
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { argon2: require.resolve('@node-rs/argon2') } });
    const worker: HashWorker = { thread, pending: new Map() };
    thread.unref();
    thread.on('message', (reply: Reply) => this.settle(worker, reply));
    // A worker that dies fails its jobs rather than leaving their sign-ins waiting; the next job
    // starts a new one.
    const fail = (error: Error) => this.discard(worker, error instanceof HashWorkersUnavailableError ? error : new HashWorkersUnavailableError('A password hashing worker failed.', { cause: error }));
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new HashWorkersUnavailableError(`A password hashing worker exited (code ${code}).`)));
    this.workers.push(worker);
    return worker;
  }

  private settle(worker: HashWorker, { id, value, error }: Reply): void {
    const job = worker.pending.get(id);
    if (!job) return;
    worker.pending.delete(id);
    if (worker.pending.size === 0) worker.thread.unref();
    if (error === undefined) job.resolve(value);
    else job.reject(new Error(error));
  }

  private discard(worker: HashWorker, error: Error): void {
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    for (const job of worker.pending.values()) job.reject(error);
    worker.pending.clear();
  }
}
