/**
 * Network (docs/model.md "Per-node demand"): bytes per second through a node's interface, the
 * larger direction (interfaces are full duplex), × networkOverheadFactor for framing.
 *
 * The production checklist's estimate is rate × size × 110% for a single copy
 * (https://www.rabbitmq.com/docs/production-checklist, "Minimum Available Network Throughput
 * Estimate"); replication and forwarding between nodes multiply it ("If you use quorum or
 * mirrored queues, it will be even lower": https://www.rabbitmq.com/blog/2020/06/18/cluster-sizing-and-other-considerations).
 *
 * With N nodes up and clients spread evenly, a publish lands on the queue leader's node with
 * probability 1/N; otherwise it is forwarded there. Likewise a delivery goes to a consumer
 * connected to another node with probability (N−1)/N.
 */
import { BITS_PER_BYTE, BITS_PER_GBIT } from './constants.js';

/** Per-node traffic components, bytes/s of message bodies (before framing overhead). */
export interface NodeTrafficBytes {
  /** Publishes from clients connected to this node. */
  clientPublishIn: number;
  /** Deliveries to consumers connected to this node. */
  clientDeliverOut: number;
  /** Copies this node's followers receive from leaders elsewhere. */
  replicationIn: number;
  /** Copies this node's leaders send to their followers. */
  replicationOut: number;
  /** Publishes from other nodes' clients for queues led here. */
  forwardedPublishIn: number;
  /** Publishes from this node's clients for queues led elsewhere. */
  forwardedPublishOut: number;
  /** Deliveries from leaders elsewhere to consumers connected here. */
  forwardedDeliverIn: number;
  /** Deliveries from this node's leaders to consumers connected elsewhere. */
  forwardedDeliverOut: number;
}

export function ingressBytes(t: NodeTrafficBytes): number {
  return t.clientPublishIn + t.replicationIn + t.forwardedPublishIn + t.forwardedDeliverIn;
}

export function egressBytes(t: NodeTrafficBytes): number {
  return t.clientDeliverOut + t.replicationOut + t.forwardedPublishOut + t.forwardedDeliverOut;
}

/** Bytes on the wire in the busier direction: max(ingress, egress) × overhead. */
export function networkDemandBytesPerSec(t: NodeTrafficBytes, overheadFactor: number): number {
  return Math.max(ingressBytes(t), egressBytes(t)) * overheadFactor;
}

/** Interface capacity, bytes/s, from the baseline Gbps. */
export function networkCapacityBytesPerSec(networkGbps: number): number {
  return (networkGbps * BITS_PER_GBIT) / BITS_PER_BYTE;
}
