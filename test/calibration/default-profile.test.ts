import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AMQP24_BODY_BYTES,
  AMQP24_CLASSIC_MSG_PER_SEC,
  AMQP24_QUORUM_MSG_PER_SEC,
  AMQP24_SCHEDULERS,
  AMQP24_STREAM_MSG_PER_SEC,
  QUEUE_TYPE_NAMES,
  RMQ310_QUORUM_BY_SIZE,
  RMQ310_QUORUM_FIT_MIN_BYTES,
  VL20QQ_BODY_BYTES,
  VL20QQ_REPLICATION_FACTOR,
  DEFAULT_PROFILE_CROSS_CHECKS,
  clusterCpuMicrosPerMessage,
  derivePublishedLabNumbers,
  derivePublishedNumbers,
  fitServiceTime,
  queueCeilingMsgPerSec,
  type DerivedShippedNumbers,
  type QueueTypeName,
  type StageCosts,
} from '../../src/profile/derivation.js';
import { scalingPrediction } from '../../src/profile/cluster-scaling.js';
import { TRAINING_CELLS, VL20_FSYNC_MS } from '../../src/profile/vl20-grid.js';
import {
  DEFAULT_PROFILE_URL,
  loadDefaultProfile,
  loadProfileArgument,
  loadProfileFile,
  loadShippedProfile,
  parseProfileText,
  shippedProfileUrl,
} from '../../src/profile/load.js';
import { CALIBRATION_OPTION_HELP, DEFAULT_PROFILE_NAME, SHIPPED_PROFILE_NAMES, type ShippedProfileName } from '../../src/profile/shipped.js';
import { InputError } from '../../src/errors.js';
import { problemsOf } from '../support/problems.js';
import { usableCpuFraction } from '../../src/model/cpu.js';
import { ProfileSchema, type Coefficient, type Profile } from '../../src/schema/profile.js';

/** A profile as plain JSON, to break on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests reach into arbitrary fields to break them
type EditableProfile = Record<string, any>;

const STAGES = ['publishCpuMicros', 'enqueueCpuMicros', 'replicaCpuMicros', 'deliverCpuMicros'] as const;
const rawText = (name: ShippedProfileName) => readFileSync(fileURLToPath(shippedProfileUrl(name)), 'utf8');
const rawProfileText = readFileSync(fileURLToPath(DEFAULT_PROFILE_URL), 'utf8');
const calibrationDoc = readFileSync(fileURLToPath(new URL('../../docs/calibration.md', import.meta.url)), 'utf8');

/** Every coefficient of a profile with its dotted path. */
function coefficients(profile: Profile): [string, Coefficient][] {
  const out: [string, Coefficient][] = [];
  for (const type of QUEUE_TYPE_NAMES) {
    for (const [key, c] of Object.entries(profile.queueTypes[type])) out.push([`queueTypes.${type}.${key}`, c]);
  }
  for (const [key, c] of Object.entries(profile.node)) {
    if (key !== 'cpuEfficiency') out.push([`node.${key}`, c as Coefficient]);
  }
  return out;
}

function storedStages(profile: Profile, type: QueueTypeName): StageCosts {
  const t = profile.queueTypes[type];
  return {
    publishCpuMicros: t.publishCpuMicros.value,
    enqueueCpuMicros: t.enqueueCpuMicros.value,
    replicaCpuMicros: t.replicaCpuMicros.value,
    deliverCpuMicros: t.deliverCpuMicros.value,
    cpuNanosPerByte: t.cpuNanosPerByte.value,
  };
}

/** End-to-end broker CPU of one message on one node (publish + leader enqueue/deliver, 3 body hops). */
function singleNodeCpuMicros(profile: Profile, type: QueueTypeName, sizeBytes: number): number {
  return clusterCpuMicrosPerMessage(storedStages(profile, type), sizeBytes, 1);
}

/** Cluster core-µs of one message at replication factor `rf` (docs/model.md, even spread). */
function clusterMicros(profile: Profile, type: QueueTypeName, sizeBytes: number, rf: number): number {
  return clusterCpuMicrosPerMessage(storedStages(profile, type), sizeBytes, rf);
}

/**
 * Every stored number that differs from its derivation, as "path: stored X, derived Y". Stored
 * values are rounded to 3 decimals (memory and the like to whole bytes).
 */
function derivationMismatches(profile: Profile, derived: DerivedShippedNumbers): string[] {
  const out: string[] = [];
  const check = (path: string, got: number, want: number, absolute: number) => {
    if (!(Math.abs(got - want) <= Math.max(absolute, Math.abs(want) * 1e-5))) out.push(`${path}: stored ${got}, derived ${want}`);
  };
  for (const type of QUEUE_TYPE_NAMES) {
    const computed = derived.queueTypes[type];
    for (const key of Object.keys(computed) as (keyof typeof computed)[]) {
      check(`queueTypes.${type}.${key}`, profile.queueTypes[type][key]?.value ?? NaN, computed[key] ?? NaN, 0.0005);
    }
  }
  for (const key of Object.keys(derived.node) as (keyof typeof derived.node)[]) {
    check(`node.${key}`, profile.node[key]?.value ?? NaN, derived.node[key] ?? NaN, key.startsWith('wal') ? 0.0005 : 0.5);
  }
  if (profile.node.cpuEfficiency.length !== derived.cpuEfficiency.length) out.push('node.cpuEfficiency: different number of points');
  derived.cpuEfficiency.forEach((point, i) => {
    const stored = profile.node.cpuEfficiency[i];
    check(`node.cpuEfficiency[${i}].vcpus`, stored?.vcpus ?? NaN, point.vcpus, 0);
    check(`node.cpuEfficiency[${i}].usableFraction`, stored?.usableFraction ?? NaN, point.usableFraction, 0.0005);
  });
  return out;
}

const DERIVATIONS: Record<ShippedProfileName, () => DerivedShippedNumbers> = {
  published: derivePublishedNumbers,
  'published-lab': derivePublishedLabNumbers,
};

describe('the shipped profiles', () => {
  it('are exactly the JSON files in data/profiles/, each named after its file', () => {
    const dir = fileURLToPath(new URL('../../data/profiles/', import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual([...SHIPPED_PROFILE_NAMES].sort());
    for (const name of SHIPPED_PROFILE_NAMES) expect(loadShippedProfile(name).name).toBe(name);
    expect(loadDefaultProfile().name).toBe(DEFAULT_PROFILE_NAME);
    expect(DEFAULT_PROFILE_NAME).toBe('published');
    for (const name of SHIPPED_PROFILE_NAMES) expect(CALIBRATION_OPTION_HELP).toContain(name);
  });

  describe.each(SHIPPED_PROFILE_NAMES)('%s', (name) => {
    const profile = loadShippedProfile(name);
    const raw = rawText(name);

    it('validates against ProfileSchema as stored, exactly as the schema parses it (so the tool reads it as plain JSON)', () => {
      const result = ProfileSchema.safeParse(JSON.parse(raw));
      expect(result.success).toBe(true);
      expect(result.data).toEqual(JSON.parse(raw));
      expect(parseProfileText(raw, name)).toEqual(profile);
      expect(profile.origin.kind).toBe('published');
      expect(profile.origin.createdAt).toBe('2026-11-23');
    });

    it('gives every coefficient a non-empty source that cites a URL or a project document', () => {
      const all = coefficients(profile);
      expect(all.length).toBe(name === 'published' ? 3 * 17 + 2 + 14 : 3 * 11 + 12);
      for (const [path, c] of all) {
        expect(c.source.trim(), path).not.toBe('');
        expect(c.unit.trim(), path).not.toBe('');
        expect(/https:\/\/|docs\/[\w./-]+\.md/.test(c.source), `${path} cites nothing: ${c.source}`).toBe(true);
      }
      for (const point of profile.node.cpuEfficiency) expect(point.source).toMatch(/https:\/\//);
    });

    it('marks assumptions with numbers that docs/calibration.md defines', () => {
      const cited = new Set([...raw.matchAll(/\bA(\d{1,2})\b/g)].map((m) => `A${m[1]!}`));
      expect(cited.size).toBeGreaterThan(10);
      for (const id of cited) expect(calibrationDoc, `${id} is cited but not listed`).toContain(`- **${id}**`);
    });

    it('never cites the read-only reference folder', () => {
      expect(raw).not.toMatch(/shared\/reference|\.\.\/shared/);
    });

    it('charges a quorum message at least as much CPU as a classic one, at every stage', () => {
      const quorum = profile.queueTypes.quorum;
      const classic = profile.queueTypes.classic;
      for (const size of [12, 1024, 65536]) {
        expect(singleNodeCpuMicros(profile, 'quorum', size)).toBeGreaterThanOrEqual(singleNodeCpuMicros(profile, 'classic', size));
      }
      expect(quorum.enqueueCpuMicros.value).toBeGreaterThanOrEqual(classic.enqueueCpuMicros.value);
      expect(quorum.deliverCpuMicros.value).toBeGreaterThanOrEqual(classic.deliverCpuMicros.value);
      expect(quorum.replicaCpuMicros.value).toBeGreaterThan(0);
      expect(classic.replicaCpuMicros.value).toBe(0);
    });

    it('keeps the piecewise CPU-efficiency curve in increasing vCPU order', () => {
      const vcpus = profile.node.cpuEfficiency.map((p) => p.vcpus);
      expect(vcpus).toEqual([...vcpus].sort((a, b) => a - b));
      expect(new Set(vcpus).size).toBe(vcpus.length);
    });

    it('stores exactly what src/profile/derivation.ts derives', () => {
      expect(derivationMismatches(profile, DERIVATIONS[name]())).toEqual([]);
    });
  });

  it('the derivation check fails when a stored number drifts from its source', () => {
    const drifted = structuredClone(loadDefaultProfile());
    drifted.queueTypes.quorum.replicaCpuMicros.value += 0.01;
    drifted.node.cpuEfficiency[1]!.usableFraction = 0.6;
    drifted.node.walMicrosPerCopy!.value += 0.01;
    expect(derivationMismatches(drifted, derivePublishedNumbers())).toEqual([
      expect.stringMatching(/^queueTypes\.quorum\.replicaCpuMicros: stored 132\.71/),
      expect.stringMatching(/^node\.walMicrosPerCopy: stored 22\.04/),
      expect.stringMatching(/^node\.cpuEfficiency\[1\]\.usableFraction: stored 0\.6, derived 0\.9/),
    ]);
    // The lab profile is not the default's derivation, and the other way round.
    expect(derivationMismatches(loadShippedProfile('published-lab'), derivePublishedNumbers()).length).toBeGreaterThan(10);
  });
});

describe('published-lab: the single-connection lab derivation (docs/calibration.md part A)', () => {
  const profile = loadShippedProfile('published-lab');

  it('says it is an optimistic upper bound from single-connection lab runs', () => {
    expect(profile.description).toMatch(/optimistic upper bound/i);
    expect(profile.description).toMatch(/single-connection lab/);
  });

  it('turns the split coefficients back into the published single-node rates at 12 B', () => {
    // 3 schedulers ÷ (core-µs per message) must give the benchmark's msg/s again.
    const rate = (type: QueueTypeName) => (AMQP24_SCHEDULERS * 1e6) / singleNodeCpuMicros(profile, type, AMQP24_BODY_BYTES);
    expect(rate('classic')).toBeCloseTo(AMQP24_CLASSIC_MSG_PER_SEC, -1);
    expect(rate('quorum')).toBeCloseTo(AMQP24_QUORUM_MSG_PER_SEC, -1);
    expect(rate('stream')).toBeCloseTo(AMQP24_STREAM_MSG_PER_SEC, -1);
  });

  it('fits the 3.10 quorum size sweep within 6% from 100 B up and conservatively at 10 B', () => {
    const quorum = profile.queueTypes.quorum;
    for (const point of RMQ310_QUORUM_BY_SIZE) {
      const ceiling = queueCeilingMsgPerSec(quorum.queueServiceMicros.value, quorum.queueServiceNanosPerByte.value, point.sizeBytes);
      if (point.sizeBytes >= RMQ310_QUORUM_FIT_MIN_BYTES) {
        expect(Math.abs(ceiling / point.msgPerSec - 1), `${point.sizeBytes} B`).toBeLessThan(0.06);
      } else {
        expect(ceiling, `${point.sizeBytes} B`).toBeLessThan(point.msgPerSec);
      }
    }
  });

  it('fits a straight line exactly when the points are on one', () => {
    const fit = fitServiceTime([
      { sizeBytes: 0, msgPerSec: 1e6 / 10 },
      { sizeBytes: 1000, msgPerSec: 1e6 / 12 },
      { sizeBytes: 3000, msgPerSec: 1e6 / 16 },
    ]);
    expect(fit.interceptMicros).toBeCloseTo(10, 9);
    expect(fit.slopeNanosPerByte).toBeCloseTo(2, 9);
    expect(fit.r2).toBeCloseTo(1, 9);
  });

  it('reproduces the by-hand figure of docs/calibration.md A (3 × 4 vCPU, quorum, 1 KiB, RF 3)', () => {
    const perMessage = clusterMicros(profile, 'quorum', 1024, 3);
    expect(perMessage).toBeCloseTo(89.56, 1);
    const usableCores = 3 * 4 * profile.node.cpuEfficiency[0]!.usableFraction;
    expect((usableCores * 1e6) / perMessage).toBeCloseTo(120_590, -2);
    const q = profile.queueTypes.quorum;
    expect(queueCeilingMsgPerSec(q.queueServiceMicros.value, q.queueServiceNanosPerByte.value, 1024)).toBeCloseTo(32_636, -1);
  });
});

describe('published (default): the cloud-grid derivation (docs/calibration.md part B)', () => {
  const profile = loadDefaultProfile();
  const lab = loadShippedProfile('published-lab');
  const derived = derivePublishedNumbers();
  const fit = derived.cloudFit;

  /** The stored profile's closed-form top rate of a quorum cluster (src/profile/cluster-scaling.ts). */
  function storedTopMsgPerSec(nodes: number, vcpus: number, fsyncMs: number, sizeBytes = VL20QQ_BODY_BYTES): number {
    return scalingPrediction(
      {
        clusterCpuMicrosPerMessage: clusterMicros(profile, 'quorum', sizeBytes, VL20QQ_REPLICATION_FACTOR),
        walMicrosPerCopy: profile.node.walMicrosPerCopy!.value,
        walMicrosPerCopyPerFsyncMs: profile.node.walMicrosPerCopyPerFsyncMs!.value,
        coordinationPerExtraNode: profile.queueTypes.quorum.coordinationPerExtraNode!.value,
      },
      { nodes, vcpusPerNode: vcpus, fsyncMs },
      VL20QQ_REPLICATION_FACTOR,
      usableCpuFraction(vcpus, profile.node.cpuEfficiency),
    ).msgPerSec;
  }

  it('fits its cluster terms on the 9 training cells only (3 shapes × io1, gp2, st1) within 10 % each', () => {
    expect(fit.trainingShapes).toEqual(['3x16', '3x36', '9x8']);
    expect(fit.scaling.cells).toBe(9);
    expect(fit.scaling.rmsLogError).toBeLessThan(0.06);
    for (const cell of TRAINING_CELLS) {
      const model = storedTopMsgPerSec(cell.nodes, cell.vcpusPerNode, cell.fsyncMs);
      expect(Math.abs(model / cell.msgPerSec - 1), `${cell.nodes}x${cell.vcpusPerNode} ${cell.volume}`).toBeLessThan(0.1);
    }
  });

  it('finds what the 2020 study describes: a coordination cost per node, a per-node WAL ceiling fsync latency lowers, 90 % usable vCPUs', () => {
    expect(fit.scaling.coordinationPerExtraNode).toBeGreaterThan(0.03);
    expect(fit.scaling.coordinationPerExtraNode).toBeLessThan(0.15);
    expect(fit.scaling.walMicrosPerCopyPerFsyncMs).toBeGreaterThan(0);
    // The WAL, not the CPU, stops 3 × 36: it carries what 3 × 16 does on the same disk.
    expect(storedTopMsgPerSec(3, 36, 2)).toBeCloseTo(storedTopMsgPerSec(3, 16, 2), 6);
    expect(profile.node.cpuEfficiency.map((p) => p.usableFraction)).toEqual([0.9, 0.9]);
  });

  it('scales every per-message CPU stage of every queue type by one factor and keeps the per-byte cost', () => {
    const factor = fit.stageFactor;
    expect(factor).toBeCloseTo((fit.scaling.clusterCpuMicrosPerMessage - fit.bodyMicros) / fit.labStageMicros, 9);
    for (const type of QUEUE_TYPE_NAMES) {
      for (const stage of STAGES) {
        const labValue = lab.queueTypes[type][stage].value;
        const value = profile.queueTypes[type][stage].value;
        if (labValue === 0) expect(value, `${type}.${stage}`).toBe(0);
        else expect(Math.abs(value / labValue / factor - 1), `${type}.${stage}`).toBeLessThan(1e-4);
      }
      expect(profile.queueTypes[type].cpuNanosPerByte.value).toBe(lab.queueTypes[type].cpuNanosPerByte.value);
    }
    expect(profile.node.connectionOpenCpuMicros.value / lab.node.connectionOpenCpuMicros.value).toBeCloseTo(factor, 3);
    // The stages add up to the fitted C for the grid's message (1 KiB, RF 3).
    expect(clusterMicros(profile, 'quorum', 1024, 3)).toBeCloseTo(fit.scaling.clusterCpuMicrosPerMessage, 1);
  });

  it('gives quorum queues and (by assumption A26) streams the fitted σ, classic queues none (A27)', () => {
    expect(profile.queueTypes.quorum.coordinationPerExtraNode!.value).toBeCloseTo(fit.scaling.coordinationPerExtraNode, 3);
    expect(profile.queueTypes.stream.coordinationPerExtraNode!.value).toBe(profile.queueTypes.quorum.coordinationPerExtraNode!.value);
    expect(profile.queueTypes.classic.coordinationPerExtraNode!.value).toBe(0);
    expect(profile.queueTypes.stream.coordinationPerExtraNode!.source).toContain('A26');
    expect(profile.queueTypes.classic.coordinationPerExtraNode!.source).toContain('A27');
  });

  it('keeps the lab profile’s queue ceilings, memory, disk and network coefficients', () => {
    const changed = new Set([
      ...STAGES.flatMap((s) => QUEUE_TYPE_NAMES.map((t) => `queueTypes.${t}.${s}`)),
      ...QUEUE_TYPE_NAMES.map((t) => `queueTypes.${t}.coordinationPerExtraNode`),
      'node.connectionOpenCpuMicros',
      ...QUEUE_TYPE_NAMES.map((t) => `queueTypes.${t}.confirmCpuMicros`),
      ...QUEUE_TYPE_NAMES.flatMap((t) => [`queueTypes.${t}.ackCpuMicros`, `queueTypes.${t}.ackQueueServiceMicros`]),
      ...QUEUE_TYPE_NAMES.flatMap((t) => [`queueTypes.${t}.unbatchedDeliveryMicros`, `queueTypes.${t}.unbatchedInFlightMax`]),
      'queueTypes.classic.persistentCpuMicros',
      'queueTypes.classic.persistentQueueServiceMicros',
      'node.walMicrosPerCopy',
      'node.walMicrosPerCopyPerFsyncMs',
    ]);
    const labValues = new Map(coefficients(lab).map(([path, c]) => [path, c.value]));
    for (const [path, c] of coefficients(profile)) {
      if (!changed.has(path)) expect(c.value, path).toBe(labValues.get(path));
    }
    expect(profile.node.cpuEfficiency.slice(0, 2)).toEqual(lab.node.cpuEfficiency.slice(0, 2));
  });

  it('records the grid fit in origin.fit as derivation.ts computes it', () => {
    const stored = (profile.origin.fit as { clusterGrid: Record<string, unknown> }).clusterGrid;
    expect(stored.trainingShapes).toEqual(fit.trainingShapes);
    expect(stored.clusterCpuMicrosPerMessage).toBeCloseTo(fit.scaling.clusterCpuMicrosPerMessage, 3);
    expect(stored.walMicrosPerCopy).toBeCloseTo(fit.scaling.walMicrosPerCopy, 3);
    expect(stored.walMicrosPerCopyPerFsyncMs).toBeCloseTo(fit.scaling.walMicrosPerCopyPerFsyncMs, 3);
    expect(stored.coordinationPerExtraNode).toBeCloseTo(fit.scaling.coordinationPerExtraNode, 3);
    expect(stored.stageFactor).toBeCloseTo(fit.stageFactor, 3);
    expect(stored.fsyncMs).toEqual({ io1: 0.5, gp2: 2, st1: 10 });
    expect(stored.versionAdjustment).toMatchObject({ applied: false, factor: Number(fit.unappliedVersionFactor.toFixed(3)) });
  });

  it('does not apply the 3.10-vs-3.9 version factor (documented, not used)', () => {
    expect(fit.unappliedVersionFactor).toBeCloseTo(35_394 / 22_603, 6);
    // The stored stages are the fit's, not ×1.566.
    expect(profile.queueTypes.quorum.publishCpuMicros.value / lab.queueTypes.quorum.publishCpuMicros.value).toBeCloseTo(fit.stageFactor, 3);
  });

  it('charges the 1 KiB RF 3 quorum message ≈ 6.8× the lab profile, and carries ≈ 15,300 msg/s on 3 × 4 vCPU (docs/calibration.md B §6)', () => {
    const perMessage = clusterMicros(profile, 'quorum', 1024, 3);
    expect(perMessage).toBeCloseTo(607.66, 0);
    expect(perMessage / clusterMicros(lab, 'quorum', 1024, 3)).toBeCloseTo(6.8, 1);
    // CPU-bound with coordination 1 + 2σ; the WAL (2 ms fsync) would allow ≈ 36,600.
    expect(storedTopMsgPerSec(3, 4, 2)).toBeCloseTo(15_280, -2);
    // Classic, not replicated, no coordination, on the same cluster: ≈ 40,250 msg/s at 100% CPU.
    const usableCores = 3 * 4 * profile.node.cpuEfficiency[0]!.usableFraction;
    expect((usableCores * 1e6) / clusterMicros(profile, 'classic', 1024, 1)).toBeCloseTo(40_250, -2);
  });

  it('stays within the bounds docs/calibration.md B §5 states against every published cluster figure', () => {
    // model ÷ published, by how the figure bounds capacity (see ObservationKind); fsync of an unnamed SSD: gp2's 2 ms.
    const bounds = { top: [0.8, 1.2], 'top-not-cpu': [0.9, 1.35], reached: [0.85, 1.4], exceeds: [1, 1.6], vendor: [0.4, 2.6] } as const;
    const outside: string[] = [];
    for (const o of DEFAULT_PROFILE_CROSS_CHECKS) {
      const model = storedTopMsgPerSec(o.nodes, o.vcpusPerNode, VL20_FSYNC_MS.gp2, o.sizeBytes);
      const [lo, hi] = bounds[o.kind];
      const ratios = [model / o.msgPerSec[1], model / o.msgPerSec[0]];
      if (ratios[0]! < lo || ratios[1]! > hi)
        outside.push(`${o.id}: model ${Math.round(model)} msg/s, ratio ${ratios.map((r) => r.toFixed(2)).join('–')} outside ${lo}–${hi}`);
    }
    expect(outside).toEqual([]);
  });

  it('describes itself as the production-like default and points to the lab bound', () => {
    expect(profile.description).toMatch(/production-like/);
    expect(profile.description).toContain('published-lab');
  });
});

describe('loadProfileArgument (--calibration <file or shipped name>)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-profile-arg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a shipped profile by its name', () => {
    expect(loadProfileArgument('published-lab').name).toBe('published-lab');
    expect(loadProfileArgument('published')).toBe(loadDefaultProfile());
  });

  it('loads a file by its path', () => {
    const path = join(dir, 'mine.json');
    writeFileSync(path, rawText('published-lab').replace('"name": "published-lab"', '"name": "mine"'));
    expect(loadProfileArgument(path).name).toBe('mine');
  });

  it('names the shipped profiles when the argument is neither', () => {
    const missing = join(dir, 'published-labs');
    expect(() => loadProfileArgument(missing)).toThrow(InputError);
    try {
      loadProfileArgument(missing);
    } catch (error) {
      expect((error as InputError).problems).toEqual([
        `${missing}: (file): expected a readable calibration profile (JSON) or a shipped profile name (published, published-lab), got no such file`,
      ]);
    }
  });
});

describe('loadProfileFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-profile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('accepts a valid profile file (the shipped one, copied)', () => {
    const path = write('copy.json', rawProfileText);
    expect(loadProfileFile(path).name).toBe('published');
  });

  it('reports each bad field on one line naming the file, the field, what it expected and what it got', () => {
    const bad = JSON.parse(rawProfileText) as EditableProfile;
    bad.queueTypes.quorum.publishCpuMicros.value = -3;
    bad.queueTypes.classic.deliverCpuMicros.value = 'fast';
    bad.node.networkOverheadFactor.source = '';
    delete bad.node.diskIoSizeBytes;
    const path = write('bad.json', JSON.stringify(bad));

    const problems = problemsOf(() => loadProfileFile(path));
    expect(problems).toHaveLength(4);
    for (const line of problems) {
      expect(line.startsWith(`${path}: `)).toBe(true);
      expect(line).not.toContain('\n');
      expect(line).toMatch(/expected .+, got /);
    }
    const find = (field: string) => problems.find((p) => p.startsWith(`${path}: ${field}: `));
    expect(find('queueTypes.quorum.publishCpuMicros.value')).toMatch(/expected a number from 0 to 1,000,000,000,000, got -3$/);
    expect(find('queueTypes.classic.deliverCpuMicros.value')).toMatch(/got string "fast"$/);
    expect(find('node.networkOverheadFactor.source')).toMatch(/got an empty string$/);
    expect(find('node.diskIoSizeBytes')).toMatch(/got nothing/);
  });

  it('names an unknown field and suggests the right spelling', () => {
    const bad = JSON.parse(rawProfileText) as EditableProfile;
    bad.queueTypes.stream.publishCpuMicro = bad.queueTypes.stream.publishCpuMicros;
    delete bad.queueTypes.stream.publishCpuMicros;
    const path = write('typo.json', JSON.stringify(bad));
    const problems = problemsOf(() => loadProfileFile(path));
    expect(problems.some((p) => p.startsWith(`${path}: queueTypes.stream`) && p.includes('"publishCpuMicro"'))).toBe(true);
    expect(problems.some((p) => p.includes('did you mean "publishCpuMicros"'))).toBe(true);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
  });

  it('rejects CPU-efficiency points out of vCPU order', () => {
    const bad = JSON.parse(rawProfileText) as EditableProfile;
    bad.node.cpuEfficiency.reverse();
    const path = write('order.json', JSON.stringify(bad));
    const problems = problemsOf(() => loadProfileFile(path));
    expect(problems[0]).toMatch(
      new RegExp(`^${escape(path)}: node\\.cpuEfficiency\\[1\\]\\.vcpus: expected a vCPU count above the previous point's 16 .*, got 8$`),
    );
  });

  it('reports invalid JSON and a missing file as one line each', () => {
    const path = write('broken.json', '{ "version": 1,');
    expect(problemsOf(() => loadProfileFile(path))).toEqual([
      expect.stringMatching(new RegExp(`^${escape(path)}: \\(top level\\): expected a calibration profile in JSON, got invalid JSON`)),
    ]);
    const missing = join(dir, 'nope.json');
    expect(problemsOf(() => loadProfileFile(missing))).toEqual([`${missing}: (file): expected a readable calibration profile (JSON), got no such file`]);
  });

  it('names the source of an in-memory profile text', () => {
    expect(problemsOf(() => parseProfileText('[]', 'inline'))[0]).toMatch(/^inline: \(top level\): expected .+, got an empty list/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
