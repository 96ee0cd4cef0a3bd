/**
 * Entry point of a publisher worker thread: runs a LocalPublisherGroup on this thread's own
 * event loop, driven by messages from worker-publisher-group.ts.
 */
import { parentPort } from 'node:worker_threads';
import { describeBrokerError } from '../broker/errors.js';
import { FailureLatch } from '../broker/connection.js';
import { threadCpuSeconds } from './cpu.js';
import { LocalPublisherGroup } from './publisher-group.js';
import { parseBrokerUrl } from '../broker/amqp-url.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

if (parentPort === null) throw new Error('publisher-worker.js must run as a worker thread');
const port = parentPort;

const latch = new FailureLatch();
let group: LocalPublisherGroup | null = null;
const post = (m: FromWorker) => port.postMessage(m);

latch.promise.catch((err: Error) => post({ type: 'failure', message: err.message }));

port.on('message', (m: ToWorker) => {
  void handle(m).catch((err: unknown) => {
    const url = m.type === 'open' ? parseBrokerUrl(m.init.settings.url) : null;
    const message = url !== null ? describeBrokerError(err, url, 'connecting publishers') : String((err as Error)?.message ?? err);
    post({ type: 'failure', message });
  });
});

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'open':
      group = new LocalPublisherGroup(m.init, latch);
      try {
        await group.open();
      } catch (err) {
        await group.close();
        throw err;
      }
      post({ type: 'opened' });
      return;
    case 'start':
      group?.start(m.startMicros);
      return;
    case 'window':
      await group?.beginWindow(m.startMicros);
      post({ type: 'reply', id: m.id });
      return;
    case 'snapshot':
      if (group) post({ type: 'reply', id: m.id, snapshot: { ...(await group.snapshot()), threadCpuSeconds: [threadCpuSeconds()] } });
      return;
    case 'stop':
      if (group) post({ type: 'reply', id: m.id, final: await group.stop(m.confirmTimeoutMs) });
      return;
    case 'close':
      if (group) await group.close();
      post({ type: 'reply', id: m.id });
      port.close();
      return;
  }
}
