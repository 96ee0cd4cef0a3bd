/**
 * Publishers spread over worker threads (--workers N > 1): each thread runs a LocalPublisherGroup
 * with its share of the publishers, so publishing is not limited to one event loop. Consumers stay
 * on the main thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BenchAbort } from '../broker/errors.js';
import type { FailureLatch } from '../broker/connection.js';
import { sumCounters, type PublisherFinal, type PublisherGroup, type PublisherGroupInit, type PublisherSnapshot } from './publisher-group.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/**
 * The bundled worker entry next to the bundled program (dist/bin/publisher-worker.mjs, scripts/bundle.mjs):
 * .mjs, as dist/bin's .js files are CommonJS. Absent when running from source: publishers stay on the main thread.
 */
const WORKER_URL = new URL('./publisher-worker.mjs', import.meta.url);

/** Time a worker may take to answer a control message (it answers in well under a second). */
const WORKER_REPLY_TIMEOUT_MS = 10_000;

export function workerScriptAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

interface Pending {
  resolve: (m: Extract<FromWorker, { type: 'reply' }>) => void;
  reject: (e: Error) => void;
}

class WorkerHandle {
  readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private opened: Pending | null = null;
  exited = false;

  constructor(
    private readonly latch: FailureLatch,
    private readonly index: number,
  ) {
    this.worker = new Worker(WORKER_URL);
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (err) => this.failAll(new BenchAbort(`publisher worker ${this.index} crashed: ${err.message}`)));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (this.pending.size > 0 || this.opened !== null || code !== 0) {
        this.failAll(new BenchAbort(`publisher worker ${this.index} exited unexpectedly (code ${code})`));
      }
    });
  }

  private failAll(err: Error): void {
    this.latch.fail(err);
    this.opened?.reject(err);
    this.opened = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'opened') {
      this.opened?.resolve({ type: 'reply', id: 0 });
      this.opened = null;
    } else if (m.type === 'failure') {
      this.failAll(new BenchAbort(m.message));
    } else {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m);
    }
  }

  open(init: PublisherGroupInit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.opened = { resolve: () => resolve(), reject };
      this.post({ type: 'open', init });
    });
  }

  post(m: ToWorker): void {
    if (!this.exited) this.worker.postMessage(m);
  }

  request(make: (id: number) => ToWorker): Promise<Extract<FromWorker, { type: 'reply' }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BenchAbort(`publisher worker ${this.index} did not answer within ${WORKER_REPLY_TIMEOUT_MS / 1000} s`));
      }, WORKER_REPLY_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.post(make(id));
    });
  }
}

export class WorkerPublisherGroup implements PublisherGroup {
  private readonly handles: WorkerHandle[] = [];

  constructor(
    private readonly init: PublisherGroupInit,
    private readonly threads: number,
    private readonly latch: FailureLatch,
  ) {}

  async open(): Promise<void> {
    if (!workerScriptAvailable()) {
      throw new BenchAbort(`--workers > 1 needs the compiled worker ${fileURLToPath(WORKER_URL)} (run npm run build)`);
    }
    const n = Math.min(this.threads, this.init.specs.length);
    for (let i = 0; i < n; i++) {
      // Round-robin: publisher k runs on thread k mod n.
      const specs = this.init.specs.filter((_, k) => k % n === i);
      this.handles.push(new WorkerHandle(this.latch, i));
      await this.handles[i]!.open({ ...this.init, specs });
    }
  }

  start(startMicros: number): void {
    for (const h of this.handles) h.post({ type: 'start', startMicros });
  }

  async beginWindow(startMicros: number): Promise<void> {
    await Promise.all(this.handles.map((h) => h.request((id) => ({ type: 'window', id, startMicros }))));
  }

  async snapshot(): Promise<PublisherSnapshot> {
    const replies = await Promise.all(this.handles.map((h) => h.request((id) => ({ type: 'snapshot', id }))));
    const snaps = replies.map((r) => r.snapshot!);
    return { ...sumCounters(snaps), finished: snaps.every((s) => s.finished), threadCpuSeconds: snaps.flatMap((s) => s.threadCpuSeconds) };
  }

  async stop(confirmTimeoutMs: number): Promise<PublisherFinal> {
    const replies = await Promise.all(this.handles.map((h) => h.request((id) => ({ type: 'stop', id, confirmTimeoutMs }))));
    const finals = replies.map((r) => r.final!);
    return {
      ...sumCounters(finals),
      sentByPublisher: finals.flatMap((f) => f.sentByPublisher),
      confirmLatency: finals.flatMap((f) => f.confirmLatency),
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.handles.map(async (h) => {
        if (h.exited) return;
        try {
          await h.request((id) => ({ type: 'close', id }));
        } catch {
          // fall through to terminate
        }
        if (!h.exited) await h.worker.terminate();
      }),
    );
    this.handles.length = 0;
  }
}
