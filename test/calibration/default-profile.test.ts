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
  VL20QQ_ANCHOR_NODES,
  VL20QQ_ANCHOR_VCPUS_PER_NODE,
  VL20QQ_BODY_BYTES,
  VL20QQ_LARGE_VCPUS_PER_NODE,
  VL20QQ_REPLICATION_FACTOR,
  DEFAULT_PROFILE_CROSS_CHECKS,
  clusterCapacityMsgPerSec,
  clusterCpuMicrosPerMessage,
  derivePublishedLabNumbers,
  derivePublishedNumbers,
  fitServiceTime,
  queueCeilingMsgPerSec,
  type DerivedShippedNumbers,
  type QueueTypeName,
  type StageCosts,
} from '../../src/calibration/derivation.js';
import {
  DEFAULT_PROFILE_URL,
  loadDefaultProfile,
  loadProfileArgument,
  loadProfileFile,
  loadShippedProfile,
  parseProfileText,
  shippedProfileUrl,
} from '../../src/calibration/default-profile.js';
import { CALIBRATION_OPTION_HELP, DEFAULT_PROFILE_NAME, SHIPPED_PROFILE_NAMES, type ShippedProfileName } from '../../src/calibration/shipped.js';
import { InputError } from '../../src/errors.js';
import { problemsOf } from '../support/problems.js';
import { usableCpuFraction } from '../../src/model/cpu.js';
import { ProfileSchema, type Coefficient, type Profile } from '../../src/schema/profile.js';

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
      check(`queueTypes.${type}.${key}`, profile.queueTypes[type][key].value, computed[key], 0.0005);
    }
  }
  for (const key of Object.keys(derived.node) as (keyof typeof derived.node)[]) {
    check(`node.${key}`, profile.node[key].value, derived.node[key], 0.5);
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
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files).toEqual([...SHIPPED_PROFILE_NAMES].sort());
    for (const name of SHIPPED_PROFILE_NAMES) expect(loadShippedProfile(name).name).toBe(name);
    expect(loadDefaultProfile().name).toBe(DEFAULT_PROFILE_NAME);
    expect(DEFAULT_PROFILE_NAME).toBe('published');
    for (const name of SHIPPED_PROFILE_NAMES) expect(CALIBRATION_OPTION_HELP).toContain(name);
  });

  describe.each(SHIPPED_PROFILE_NAMES)('%s', (name) => {
    const profile = loadShippedProfile(name);
    const raw = rawText(name);

    it('validates against ProfileSchema as stored', () => {
      const result = ProfileSchema.safeParse(JSON.parse(raw));
      expect(result.success).toBe(true);
      expect(profile.origin.kind).toBe('published');
      expect(profile.origin.createdAt).toBe('2026-11-23');
    });

    it('gives every coefficient a non-empty source that cites a URL or a project document', () => {
      const all = coefficients(profile);
      expect(all.length).toBe(3 * 11 + 12);
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

    it('stores exactly what src/calibration/derivation.ts derives', () => {
      expect(derivationMismatches(profile, DERIVATIONS[name]())).toEqual([]);
    });
  });

  it('the derivation check fails when a stored number drifts from its source', () => {
    const drifted = structuredClone(loadDefaultProfile());
    drifted.queueTypes.quorum.replicaCpuMicros.value += 0.01;
    drifted.node.cpuEfficiency[2]!.usableFraction = 0.6;
    expect(derivationMismatches(drifted, derivePublishedNumbers())).toEqual([
      expect.stringMatching(/^queueTypes\.quorum\.replicaCpuMicros: stored 261\.12/),
      expect.stringMatching(/^node\.cpuEfficiency\[2\]\.usableFraction: stored 0\.6, derived 0\.42/),
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

describe('published (default): the cloud-anchored derivation (docs/calibration.md part B)', () => {
  const profile = loadDefaultProfile();
  const lab = loadShippedProfile('published-lab');
  const derived = derivePublishedNumbers();

  it('puts the anchor cluster (3 × 16 vCPU, quorum, 1 KiB, RF 3) at its published top rate at 100% CPU', () => {
    const usableCores = VL20QQ_ANCHOR_NODES * VL20QQ_ANCHOR_VCPUS_PER_NODE * profile.node.cpuEfficiency[1]!.usableFraction;
    const rate = (usableCores * 1e6) / clusterMicros(profile, 'quorum', VL20QQ_BODY_BYTES, VL20QQ_REPLICATION_FACTOR);
    expect(rate / derived.anchor.anchorMsgPerSec).toBeCloseTo(1, 3);
    expect(derived.anchor.anchorMsgPerSec).toBe(36_500);
    expect(derived.anchor.clusterCpuMicrosPerMessage).toBeCloseTo(1183.562, 3);
  });

  it('puts the 3 × 36 vCPU cluster at its published top rate through the derived 36 vCPU point', () => {
    const point = profile.node.cpuEfficiency.find((p) => p.vcpus === VL20QQ_LARGE_VCPUS_PER_NODE)!;
    const rate = (3 * 36 * point.usableFraction * 1e6) / clusterMicros(profile, 'quorum', 1024, 3);
    expect(rate).toBeGreaterThan(38_400);
    expect(rate).toBeLessThan(38_600);
    expect(point.usableFraction).toBeLessThan(lab.node.cpuEfficiency[2]!.usableFraction);
  });

  it('scales every per-message CPU stage of every queue type by one factor and keeps the per-byte cost', () => {
    const factor = derived.anchor.stageFactor;
    expect(factor).toBeCloseTo(15.186, 3);
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
  });

  it('keeps the lab profile’s queue ceilings, memory, disk and network coefficients', () => {
    const changed = new Set([...STAGES.flatMap((s) => QUEUE_TYPE_NAMES.map((t) => `queueTypes.${t}.${s}`)), 'node.connectionOpenCpuMicros']);
    const labValues = new Map(coefficients(lab).map(([path, c]) => [path, c.value]));
    for (const [path, c] of coefficients(profile)) {
      if (!changed.has(path)) expect(c.value, path).toBe(labValues.get(path));
    }
    expect(profile.node.cpuEfficiency.slice(0, 2)).toEqual(lab.node.cpuEfficiency.slice(0, 2));
  });

  it('records the anchor arithmetic in origin.fit as derivation.ts computes it', () => {
    const fit = (profile.origin.fit as { clusterCpuAnchor: Record<string, unknown> }).clusterCpuAnchor;
    const a = derived.anchor;
    expect(fit.clusterCpuMicrosPerMessage).toBeCloseTo(a.clusterCpuMicrosPerMessage, 3);
    expect(fit.bodyMicros).toBeCloseTo(a.bodyMicros, 3);
    expect(fit.labStageMicros).toBeCloseTo(a.labStageMicros, 3);
    expect(fit.stageFactor).toBeCloseTo(a.stageFactor, 3);
    expect(fit.topMsgPerSec).toEqual({ io1: 37_000, gp2: 36_000, mean: a.anchorMsgPerSec });
    expect(fit.versionAdjustment).toMatchObject({ applied: false, factor: Number(a.unappliedVersionFactor.toFixed(3)) });
  });

  it('does not apply the 3.10-vs-3.9 version factor (documented, not used)', () => {
    expect(derived.anchor.unappliedVersionFactor).toBeCloseTo(35_394 / 22_603, 6);
    // Applying it would put the anchor cluster at 1.566 × 36,500 msg/s: the stored profile does not.
    const rate = (43.2 * 1e6) / clusterMicros(profile, 'quorum', 1024, 3);
    expect(rate).toBeLessThan(36_600);
  });

  it('charges the 1 KiB RF 3 quorum message 13× the lab profile, and carries ≈ 9,100 msg/s on 3 × 4 vCPU (docs/calibration.md B §6)', () => {
    const perMessage = clusterMicros(profile, 'quorum', 1024, 3);
    expect(perMessage).toBeCloseTo(1183.56, 0);
    expect(perMessage / clusterMicros(lab, 'quorum', 1024, 3)).toBeCloseTo(13.2, 1);
    const usableCores = 3 * 4 * profile.node.cpuEfficiency[0]!.usableFraction;
    expect((usableCores * 1e6) / perMessage).toBeCloseTo(9_125, -1);
    // Classic, not replicated, on the same cluster: ≈ 20,700 msg/s.
    expect((usableCores * 1e6) / clusterMicros(profile, 'classic', 1024, 1)).toBeCloseTo(20_740, -1);
  });

  it('stays within the bounds docs/calibration.md B §5 states against every published cluster figure', () => {
    // model ÷ published, by how the figure bounds capacity (see ObservationKind).
    const bounds = { top: [0.55, 1.2], 'top-not-cpu': [1, 1.35], reached: [0.85, 1.1], exceeds: [1, 1.25], vendor: [0.7, 1.6] } as const;
    const outside: string[] = [];
    for (const o of DEFAULT_PROFILE_CROSS_CHECKS) {
      const usable = usableCpuFraction(o.vcpusPerNode, profile.node.cpuEfficiency);
      const model = clusterCapacityMsgPerSec(storedStages(profile, o.queueType), o.sizeBytes, o.replicationFactor, o.nodes, o.vcpusPerNode, usable);
      const [lo, hi] = bounds[o.kind];
      const ratios = [model / o.msgPerSec[1], model / o.msgPerSec[0]];
      if (ratios[0]! < lo || ratios[1]! > hi) outside.push(`${o.id}: model ${Math.round(model)} msg/s, ratio ${ratios.map((r) => r.toFixed(2)).join('–')} outside ${lo}–${hi}`);
    }
    expect(outside).toEqual([]);
    // The lab profile is 8–20× above the same figures: the reason the default changed.
    const lab3x4 = (3 * 4 * 0.9 * 1e6) / clusterMicros(lab, 'quorum', 1024, 3);
    expect(lab3x4 / 6_000).toBeGreaterThan(19);
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
    const bad = JSON.parse(rawProfileText) as Record<string, any>;
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
    const bad = JSON.parse(rawProfileText) as Record<string, any>;
    bad.queueTypes.stream.publishCpuMicro = bad.queueTypes.stream.publishCpuMicros;
    delete bad.queueTypes.stream.publishCpuMicros;
    const path = write('typo.json', JSON.stringify(bad));
    const problems = problemsOf(() => loadProfileFile(path));
    expect(problems.some((p) => p.startsWith(`${path}: queueTypes.stream`) && p.includes('"publishCpuMicro"'))).toBe(true);
    expect(problems.some((p) => p.includes('did you mean "publishCpuMicros"'))).toBe(true);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
  });

  it('rejects CPU-efficiency points out of vCPU order', () => {
    const bad = JSON.parse(rawProfileText) as Record<string, any>;
    bad.node.cpuEfficiency.reverse();
    const path = write('order.json', JSON.stringify(bad));
    const problems = problemsOf(() => loadProfileFile(path));
    expect(problems[0]).toMatch(new RegExp(`^${escape(path)}: node\\.cpuEfficiency\\[1\\]\\.vcpus: expected a vCPU count above the previous point's 36 .*, got 16$`));
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
