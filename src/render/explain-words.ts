/**
 * The words of the --explain arithmetic (the model returns it as a Derivation): one line per
 * step, with the numbers in the sentence-and-arithmetic format so that each line adds up as
 * printed (docs/model.md names each formula).
 */
import { binaryBytes, dollars, fixed, mbps, ms, sig, wholePct } from '../format/numbers.js';
import { LIMIT_TOLERANCE } from '../model/index.js';
import type { Coordination, CpuTerm, Derivation, FlooredAt, Verdict } from '../model/types.js';

function sum(terms: readonly string[]): string {
  return terms.length === 0 ? '0' : terms.join(' + ');
}

function verdictLine(v: Verdict, unitLabel: (value: number) => string): string {
  return `${unitLabel(v.demand)} / ${unitLabel(v.capacity)} = ${wholePct(v.utilization)} ${v.utilization <= v.limit + LIMIT_TOLERANCE ? '≤' : '>'} ${wholePct(v.limit)}`;
}

function floorNote(f: FlooredAt): string {
  return `after the failure the busiest survivor computes lower; the healthy busiest node's figure (node ${f.node}) is kept: a failure never lowers the sizing figure`;
}

/** The lines with the floor note (when the figure was held at the healthy one) inserted at `at`. */
function withFloor(lines: string[], floored: FlooredAt | null, at = 1, note = floorNote): string[] {
  if (floored !== null) lines.splice(at, 0, note(floored));
  return lines;
}

/** " × (1 + σ × (N − 1))" when the queue type has a coordination cost, else "". */
function coordinationText(g: Coordination | null): string {
  return g === null ? '' : ` × (1 + ${sig(g.sigma)} × ${g.extraNodes})`;
}

function cpuTermText(t: CpuTerm): string {
  switch (t.kind) {
    case 'publish':
      return `publish ${t.workload} ${fixed(t.msgPerSec)} msg/s × ${sig(t.micros)} µs / ${t.nodesUp} nodes${coordinationText(t.coordination)}`;
    case 'leaders':
    case 'followers':
      return `${t.kind} ${t.count} × ${fixed(t.perQueueMsgPerSec)} msg/s × ${sig(t.micros)} µs${coordinationText(t.coordination)}`;
    case 'churn':
      return `churn ${fixed(t.connectionsPerSec)} conn/s × ${sig(t.micros)} µs / ${t.nodesUp} nodes`;
  }
}

/** The arithmetic of a derivation, line by line. */
export function derivationLines(d: Derivation): string[] {
  switch (d.kind) {
    case 'cpu':
      return withFloor(
        [
          `CPU on node ${d.node} = ${sum(d.terms.map(cpuTermText))} = ${sig(d.cores)} cores`,
          `capacity = ${d.vcpus} vCPU × ${d.usableFraction.toFixed(2)} usable = ${sig(d.capacityCores)} cores`,
          verdictLine(d.verdict, (v) => `${sig(v)} cores`),
        ],
        d.floored,
      );
    case 'quorumWal':
      return withFloor(
        [
          `quorum copies through the WAL of node ${d.node} = ${sum(d.terms.map((t) => `${t.workload} ${t.replicas} replicas × ${fixed(t.perQueueMsgPerSec)} msg/s${coordinationText(t.coordination)}`))} = ${fixed(d.copiesPerSec)} copies/s`,
          `capacity = 10^6 / (${sig(d.microsPerCopy)} µs + ${d.disk} fsync ${sig(d.fsyncMs)} ms × ${sig(d.microsPerCopyPerFsyncMs)} µs/ms) = ${fixed(d.capacityCopiesPerSec)} copies/s (one WAL process per node)`,
          verdictLine(d.verdict, (v) => `${fixed(v)} copies/s`),
        ],
        d.floored,
      );
    case 'queueCeiling':
      return [
        `per-queue rate of ${d.workload} = ${fixed(d.publishMsgPerSec)} msg/s ÷ ${d.queuesPerGroup} queue${d.queuesPerGroup === 1 ? '' : 's'} per group = ${fixed(d.perQueueMsgPerSec)} msg/s`,
        `ceiling = 10^6 / (${sig(d.serviceMicros)} µs + ${fixed(d.sizeBytes)} B × ${sig(d.nanosPerByte)} ns/B / 1000) = ${fixed(d.ceilingMsgPerSec)} msg/s (one queue is one Erlang process)`,
        verdictLine(d.verdict, (v) => `${fixed(v)} msg/s`),
      ];
    case 'diskBandwidth':
      return withFloor(
        [
          `disk writes on node ${d.node} = ${sum(d.terms.map((t) => `${t.workload} ${t.replicas} replicas × ${fixed(t.perQueueMsgPerSec)} msg/s × ${fixed(t.sizeBytes)} B × ${sig(t.writesPerMessage)} writes`))} = ${mbps(d.writeBytesPerSec)}`,
          `capacity = min(instance ${mbps(d.instanceBytesPerSec)}, ${d.disk} volume ${sig(d.volumeMBps)} MB/s) = ${mbps(d.capacityBytesPerSec)}`,
          verdictLine(d.verdict, mbps),
        ],
        d.floored,
      );
    case 'diskIops': {
      const terms = [`writes ${mbps(d.writeBytesPerSec)} ÷ ${binaryBytes(d.ioSizeBytes)} = ${fixed(d.writeBytesPerSec / d.ioSizeBytes)}`];
      if (d.walCopiesPerSec > 0) terms.push(`WAL fsyncs min(${fixed(d.walCopiesPerSec)} copies/s, 1000 / ${sig(d.fsyncMs)} ms) = ${fixed(d.walFsyncsPerSec)}`);
      if (d.messageStoreCopiesPerSec > 0) {
        terms.push(
          `message-store fsyncs min(${fixed(d.messageStoreCopiesPerSec)} copies/s, 1000 / ${sig(d.fsyncMs)} ms) = ${fixed(d.messageStoreFsyncsPerSec)}`,
        );
      }
      return withFloor(
        [
          `IOPS on node ${d.node} = ${sum(terms)} = ${fixed(d.iops)}`,
          `capacity = min(instance ${fixed(d.instanceIops)}, ${d.disk} volume ${fixed(d.volumeIops)}) = ${fixed(d.capacityIops)} IOPS`,
          verdictLine(d.verdict, (v) => fixed(v)),
        ],
        d.floored,
        1,
        (f) => `the healthy busiest node's figure (node ${f.node}) is kept: a failure never lowers the sizing figure`,
      );
    }
    case 'diskCapacity': {
      const terms = d.backlogs.map((b) => `backlog ${b.workload} ${b.replicas} replicas × ${fixed(b.messagesPerQueue)} msgs × ${fixed(b.sizeBytes)} B`);
      if (d.walBytes > 0) terms.push(`quorum WAL ${binaryBytes(d.walBytes)}`);
      const w = d.freeDiskFromWatermark;
      terms.push(
        w === null
          ? `free-disk limit ${binaryBytes(d.freeDiskLimitBytes)}`
          : `free-disk limit ${binaryBytes(d.freeDiskLimitBytes)} (${sig(w.memoryGiB)} GiB × ${w.watermark} watermark)`,
      );
      return withFloor(
        [
          `disk space on node ${d.node} = ${sum(terms)} = ${binaryBytes(d.bytes)}`,
          `capacity = ${d.disk} volume ${fixed(d.volumeGiB)} GiB = ${binaryBytes(d.capacityBytes)}`,
          verdictLine(d.verdict, binaryBytes),
        ],
        d.floored,
      );
    }
    case 'network': {
      const i = d.ingress;
      const e = d.egress;
      return withFloor(
        [
          `ingress on node ${d.node} = client publishes ${mbps(i.clientPublish)} + replication in ${mbps(i.replication)} + forwarded publishes ${mbps(i.forwardedPublish)} + forwarded deliveries ${mbps(i.forwardedDeliver)}`,
          `egress on node ${d.node} = client deliveries ${mbps(e.clientDeliver)} + replication out ${mbps(e.replication)} + forwarded publishes ${mbps(e.forwardedPublish)} + forwarded deliveries ${mbps(e.forwardedDeliver)}`,
          `network = max(ingress, egress) × ${sig(d.overheadFactor)} framing = ${mbps(d.bytesPerSec)}`,
          `capacity = ${sig(d.gbps)} Gbps baseline = ${mbps(d.capacityBytesPerSec)}`,
          verdictLine(d.verdict, mbps),
        ],
        d.floored,
        3,
      );
    }
    case 'memory': {
      const terms = [`baseline ${binaryBytes(d.baselineBytes)}`];
      for (const q of d.queues) {
        terms.push(`${q.workload} ${q.replicas} replicas × ${binaryBytes(q.bytesPerQueue)}`);
        if (q.backlog !== null)
          terms.push(`${q.workload} backlog ${q.replicas} × ${fixed(q.backlog.messagesPerQueue)} msgs × ${fixed(q.backlog.bytesPerMessage)} B`);
      }
      if (d.wal !== null) terms.push(`quorum WAL ${binaryBytes(d.wal.maxBytes)} × ${sig(d.wal.multiple)}`);
      terms.push(`connections ${fixed(d.connections)} (${binaryBytes(d.connectionBytes)} in all) / ${d.nodesUp} nodes`);
      return withFloor(
        [
          `memory on node ${d.node} = ${sum(terms)} = ${binaryBytes(d.bytes)}`,
          `capacity = ${sig(d.memoryGiB)} GiB × ${d.watermark} high watermark = ${binaryBytes(d.capacityBytes)}`,
          verdictLine(d.verdict, binaryBytes),
        ],
        d.floored,
      );
    }
    case 'fileDescriptors':
      return [
        `file descriptors on node ${d.node} = ${d.perConnection} × ⌈${fixed(d.connections)} connections / ${d.nodesUp} nodes⌉ + ${fixed(d.queueReplicas)} queue replicas = ${fixed(d.descriptors)}`,
        `limit = fileDescriptorLimit ${fixed(d.limit)}`,
        verdictLine(d.verdict, (v) => fixed(v)),
      ];
    case 'latency': {
      const terms = [`client round trip ${ms(d.rttMs)}`];
      if (d.fsyncMs !== null) terms.push(`fsync ${ms(d.fsyncMs)}`);
      if (d.wal !== null) terms.push(`WAL cycle at ${wholePct(d.wal.utilization)} ${ms(d.wal.waitMs)}`);
      if (d.replicationRttMs !== null) terms.push(`replication round trip ${ms(d.replicationRttMs)}`);
      if (d.measuredTailMs !== null) terms.push(`measured tail ${ms(d.measuredTailMs)}`);
      terms.push(
        d.queueWaitVariability === 1
          ? `queue wait ${ms(d.queueWaitMs)}`
          : `queue wait ${ms(d.queueWaitMs)} (M/M/1 × measured variability ${d.queueWaitVariability})`,
      );
      terms.push(`CPU wait at ${wholePct(d.cpu.utilization)} ${ms(d.cpu.waitMs)}`);
      if (d.consumerMs !== null) terms.push(`consumer ${ms(d.consumerMs)}`);
      return [
        `p99 of ${d.workload} = ${sum(terms)} = ${ms(d.p99Ms)} (WAL cycle: fsync × ρ / (1 − ρ); queue wait M/M/1: ln(100ρ) / (μ(1−ρ)); CPU wait M/M/c over ${d.cpu.servers} cores: ln(100·C) / (cμ(1−ρ)))`,
        `target ${ms(d.targetMs)}`,
        verdictLine(d.verdict, ms),
      ];
    }
    case 'budget':
      return [
        `instances = ${d.nodes} × ${d.instanceType} $${d.pricePerHourUsd}/h × ${d.hoursPerMonth} h = ${dollars(d.instancesUsd)}`,
        `disks = ${d.nodes} × ${d.disk} ${fixed(d.volumeGiB)} GiB, ${fixed(d.volumeIops)} IOPS, ${sig(d.volumeMBps)} MB/s at ${dollars(d.volumeUsd)} = ${dollars(d.disksUsd)}`,
        `total ${dollars(d.totalUsd)}/month ${d.withinBudget ? '≤' : '>'} budget ${dollars(d.budgetUsd ?? Infinity)}/month`,
      ];
  }
}
