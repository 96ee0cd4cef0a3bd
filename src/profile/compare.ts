/**
 * What changed between two calibration profiles, coefficient by coefficient (old, new, % change,
 * where the new value comes from), and in their metadata. Pure.
 */
import type { Coefficient, Profile } from '../schema/profile.js';

export type CoefficientGroup = 'quorum' | 'classic' | 'stream' | 'node';

export interface CoefficientChange {
  group: CoefficientGroup;
  name: string;
  /** Path in the profile, e.g. queueTypes.quorum.cpuNanosPerByte. */
  path: string;
  unit: string;
  old: number;
  new: number;
  /** (new − old) ÷ old × 100; null when old is 0 and new is not (no relative change). */
  changePercent: number | null;
  changed: boolean;
  oldSource: string;
  newSource: string;
}

export interface OriginChange {
  field: string;
  old: string | number | null;
  new: string | number | null;
}

export interface ProfileDiff {
  old: { name: string; kind: string; createdAt: string };
  new: { name: string; kind: string; createdAt: string };
  coefficients: CoefficientChange[];
  /** The CPU-efficiency curve, when it differs (old and new points as "vcpus→fraction"). */
  cpuEfficiency: { old: string; new: string } | null;
  origin: OriginChange[];
}

const QUEUE_GROUPS = ['quorum', 'classic', 'stream'] as const;
const ORIGIN_FIELDS = [
  'kind',
  'createdAt',
  'brokerVersion',
  'erlangVersion',
  'nodes',
  'coresPerNode',
  'memoryBytesPerNode',
  'hardware',
  'fsyncLatencyMs',
] as const;

/** Relative change in percent; null when it has no meaning (from 0 to non-zero). */
export function changePercent(oldValue: number, newValue: number): number | null {
  if (oldValue === newValue) return 0;
  if (oldValue === 0) return null;
  return ((newValue - oldValue) / oldValue) * 100;
}

function change(group: CoefficientGroup, name: string, path: string, a: Coefficient, b: Coefficient): CoefficientChange {
  return {
    group,
    name,
    path,
    unit: b.unit,
    old: a.value,
    new: b.value,
    changePercent: changePercent(a.value, b.value),
    changed: a.value !== b.value,
    oldSource: a.source,
    newSource: b.source,
  };
}

/** An optional coefficient one profile lacks reads as 0 (the model's value when absent). */
function absent(other: Coefficient): Coefficient {
  return { value: 0, unit: other.unit, source: 'absent from this profile (the model uses 0)' };
}

function curveText(profile: Profile): string {
  return profile.node.cpuEfficiency.map((p) => `${p.vcpus}→${p.usableFraction}`).join(', ');
}

function originValue(profile: Profile, field: (typeof ORIGIN_FIELDS)[number]): string | number | null {
  const v = profile.origin[field];
  return v === undefined ? null : v;
}

export function diffProfiles(a: Profile, b: Profile): ProfileDiff {
  const coefficients: CoefficientChange[] = [];
  for (const group of QUEUE_GROUPS) {
    const names = new Set([...Object.keys(a.queueTypes[group]), ...Object.keys(b.queueTypes[group])]) as Set<keyof Profile['queueTypes'][typeof group]>;
    for (const name of names) {
      coefficients.push(
        change(
          group,
          name,
          `queueTypes.${group}.${name}`,
          a.queueTypes[group][name] ?? absent(b.queueTypes[group][name]!),
          b.queueTypes[group][name] ?? absent(a.queueTypes[group][name]!),
        ),
      );
    }
  }
  const nodeNames = new Set([...Object.keys(a.node), ...Object.keys(b.node)]) as Set<keyof Profile['node']>;
  for (const name of nodeNames) {
    if (name === 'cpuEfficiency') continue;
    const x = a.node[name] as Coefficient | undefined;
    const y = b.node[name] as Coefficient | undefined;
    coefficients.push(change('node', name, `node.${name}`, x ?? absent(y!), y ?? absent(x!)));
  }
  const curveA = curveText(a);
  const curveB = curveText(b);
  const origin: OriginChange[] = [];
  for (const field of ORIGIN_FIELDS) {
    const x = originValue(a, field);
    const y = originValue(b, field);
    if (x !== y) origin.push({ field, old: x, new: y });
  }
  return {
    old: { name: a.name, kind: a.origin.kind, createdAt: a.origin.createdAt },
    new: { name: b.name, kind: b.origin.kind, createdAt: b.origin.createdAt },
    coefficients,
    cpuEfficiency: curveA === curveB ? null : { old: curveA, new: curveB },
    origin,
  };
}
