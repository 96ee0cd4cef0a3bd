/**
 * The bench header every message body starts with, so that consumers can detect lost,
 * duplicated and reordered messages and measure end-to-end latency without AMQP header
 * tables (which cost an encode/decode per message on both sides).
 *
 * Layout (little endian, 24 bytes):
 *   0  uint32   magic 'RMQB'
 *   4  uint32   publisher id (0..publishers-1 within the step)
 *   8  float64  sequence number (0, 1, 2 … per publisher; exact up to 2^53)
 *   16 float64  send time, µs on the process-wide monotonic clock (nowMicros)
 */
import { MIN_MESSAGE_SIZE_BYTES } from './types.js';

const MAGIC = 0x42514d52; // 'RMQB' read as little-endian uint32
export const HEADER_BYTES = MIN_MESSAGE_SIZE_BYTES;

/**
 * Microseconds on the monotonic clock shared by all threads of this process
 * (process.hrtime uses CLOCK_MONOTONIC via uv_hrtime; performance.now() would not do: each
 * worker thread has its own time origin).
 */
export function nowMicros(): number {
  return Number(process.hrtime.bigint()) / 1000;
}

/** A reusable body of `sizeBytes`: amqplib copies the content into its frames, so one buffer per publisher suffices. */
export function makeBody(sizeBytes: number): Buffer {
  const body = Buffer.alloc(Math.max(sizeBytes, HEADER_BYTES), 0x61); // 'a' filler
  body.writeUInt32LE(MAGIC, 0);
  return body;
}

export function stampBody(body: Buffer, publisherId: number, seq: number, sendMicros: number): void {
  body.writeUInt32LE(publisherId, 4);
  body.writeDoubleLE(seq, 8);
  body.writeDoubleLE(sendMicros, 16);
}

export interface BenchHeader {
  publisherId: number;
  seq: number;
  sendMicros: number;
}

/** Decode the header, or null when the body is not a bench message. */
export function readHeader(body: Buffer): BenchHeader | null {
  if (body.length < HEADER_BYTES || body.readUInt32LE(0) !== MAGIC) return null;
  return { publisherId: body.readUInt32LE(4), seq: body.readDoubleLE(8), sendMicros: body.readDoubleLE(16) };
}
