/**
 * Smoke test against the real single-node broker (scripts/broker/start.sh single, which
 * `npm test` starts): quorum queue round trip with publisher confirms, and the management API.
 */
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerUrl, deleteQueuesByPrefix, listQueues, mgmtGet, requireBroker, uniquePrefix } from './support/broker.js';

const prefix = uniquePrefix('smoke');
const COUNT = 100;

describe('real broker smoke test (single node)', () => {
  let conn: ChannelModel | undefined;

  beforeAll(async () => {
    await requireBroker();
    conn = await amqp.connect(brokerUrl());
  });

  afterAll(async () => {
    if (!conn) return; // beforeAll failed: its error is the one to read
    try {
      await conn.close();
    } finally {
      await deleteQueuesByPrefix(prefix);
    }
  });

  it('round-trips 100 confirmed messages through a quorum queue in order', async () => {
    if (!conn) throw new Error('no connection');
    const queue = `${prefix}qq`;
    const pub: ConfirmChannel = await conn.createConfirmChannel();
    const ok = await pub.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    expect(ok.queue).toBe(queue);

    const listed = await listQueues(prefix);
    expect(listed.map((q) => q.name)).toContain(queue);
    expect(listed.find((q) => q.name === queue)?.type).toBe('quorum');

    // COUNT data messages, then one fence message (see below).
    for (let i = 0; i < COUNT; i++) {
      pub.sendToQueue(queue, Buffer.from(JSON.stringify({ seq: i })), { persistent: true, messageId: String(i) });
    }
    pub.sendToQueue(queue, Buffer.from(JSON.stringify({ fence: true })), { persistent: true });
    await pub.waitForConfirms();

    const depth = await pub.checkQueue(queue);
    expect(depth.messageCount).toBe(COUNT + 1);

    // Prefetch 1: the quorum queue delivers message k+1 only once the ack of message k has been
    // applied through its Raft log, so receiving the fence proves all COUNT acks took effect.
    // (Acks still in flight when a channel closes can be dropped by RabbitMQ 3.10 quorum queues
    // and their messages requeued: never close right after acking and expect an empty queue.)
    const sub: Channel = await conn.createChannel();
    await sub.prefetch(1);
    const received: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out: received ${received.length}/${COUNT} messages`)), 20_000);
      sub
        .consume(queue, (msg: ConsumeMessage | null) => {
          if (!msg) return reject(new Error('consumer cancelled by broker'));
          const body = JSON.parse(msg.content.toString()) as { seq?: number; fence?: boolean };
          if (body.fence) {
            clearTimeout(timer);
            resolve(); // left unacked on purpose
            return;
          }
          received.push(body.seq ?? -1);
          sub.ack(msg);
        })
        .catch(reject);
    });

    expect(received).toHaveLength(COUNT);
    expect(received).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    // Everything is checked out or settled: nothing is ready.
    expect((await pub.checkQueue(queue)).messageCount).toBe(0);

    await sub.close();
    await pub.deleteQueue(queue);
    await pub.close();

    expect((await listQueues(prefix)).map((q) => q.name)).not.toContain(queue);
  });

  it('management API reports the RabbitMQ and Erlang versions', async () => {
    const overview = await mgmtGet<{ rabbitmq_version?: string; erlang_version?: string; node?: string }>('/api/overview');
    expect(overview.rabbitmq_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(overview.erlang_version).toMatch(/^\d+/);
    expect(overview.node).toMatch(/@/);
  });
});
