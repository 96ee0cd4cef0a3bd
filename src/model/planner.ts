/**
 * The planner (docs/model.md "Search"): enumerate node counts × replication factors × shard
 * policies × disk options × instance types, keep the cheapest candidate that meets every
 * target (ties: odd node count, then lower utilisation ÷ limit), check the budget, and explain
 * the runners-up and, when nothing fits, why and what would.
 *
 * Speed: layouts (queues, placement, per-node loads in every scenario) depend only on the node
 * count, replication factor and shard policy, so they are built once and shared by every disk
 * option and instance type; the inner loop is evaluateNumbers (kernel.ts) on flat numbers, and
 * the best candidate per (instance type, node count) is kept in typed arrays. Rich plans are
 * built only for the winner and the alternatives.
 */
import type { DiskOption } from '../catalog/schema.js';
import { COST_COMPARISON_CENTS } from './constants.js';
import { buildContext, buildInstanceModel, type InstanceModel, type ModelContext } from './context.js';
import { attributeWorkloads } from './attribution.js';
import { buildPlan, candidateNumbers, type CandidateParts } from './evaluate.js';
import { allowedDiskOptions, allowedInstanceTypes } from './hardware.js';
import { planSuggestions, requestInfeasibility } from './infeasibility.js';
import {
  CandidateNumbers,
  evaluateNumbers,
  failsOnInstanceAlone,
  failsOnMeanDemand,
  latencyFloorRatio,
  meanDemandRatio,
  prepareDisk,
  prepareLayout,
  type PreparedDisk,
  type PreparedLayout,
} from './kernel.js';
import { buildLayout, type Layout } from './layout.js';
import { healthyMeanDemand } from './node-demand.js';
import { failuresSurvived, minNodesFor, replicationFactorsFor } from './replication.js';
import { layoutImpossibility } from './scenarios.js';
import { SHARD_POLICIES, type ShardPolicy } from './shards.js';
import type {
  Alternative,
  EvaluatedPlan,
  EvenNodeCountChoice,
  PlanRequest,
  Shortfall,
  PlanWithout,
  SizeResult,
  SizingBasis,
  WhyNot,
  WorkloadAttribution,
} from './types.js';
import { walCapacityCopiesPerSec } from './wal.js';
import { planWarnings, requestWarnings } from './warnings.js';

/** Runners-up reported: the next cheapest plans that meet every target... */
const MAX_FEASIBLE_ALTERNATIVES = 3;
/** ...and at most this many instructive misses (one node fewer, the next smaller type). */
const MAX_INFEASIBLE_ALTERNATIVES = 2;
/** Alternatives reported when nothing is feasible (the next closest candidates). */
const MAX_CLOSEST_ALTERNATIVES = 3;
/**
 * When nothing is feasible, the candidates that miss by at most 5% more than the smallest miss
 * count as equally close and the cheapest of them is shown: a latency target below the commit
 * floor is missed by about the same margin on every cluster, and the most expensive cluster that
 * shaves 0.01 ms off it is no help.
 */
const CLOSE_ENOUGH_FACTOR = 1.05;

/** One candidate, as the search records it. */
export interface CandidateRef {
  instance: number;
  nodes: number;
  replicationFactor: number;
  policy: ShardPolicy;
  disk: number;
  costUsd: number;
  ratio: number;
}

/** Candidate a beats b: cheaper (to the cent), then an odd node count, then lower utilisation ÷ limit. */
export function beats(costA: number, nodesA: number, ratioA: number, costB: number, nodesB: number, ratioB: number): boolean {
  const ca = Math.round(costA * COST_COMPARISON_CENTS);
  const cb = Math.round(costB * COST_COMPARISON_CENTS);
  if (ca !== cb) return ca < cb;
  const oddA = nodesA % 2;
  const oddB = nodesB % 2;
  if (oddA !== oddB) return oddA > oddB;
  return ratioA < ratioB;
}

/** A missing candidate the search keeps. */
interface Miss {
  ratio: number;
  costUsd: number;
  rf: number;
  policy: number;
  disk: number;
}

/**
 * The search's memory: per (instance type, node count), the best candidate that meets the
 * targets and, of those that do not, every one no other beats on both miss and cost (a Pareto
 * front of utilisation ÷ limit against cost). When nothing meets the targets anywhere, the
 * closest candidates are then chosen from the fronts — per key the cheapest within a little of
 * the smallest miss — without a second search (which rebuilt every layout again).
 */
class KeyTable {
  readonly size: number;
  readonly okCost: Float64Array;
  readonly okRatio: Float64Array;
  readonly okRf: Int8Array;
  readonly okPolicy: Int8Array;
  readonly okDisk: Int32Array;
  /** Per key: the non-dominated misses in the order they were found (null: none yet). */
  readonly misses: (Miss[] | null)[];

  /**
   * Misses at or below this utilisation ÷ limit are "close enough": among them the cheaper
   * is chosen. −∞: the smallest miss is chosen.
   */
  closeWithin = -Infinity;

  /** The smallest miss ever recorded (nearMissesOf's reset of a key aside). */
  smallestMissSoFar = Infinity;

  constructor(
    readonly instances: number,
    readonly maxNodes: number,
  ) {
    this.size = instances * (maxNodes + 1);
    this.okCost = new Float64Array(this.size).fill(Infinity);
    this.okRatio = new Float64Array(this.size).fill(Infinity);
    this.okRf = new Int8Array(this.size);
    this.okPolicy = new Int8Array(this.size);
    this.okDisk = new Int32Array(this.size).fill(-1);
    this.misses = new Array<Miss[] | null>(this.size).fill(null);
    this.ruledOut = new Uint8Array(this.size);
  }

  /** Per key: 1 when some candidate of it was ruled out unevaluated, on its instance type or mean demand alone (its near misses are incomplete). */
  readonly ruledOut: Uint8Array;

  key(instance: number, nodes: number): number {
    return instance * (this.maxNodes + 1) + nodes;
  }

  /** Records a candidate; true when it became its key's best candidate meeting the targets. */
  record(key: number, nodes: number, n: CandidateNumbers, rf: number, policy: number, disk: number): boolean {
    if (n.targetsMet) {
      if (this.okDisk[key]! < 0 || beats(n.totalUsd, nodes, n.maxRatio, this.okCost[key]!, nodes, this.okRatio[key]!)) {
        this.okCost[key] = n.totalUsd;
        this.okRatio[key] = n.maxRatio;
        this.okRf[key] = rf;
        this.okPolicy[key] = policy;
        this.okDisk[key] = disk;
        return true;
      }
      return false;
    }
    const ratio = n.maxRatio;
    const costUsd = n.totalUsd;
    if (ratio < this.smallestMissSoFar) this.smallestMissSoFar = ratio;
    const front = this.misses[key];
    if (!front) {
      this.misses[key] = [{ ratio, costUsd, rf, policy, disk }];
      return false;
    }
    // An equal earlier miss is kept (the first found wins ties, as a sequential choice would).
    if (front.some((m) => m.ratio <= ratio && m.costUsd <= costUsd)) return false;
    const kept = front.filter((m) => !(ratio <= m.ratio && costUsd <= m.costUsd));
    kept.push({ ratio, costUsd, rf, policy, disk });
    this.misses[key] = kept;
    return false;
  }

  /** Missing candidate a is closer than b: within closeWithin, cheaper; otherwise a smaller miss. */
  closer(ratioA: number, costA: number, ratioB: number, costB: number): boolean {
    const inA = ratioA <= this.closeWithin;
    const inB = ratioB <= this.closeWithin;
    if (inA !== inB) return inA;
    if (inA) return costA < costB || (costA === costB && ratioA < ratioB);
    return ratioA < ratioB || (ratioA === ratioB && costA < costB);
  }

  /** The smallest miss recorded for the key (∞: none). */
  smallestMissOf(key: number): number {
    let m = Infinity;
    for (const miss of this.misses[key] ?? []) m = Math.min(m, miss.ratio);
    return m;
  }

  /** The smallest miss recorded. */
  smallestMiss(): number {
    let m = Infinity;
    for (let k = 0; k < this.size; k++) m = Math.min(m, this.smallestMissOf(k));
    return m;
  }

  /** The key's closest miss under closeWithin (the first found of equals). */
  private closestMiss(key: number): Miss | null {
    const front = this.misses[key];
    if (!front) return null;
    let best = front[0]!;
    for (const m of front) if (this.closer(m.ratio, m.costUsd, best.ratio, best.costUsd)) best = m;
    return best;
  }

  ref(key: number, ok: boolean): CandidateRef | null {
    const instance = Math.floor(key / (this.maxNodes + 1));
    const nodes = key % (this.maxNodes + 1);
    if (ok) {
      const disk = this.okDisk[key]!;
      if (disk < 0) return null;
      const policy = SHARD_POLICIES[this.okPolicy[key]!]!;
      return { instance, nodes, replicationFactor: this.okRf[key]!, policy, disk, costUsd: this.okCost[key]!, ratio: this.okRatio[key]! };
    }
    const m = this.closestMiss(key);
    if (!m) return null;
    return { instance, nodes, replicationFactor: m.rf, policy: SHARD_POLICIES[m.policy]!, disk: m.disk, costUsd: m.costUsd, ratio: m.ratio };
  }
}

interface SearchSpace {
  ctx: ModelContext;
  instances: InstanceModel[];
  disks: DiskOption[];
  /** Per disk index: the indexes of instances of the same provider. */
  instancesForDisk: number[][];
  nodeCounts: number[];
  /** The spread shard policy is tried too: some workload's queue count is auto (layoutsOn). */
  spreadPolicy: boolean;
  /** Quorum copies/s one node's WAL takes on the fastest disk searched (failsOnMeanDemand). */
  bestWalCapacityCopiesPerSec: number;
}

function searchSpace(request: PlanRequest): SearchSpace {
  const ctx = buildContext(request);
  const types = allowedInstanceTypes(ctx.file, request.instanceTypes);
  const disks = allowedDiskOptions(ctx.file, request.diskOptions).filter((d) => types.some((t) => t.provider === d.provider));
  const instances = types.map((t) => buildInstanceModel(ctx, t));
  const instancesForDisk = disks.map((d) => instances.flatMap((m, i) => (m.type.provider === d.provider ? [i] : [])));
  const c = ctx.file.cluster.constraints;
  const lo = Math.max(c.minNodes, minNodesFor(ctx.nodeFailuresToTolerate, ctx.surviveZoneLoss));
  const nodeCounts: number[] = [];
  for (let n = lo; n <= c.maxNodes; n++) nodeCounts.push(n);
  const spreadPolicy = ctx.workloads.some((w) => w.queuesSpec === 'auto');
  // No disk, no candidate: ∞ rules nothing out.
  const bestWalCapacityCopiesPerSec = disks.length > 0 ? Math.max(...disks.map((d) => walCapacityCopiesPerSec(ctx.node, d.writeLatencyMs))) : Infinity;
  return { ctx, instances, disks, instancesForDisk, nodeCounts, spreadPolicy, bestWalCapacityCopiesPerSec };
}

/** Replication factors tried on `nodes` nodes ([1] when no queue is replicated: the factor is moot). */
function replicationFactors(ctx: ModelContext, nodes: number): number[] {
  if (!ctx.hasReplicated) return [1];
  return replicationFactorsFor(nodes, ctx.nodeFailuresToTolerate, ctx.surviveZoneLoss);
}

/**
 * Prepared layouts kept at once, counted in workloads (layouts × workloads per layout). A prepared
 * layout holds per-workload, per-node arrays: keeping every (nodes, replication factor, policy) of
 * a 5,000-workload file held ~0.5 GB. The search visits them in order and needs each only while on
 * it; the few rebuilt afterwards (the winner and the alternatives) are cheap to prepare again at
 * that size. Eight kept ~26 MB alive at 5,000 workloads, which V8 then let the heap grow in
 * proportion to: two took `size` from ~230 to ~200 MB peak (docs/measurements/scale.md). A small
 * file keeps as many layouts in the same memory, and its near misses and alternatives, which
 * revisit layouts of the search, are then not built twice.
 */
const MAX_CACHED_LAYOUT_WORKLOADS = 2 * 5_000;
/** Layouts kept whatever the file's size: the search's current one and the one before. */
const MIN_CACHED_LAYOUTS = 2;

/** Builds and caches prepared layouts by (nodes, replication factor, policy), least recently used out first. */
class LayoutCache {
  private readonly cache = new Map<string, PreparedLayout>();
  private readonly capacity: number;
  constructor(private readonly ctx: ModelContext) {
    this.capacity = Math.max(MIN_CACHED_LAYOUTS, Math.floor(MAX_CACHED_LAYOUT_WORKLOADS / Math.max(1, ctx.workloads.length)));
  }
  get(nodes: number, rf: number, policy: ShardPolicy): PreparedLayout {
    const key = `${nodes}/${rf}/${policy}`;
    let p = this.cache.get(key);
    if (p) {
      this.cache.delete(key);
    } else {
      p = prepareLayout(this.ctx, buildLayout(this.ctx, nodes, rf, policy));
      if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, p);
    return p;
  }
  /** The layout alone, without its scenarios: a prepared one when kept, else built afresh (cheap: no per-node demand). */
  layout(nodes: number, rf: number, policy: ShardPolicy): Layout {
    return this.cache.get(`${nodes}/${rf}/${policy}`)?.layout ?? buildLayout(this.ctx, nodes, rf, policy);
  }
}

/**
 * The search's budget, in workload evaluations (candidates × workloads): 100 million, ~15 s on
 * the project's 2-core machine (`npm run bench:scale`: 5,000 workloads × 5,640 candidates in
 * ~4 s). Node counts are searched from the fewest up, so a search that stops early has tried the
 * smaller clusters and says which node counts it left out. Only huge catalogs or workload files
 * reach it.
 */
const MAX_SEARCH_WORK = 100_000_000;

interface SearchBudget {
  remaining: number;
  /** The node count being searched when the budget ran out, or null. */
  stoppedAtNodes: number | null;
}

/**
 * Keys (instance type × node count) shown from the feasible ones: the winner and its runners-up.
 * A candidate whose instances alone cost more than the last of them, and than the cheapest odd
 * node count, can neither win nor be shown (costs only grow with the disk added), so the search
 * skips it; nothing else it reports changes.
 */
const SHOWN_FEASIBLE_KEYS = 1 + MAX_FEASIBLE_ALTERNATIVES;

/** The cost above which a candidate cannot be shown (∞ until `shownKeys` keys and an odd count meet the targets). */
function showableCostUsd(table: KeyTable, shownKeys: number): number {
  const costs: number[] = [];
  let cheapestOdd = Infinity;
  for (let k = 0; k < table.size; k++) {
    if (table.okDisk[k]! < 0) continue;
    costs.push(table.okCost[k]!);
    if ((k % (table.maxNodes + 1)) % 2 === 1) cheapestOdd = Math.min(cheapestOdd, table.okCost[k]!);
  }
  if (costs.length < shownKeys) return Infinity;
  costs.sort((a, b) => a - b);
  return Math.max(costs[shownKeys - 1]!, cheapestOdd);
}

/** Costs are compared to the cent: a candidate must cost a cent more than the bound to be skipped. */
const PRUNE_TOLERANCE_USD = 1 / COST_COMPARISON_CENTS;

/** What a search did: candidates evaluated, skipped as unshowable, ruled out on their instance type or mean demand alone. */
interface SearchCounts {
  evaluated: number;
  skipped: number;
  ruledOut: number;
}

/** How a search may skip candidates. */
interface SearchRules {
  /** Skip candidates that cannot be shown (their instances alone cost more than every plan shown). */
  prune: boolean;
  /** How many of the cheapest feasible keys are shown. */
  shownKeys: number;
  /** A cost known to be met (∞: none). */
  initialBoundUsd: number;
  /**
   * Skip, unevaluated, candidates whose instance type or node count alone misses a target
   * (failsOnInstanceAlone, failsOnMeanDemand: they can only be near misses, and the caller
   * recovers the few it shows, nearMissesOf).
   */
  ruleOut: boolean;
  /**
   * Nothing can meet the targets (the file rules every plan out), so only the closest misses are
   * shown: skip a layout's disk when its latency floor alone (latencyFloorRatio) misses by more
   * than the close-enough window of the smallest miss so far. Exact only while at least the shown
   * keys fall in that window and nothing meets the targets; the caller checks (closestShownExactly).
   */
  closestOnly: boolean;
}

function search(space: SearchSpace, layouts: LayoutCache, table: KeyTable, budget: SearchBudget, rules: SearchRules): SearchCounts {
  const { prune, shownKeys, initialBoundUsd, ruleOut, closestOnly } = rules;
  const { ctx, instances, disks, instancesForDisk, nodeCounts } = space;
  const numbers = new CandidateNumbers(ctx.workloads.length);
  let scratchDisk: PreparedDisk | undefined;
  const workPerCandidate = Math.max(1, ctx.workloads.length);
  let evaluated = 0;
  const cheapestPerNodeUsd = Math.min(...instances.map((m) => m.monthlyUsdPerNode));
  /** (disk, instance type) pairs per layout, the unit skipped node counts are counted in (shard policies aside). */
  const candidatesPerLayout = instancesForDisk.reduce((sum, list) => sum + list.length, 0);
  let bound = initialBoundUsd;
  let skipped = 0;
  let ruledOut = 0;
  /** Per instance type, 1 when it alone misses a target on the current layout (only when ruling out). */
  const instanceFails = new Uint8Array(instances.length);
  /** Per instance type, 1 when it misses a target on the current node count and replication factor's mean demand alone. */
  const meanFails = new Uint8Array(instances.length);
  for (const nodes of nodeCounts) {
    /** Instances at this price per node cost more, on these nodes, than every plan shown (only when pruning). */
    const unshowable = (usdPerNode: number): boolean => prune && usdPerNode * nodes > bound + PRUNE_TOLERANCE_USD;
    // Node counts only grow: once even the cheapest type is past the bound, no larger cluster can be shown.
    if (unshowable(cheapestPerNodeUsd)) {
      for (const n of nodeCounts) if (n >= nodes) skipped += replicationFactors(ctx, n).length * candidatesPerLayout;
      break;
    }
    // A replication factor's layouts are prepared only when some candidate on them is neither too
    // costly to show nor ruled out on the mean demand alone (then every candidate is skipped or ruled out).
    const worthPreparing = (rf: number): boolean => {
      if (!ruleOut) return true;
      const mean = healthyMeanDemand(ctx, nodes, rf);
      let left = false;
      for (let ii = 0; ii < instances.length; ii++) {
        meanFails[ii] = failsOnMeanDemand(ctx, mean, instances[ii]!, space.bestWalCapacityCopiesPerSec) ? 1 : 0;
        if (meanFails[ii] === 0 && !unshowable(instances[ii]!.monthlyUsdPerNode)) left = true;
      }
      return left;
    };
    for (const { rf, pi, prepared } of layoutsOn(space, layouts, nodes, worthPreparing)) {
      if (ruleOut) {
        for (let ii = 0; ii < instances.length; ii++) {
          instanceFails[ii] = meanFails[ii] === 1 || prepared === null || failsOnInstanceAlone(ctx, prepared, instances[ii]!) ? 1 : 0;
        }
      }
      for (let di = 0; di < disks.length; di++) {
        let pd: PreparedDisk | null = null;
        if (closestOnly) {
          pd = scratchDisk = prepareDisk(ctx, prepared!, disks[di]!, scratchDisk);
          // Out of the final window (it only narrows as smaller misses are found): never shown.
          if (latencyFloorRatio(ctx, prepared!, pd) > table.smallestMissSoFar * CLOSE_ENOUGH_FACTOR) {
            skipped += instancesForDisk[di]!.length;
            continue;
          }
        }
        for (const ii of instancesForDisk[di]!) {
          if (unshowable(instances[ii]!.monthlyUsdPerNode)) {
            skipped++;
            continue;
          }
          if (instanceFails[ii] === 1) {
            ruledOut++;
            table.ruledOut[table.key(ii, nodes)] = 1;
            continue;
          }
          pd ??= scratchDisk = prepareDisk(ctx, prepared!, disks[di]!, scratchDisk);
          if (budget.remaining < workPerCandidate) {
            budget.stoppedAtNodes = nodes;
            return { evaluated, skipped, ruledOut };
          }
          budget.remaining -= workPerCandidate;
          evaluateNumbers(ctx, prepared!, pd, instances[ii]!, numbers);
          evaluated++;
          // The bound moves only when a key's best candidate meeting the targets does.
          if (table.record(table.key(ii, nodes), nodes, numbers, rf, pi, di) && prune) bound = Math.min(initialBoundUsd, showableCostUsd(table, shownKeys));
        }
      }
    }
  }
  return { evaluated, skipped, ruledOut };
}

/**
 * Completes one key's near misses after a search that ruled candidates out (`ruleOut`): every
 * (replication factor, shard policy, disk) of that instance type and node count is evaluated
 * again in the search's own order and its misses recorded afresh, so the closest miss the
 * runners-up show is the one a search without ruling out would have kept. Cheaper than the
 * winner (one node fewer, a smaller type), such keys were never skipped as unshowable.
 */
function nearMissesOf(space: SearchSpace, layouts: LayoutCache, table: KeyTable, instance: number, nodes: number): number {
  const key = table.key(instance, nodes);
  if (table.ruledOut[key] !== 1 || table.okDisk[key]! >= 0) return 0;
  const { ctx, instances, disks, instancesForDisk } = space;
  const numbers = new CandidateNumbers(ctx.workloads.length);
  table.misses[key] = null;
  let evaluated = 0;
  // A replication factor whose mean demand alone misses by more than the closest miss found so far
  // (meanDemandRatio ≤ every candidate's maxRatio) cannot hold the key's closest miss: not built.
  const closerPossible = (rf: number): boolean =>
    !(meanDemandRatio(ctx, healthyMeanDemand(ctx, nodes, rf), instances[instance]!, space.bestWalCapacityCopiesPerSec) > table.smallestMissOf(key));
  for (const { rf, pi, prepared } of layoutsOn(space, layouts, nodes, closerPossible)) {
    if (!prepared) continue;
    for (let di = 0; di < disks.length; di++) {
      if (!instancesForDisk[di]!.includes(instance)) continue;
      evaluateNumbers(ctx, prepared, prepareDisk(ctx, prepared, disks[di]!), instances[instance]!, numbers);
      evaluated++;
      table.record(key, nodes, numbers, rf, pi, di);
    }
  }
  return evaluated;
}

/** A layout the search visits: prepared, or null when not worth preparing (layoutsOn). */
interface VisitedLayout {
  rf: number;
  pi: number;
  prepared: PreparedLayout | null;
}

/**
 * The layouts a search evaluates on `nodes` nodes, in its order: per replication factor, the
 * minimal shard policy and (only when some workload's queue count is auto) the spread one, unless
 * it rounds to the same shard counts (nothing new to evaluate); none whose required failures
 * leave no node up. A replication factor that `worthPreparing` declines yields its layouts
 * unprepared (null): their scenarios, most of the cost, are not built.
 */
function* layoutsOn(space: SearchSpace, layouts: LayoutCache, nodes: number, worthPreparing: (rf: number) => boolean = () => true): Generator<VisitedLayout> {
  const { ctx } = space;
  for (const rf of replicationFactors(ctx, nodes)) {
    const prepare = worthPreparing(rf);
    let previousShards = '';
    for (let pi = 0; pi < SHARD_POLICIES.length; pi++) {
      if (pi > 0 && !space.spreadPolicy) break;
      const policy = SHARD_POLICIES[pi]!;
      const prepared = prepare ? layouts.get(nodes, rf, policy) : null;
      const layout = prepared?.layout ?? layouts.layout(nodes, rf, policy);
      const shardKey = layout.shards.join(',');
      if (pi > 0 && shardKey === previousShards) continue;
      previousShards = shardKey;
      if (prepared ? prepared.scenarios.impossible : layoutImpossibility(ctx, layout)) continue;
      yield { rf, pi, prepared };
    }
  }
}

function partsOf(space: SearchSpace, layouts: LayoutCache, ref: CandidateRef): CandidateParts {
  const prepared = layouts.get(ref.nodes, ref.replicationFactor, ref.policy);
  const disk = prepareDisk(space.ctx, prepared, space.disks[ref.disk]!);
  return { ctx: space.ctx, prepared, disk, instance: space.instances[ref.instance]! };
}

/** A candidate's plan with the parts and numbers it was built from (the attribution reads them too). */
function built(space: SearchSpace, layouts: LayoutCache, ref: CandidateRef): { parts: CandidateParts; numbers: CandidateNumbers; plan: EvaluatedPlan } {
  const parts = partsOf(space, layouts, ref);
  const numbers = candidateNumbers(parts);
  return { parts, numbers, plan: buildPlan(parts, numbers) };
}

function rebuild(space: SearchSpace, layouts: LayoutCache, ref: CandidateRef): EvaluatedPlan {
  return built(space, layouts, ref).plan;
}

/** Workloads whose plan without them is computed: those with the largest cost shares. */
const MAX_PLANS_WITHOUT = 3;
/**
 * Files above this many workloads get no plans without a workload: each is a whole search
 * (~0.1 s at 100 workloads, over a second at 1,000: npm run bench:scale).
 */
const MAX_WORKLOADS_FOR_PLANS_WITHOUT = 100;

/** Who drives the plan's cost (src/model/attribution.ts), when the file has two workloads or more. */
function attribution(request: PlanRequest, parts: CandidateParts, numbers: CandidateNumbers, chosen: EvaluatedPlan): WorkloadAttribution | null {
  const workloads = request.workload.workloads;
  if (workloads.length < 2 || request.attributeWorkloads === false) return null;
  const shares = attributeWorkloads(parts, numbers, chosen.binding);
  const without: PlanWithout[] = [];
  const tooMany = workloads.length > MAX_WORKLOADS_FOR_PLANS_WITHOUT;
  if (!tooMany) {
    // Less traffic never needs more (property-tested): the plan with the workload is a ceiling on the
    // cost of the plan without it, which lets that search skip everything costlier from the start.
    const ceiling = chosen.feasible ? { knownFeasibleCostUsd: chosen.cost.totalUsdPerMonth } : {};
    const order = shares.costShares.map((share, i) => ({ share, i })).sort((a, b) => b.share - a.share || a.i - b.i);
    for (const { i } of order.slice(0, MAX_PLANS_WITHOUT)) {
      const rest = workloads.filter((_, k) => k !== i);
      const other = plan({ ...request, workload: { ...request.workload, workloads: rest }, attributeWorkloads: false, winnerOnly: true, ...ceiling }).plan;
      if (!other) continue;
      without.push({
        workload: workloads[i]!.name,
        feasible: other.feasible,
        nodes: other.nodes,
        instanceType: other.instanceType.name,
        totalUsdPerMonth: other.cost.totalUsdPerMonth,
        savesUsdPerMonth: chosen.cost.totalUsdPerMonth - other.cost.totalUsdPerMonth,
      });
    }
    without.sort((a, b) => b.savesUsdPerMonth - a.savesUsdPerMonth);
  }
  return { ...shares, without, withoutSkippedAbove: tooMany ? MAX_WORKLOADS_FOR_PLANS_WITHOUT : null };
}

/**
 * The winner's runners-up: the next cheapest candidates meeting the targets, then the closest
 * misses one node fewer and one type smaller (`ok`: the candidates meeting the targets, winner first).
 */
function runnersUp(
  space: SearchSpace,
  layouts: LayoutCache,
  table: KeyTable,
  ok: readonly CandidateRef[],
  best: EvaluatedPlan,
  budget: number | null,
): Alternative[] {
  const winnerRef = ok[0]!;
  const alternatives: Alternative[] = [];
  const winnerKey = table.key(winnerRef.instance, winnerRef.nodes);
  for (const ref of ok.slice(1, 1 + MAX_FEASIBLE_ALTERNATIVES)) {
    const alt = rebuild(space, layouts, ref);
    alternatives.push({ plan: alt, whyNot: feasibleWhyNot(alt, best, winnerRef.ratio, ref.ratio, budget) });
  }
  for (const { instance, nodes, near } of nearMisses(space.instances, winnerRef)) {
    if (alternatives.length >= MAX_FEASIBLE_ALTERNATIVES + MAX_INFEASIBLE_ALTERNATIVES) break;
    const key = table.key(instance, nodes);
    if (key === winnerKey || winnerRef.nodes - 1 < 1) continue;
    const ref = table.ref(key, false);
    if (!ref || table.ref(key, true)) continue;
    const alt = rebuild(space, layouts, ref);
    alternatives.push({ plan: alt, whyNot: { kind: 'missesTargets', near, firstMiss: firstMiss(alt) } });
  }
  return alternatives;
}

/** Which instructive miss an alternative is (WhyNot 'missesTargets'). */
type NearMiss = NonNullable<Extract<WhyNot, { kind: 'missesTargets' }>['near']>;

/** The instructive misses the runners-up show: the winner's type one node fewer, and the next smaller type on as many nodes. */
function nearMisses(instances: readonly InstanceModel[], winnerRef: CandidateRef): { instance: number; nodes: number; near: NearMiss }[] {
  const out: { instance: number; nodes: number; near: NearMiss }[] = [{ instance: winnerRef.instance, nodes: winnerRef.nodes - 1, near: 'oneNodeFewer' }];
  const smaller = nextSmaller(instances, winnerRef.instance);
  if (smaller >= 0) out.push({ instance: smaller, nodes: winnerRef.nodes, near: 'nextSmallerType' });
  return out;
}

/**
 * A closest-only search (SearchRules.closestOnly) found what a full one would show: nothing meets
 * the targets and at least the shown keys miss within the close-enough window, whose members keep
 * their cheapest in-window candidate; what it skipped was outside that window.
 */
function closestShownExactly(table: KeyTable, budget: SearchBudget): boolean {
  if (budget.stoppedAtNodes !== null || table.okDisk.some((d) => d >= 0)) return false;
  const window = table.smallestMiss() * CLOSE_ENOUGH_FACTOR;
  let inWindow = 0;
  for (let k = 0; k < table.size; k++) if (table.smallestMissOf(k) <= window) inWindow++;
  return inWindow >= 1 + MAX_CLOSEST_ALTERNATIVES;
}

function sortedRefs(table: KeyTable, ok: boolean): CandidateRef[] {
  const refs: CandidateRef[] = [];
  for (let k = 0; k < table.size; k++) {
    const r = table.ref(k, ok);
    if (r) refs.push(r);
  }
  if (ok)
    refs.sort((a, b) =>
      beats(a.costUsd, a.nodes, a.ratio, b.costUsd, b.nodes, b.ratio) ? -1 : beats(b.costUsd, b.nodes, b.ratio, a.costUsd, a.nodes, a.ratio) ? 1 : 0,
    );
  else refs.sort((a, b) => (table.closer(a.ratio, a.costUsd, b.ratio, b.costUsd) ? -1 : table.closer(b.ratio, b.costUsd, a.ratio, a.costUsd) ? 1 : 0));
  return refs;
}

function feasibleWhyNot(plan: EvaluatedPlan, best: EvaluatedPlan, bestRatio: number, ratio: number, budget: number | null): WhyNot {
  const diff = plan.cost.totalUsdPerMonth - best.cost.totalUsdPerMonth;
  const overBudgetUsdPerMonth = budget !== null && plan.cost.totalUsdPerMonth > budget ? budget : null;
  if (Math.round(diff * COST_COMPARISON_CENTS) > 0) return { kind: 'costsMore', moreUsdPerMonth: diff, overBudgetUsdPerMonth };
  if (plan.nodes % 2 === 0 && best.nodes % 2 === 1) return { kind: 'sameCostEvenNodes', overBudgetUsdPerMonth };
  return { kind: 'sameCostCloserToLimits', ratio, winnerRatio: bestRatio, overBudgetUsdPerMonth };
}

/** The even-count winner against the cheapest odd-count plan that meets the same targets. */
function evenChoice(best: EvaluatedPlan, ok: readonly CandidateRef[], instances: readonly InstanceModel[]): EvenNodeCountChoice {
  const odd = ok.find((r) => r.nodes % 2 === 1);
  return {
    nodes: best.nodes,
    majoritySurvivesFailures: failuresSurvived(best.nodes),
    cheapestOdd: odd ? { nodes: odd.nodes, instanceType: instances[odd.instance]!.type.name, monthlyUsd: odd.costUsd } : null,
    oddCostsMoreUsdPerMonth: odd ? odd.costUsd - best.cost.totalUsdPerMonth : null,
  };
}

/** What an infeasible plan misses first (null: only its binding constraint says, e.g. a plan that misses by a rounding error). */
function firstMiss(plan: EvaluatedPlan): Shortfall | null {
  return plan.shortfalls[0] ?? null;
}

/** Index of the instance type with the most vCPUs (then memory, then network), or -1. */
function largestInstance(instances: readonly InstanceModel[]): number {
  let best = -1;
  instances.forEach((m, i) => {
    const t = m.type;
    const b = best >= 0 ? instances[best]!.type : null;
    if (!b || t.vcpus > b.vcpus || (t.vcpus === b.vcpus && (t.memoryGiB > b.memoryGiB || (t.memoryGiB === b.memoryGiB && t.networkGbps > b.networkGbps)))) {
      best = i;
    }
  });
  return best;
}

/** Index of the next smaller type of the same provider and family (fewer vCPUs), or -1. */
function nextSmaller(instances: readonly InstanceModel[], index: number): number {
  const t = instances[index]!.type;
  let best = -1;
  instances.forEach((m, i) => {
    const u = m.type;
    if (u.provider === t.provider && u.family === t.family && u.vcpus < t.vcpus && (best < 0 || u.vcpus > instances[best]!.type.vcpus)) best = i;
  });
  return best;
}

function basis(ctx: ModelContext): SizingBasis {
  return {
    horizonMonths: ctx.horizonMonths,
    trafficScale: ctx.trafficScale,
    workloads: ctx.workloads.map((w) => ({
      name: w.name,
      peakMsgPerSec: w.peakMsgPerSec,
      averageMsgPerSec: w.forecast.averageMsgPerSec,
      sizeBytes: w.sizeBytes,
    })),
  };
}

/** Each finding once (the file's and the plan's can say the same thing), in order. */
function unique<T>(findings: readonly T[]): T[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Size a cluster for the request: the cheapest plan that meets every target, or why none does. */
export function plan(request: PlanRequest): SizeResult {
  const space = searchSpace(request);
  const { ctx, instances, disks } = space;
  const layouts = new LayoutCache(ctx);
  const pre = requestInfeasibility(
    ctx,
    instances.map((m) => m.type),
    disks,
  );
  const warnings = requestWarnings(ctx);
  const exhaustive = request.exhaustiveSearch === true;
  // Candidates that fail on their instance type or mean demand alone can only be near misses: they
  // are ruled out unevaluated, except where near misses are what the plan shows (a file that rules
  // every plan out); the runners-up's two are recovered afterwards (nearMissesOf), and a search
  // that finds nothing meeting the targets is run again without ruling out.
  const ruleOut = !exhaustive && pre.reasons.length === 0;
  const runSearch = (withRuleOut: boolean, closestOnly = false) => {
    const table = new KeyTable(instances.length, ctx.file.cluster.constraints.maxNodes);
    const searchBudget: SearchBudget = { remaining: request.maxSearchWork ?? MAX_SEARCH_WORK, stoppedAtNodes: null };
    const counts = search(space, layouts, table, searchBudget, {
      // Only candidates that cannot be shown are skipped: when nothing meets the targets the bound stays
      // infinite, and when the file itself rules every plan out the cheapest that meet the resource
      // targets are what is shown (the same refs).
      prune: !exhaustive,
      shownKeys: request.winnerOnly === true ? 1 : SHOWN_FEASIBLE_KEYS,
      initialBoundUsd: !exhaustive ? (request.knownFeasibleCostUsd ?? Infinity) : Infinity,
      ruleOut: withRuleOut,
      closestOnly,
    });
    return { table, searchBudget, counts };
  };
  // A file that rules every plan out shows its closest misses: a search for those alone, checked.
  const closestOnly = !exhaustive && pre.reasons.length > 0;
  let { table, searchBudget, counts } = runSearch(ruleOut, closestOnly);
  let evaluated = counts.evaluated;
  if (closestOnly && counts.skipped > 0 && !closestShownExactly(table, searchBudget)) {
    ({ table, searchBudget, counts } = runSearch(false));
    evaluated += counts.evaluated;
  }
  if (request.knownFeasibleCostUsd !== undefined && table.okDisk.every((d) => d < 0)) {
    // Nothing met the targets under the ceiling (the model is monotone in its traffic, so only a bug
    // gets here): search again without it rather than answer from a search that skipped the winner.
    const { knownFeasibleCostUsd: _ceiling, ...unbounded } = request;
    return plan(unbounded);
  }
  if (ruleOut && table.okDisk.every((d) => d < 0)) {
    // Nothing meets every target: the near misses are the plan, so every candidate is evaluated.
    ({ table, searchBudget, counts } = runSearch(false));
    evaluated += counts.evaluated;
  }
  const { skipped, ruledOut } = counts;
  if (table.okDisk.every((d) => d < 0) && evaluated > 0 && searchBudget.stoppedAtNodes === null) {
    // Nothing meets every target: keep per (type, nodes) the cheapest candidate among those
    // that miss by little more than the smallest miss.
    table.closeWithin = table.smallestMiss() * CLOSE_ENOUGH_FACTOR;
  }
  const ok = sortedRefs(table, true);
  const winnerRef = ok[0];
  if (ruleOut && winnerRef && request.winnerOnly !== true) {
    // The runners-up show the closest miss one node fewer and one type smaller (runnersUp).
    for (const m of nearMisses(instances, winnerRef)) evaluated += nearMissesOf(space, layouts, table, m.instance, m.nodes);
  }
  const stoppedEarly = searchBudget.stoppedAtNodes !== null;
  const searchInfo = {
    candidatesEvaluated: evaluated,
    candidatesSkipped: skipped,
    candidatesRuledOut: ruledOut,
    instanceTypesConsidered: instances.length,
    stoppedEarly,
  };
  if (stoppedEarly) {
    warnings.push({
      kind: 'searchStopped',
      candidatesEvaluated: evaluated,
      searchBudget: request.maxSearchWork ?? MAX_SEARCH_WORK,
      stoppedAtNodes: searchBudget.stoppedAtNodes!,
    });
  }
  const budget = ctx.monthlyBudgetUsd;

  if (winnerRef && pre.reasons.length === 0) {
    // Prepared once for the plan and its attribution (a layout of thousands of workloads is not cheap).
    const winner = built(space, layouts, winnerRef);
    const best = winner.plan;
    // The attribution's plans without a workload want the winner only.
    const alternatives = request.winnerOnly === true ? [] : runnersUp(space, layouts, table, ok, best, budget);
    const feasible = best.feasible;
    const evenNodeCount = best.nodes % 2 === 0 ? evenChoice(best, ok, instances) : undefined;
    return {
      feasible,
      ...(evenNodeCount ? { evenNodeCount } : {}),
      plan: best,
      alternatives,
      basis: basis(ctx),
      infeasibility: feasible
        ? null
        : {
            reasons: unique([...best.shortfalls]),
            suggestions: planSuggestions(ctx, best, null, best.cost.totalUsdPerMonth),
          },
      warnings: unique([...warnings, ...planWarnings(ctx, best, evenNodeCount)]),
      search: searchInfo,
      profileName: request.profile.name,
      attribution: attribution(request, winner.parts, winner.numbers, best),
    };
  }

  // Nothing meets every target (or the workload file itself rules every plan out).
  const closestRefs = winnerRef ? ok : sortedRefs(table, false);
  const closestRef = closestRefs[0];
  const closestBuilt = closestRef ? built(space, layouts, closestRef) : null;
  const closest = closestBuilt?.plan ?? null;
  const alternatives: Alternative[] = [];
  for (const ref of closestRefs.slice(1, 1 + MAX_CLOSEST_ALTERNATIVES)) {
    const alt = rebuild(space, layouts, ref);
    alternatives.push({ plan: alt, whyNot: { kind: 'missesTargets', near: null, firstMiss: firstMiss(alt) } });
  }
  const reasons = unique([...pre.reasons, ...(closest ? closest.shortfalls : [])]);
  // The most capable allowed cluster: the largest type at maxNodes. If it still misses on a
  // resource that more or bigger nodes relieve, the constraints are what stand in the way.
  // (Only read for the plan's own misses: when the file rules every plan out, its reasons say why.)
  const planMisses = closest !== null && pre.reasons.length === 0;
  const largest = planMisses ? largestInstance(instances) : -1;
  const largestRef = largest >= 0 ? table.ref(table.key(largest, ctx.file.cluster.constraints.maxNodes), false) : null;
  const largestAtMax = largestRef ? rebuild(space, layouts, largestRef) : null;
  const suggestions = unique([...pre.suggestions, ...(planMisses ? planSuggestions(ctx, closest, largestAtMax, null) : [])]);
  if (reasons.length === 0) reasons.push({ kind: 'noCandidate' });
  return {
    feasible: false,
    // A plan that meets its resource targets can still be ruled out by the workload file itself
    // (a message above max_message_size's ceiling, a latency target below the commit floor).
    plan: closest ? { ...closest, feasible: false, shortfalls: unique([...pre.reasons, ...closest.shortfalls]) } : null,
    alternatives,
    basis: basis(ctx),
    infeasibility: { reasons, suggestions },
    warnings: unique([...warnings, ...(closest ? planWarnings(ctx, closest) : [])]),
    search: searchInfo,
    profileName: request.profile.name,
    attribution: closestBuilt ? attribution(request, closestBuilt.parts, closestBuilt.numbers, closestBuilt.plan) : null,
  };
}
