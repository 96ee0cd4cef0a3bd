import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { problemsOf } from './support/problems.js';
import { filterDiskOptions, filterInstanceTypes, loadCatalogFile, DEFAULT_CATALOG_URL, loadDefaultCatalog, parseCatalogText } from '../src/catalog/load.js';
import { formatPath } from '../src/io/zod-problems.js';
import { CatalogSchema, type Catalog } from '../src/catalog/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A deep copy of the shipped catalog to mutate in tests. */
function shippedCopy(): Catalog {
  return structuredClone(loadDefaultCatalog());
}

describe('shipped catalog (data/catalog.json)', () => {
  const catalog = loadDefaultCatalog();

  it('is stored exactly as its schema parses it, without duplicate keys (so the tool reads it as plain JSON)', () => {
    const path = fileURLToPath(DEFAULT_CATALOG_URL);
    const text = readFileSync(path, 'utf8');
    expect(parseCatalogText(text, path, 'json')).toEqual(JSON.parse(text));
    expect(catalog).toEqual(JSON.parse(text));
  });

  it('validates against the schema', () => {
    expect(CatalogSchema.safeParse(catalog).success).toBe(true);
    expect(catalog.version).toBe(1);
    expect(catalog.hoursPerMonth).toBe(730);
  });

  it('is cached', () => {
    expect(loadDefaultCatalog()).toBe(catalog);
  });

  it('has (provider, name) unique for instance types and for disk options', () => {
    const inst = catalog.instanceTypes.map((t) => `${t.provider}/${t.name}`);
    expect(new Set(inst).size).toBe(inst.length);
    const disks = catalog.diskOptions.map((d) => `${d.provider}/${d.name}`);
    expect(new Set(disks).size).toBe(disks.length);
  });

  it('has every instance baseline network ≤ its burst when a burst is given', () => {
    for (const t of catalog.instanceTypes) {
      if (t.networkBurstGbps !== undefined) {
        expect(t.networkGbps, t.name).toBeLessThanOrEqual(t.networkBurstGbps);
      }
    }
  });

  it('covers all three providers, every category, and 2 to 64 vCPU', () => {
    for (const provider of ['aws', 'gcp', 'azure'] as const) {
      const types = catalog.instanceTypes.filter((t) => t.provider === provider);
      expect(types.length, provider).toBeGreaterThanOrEqual(6);
      expect(new Set(types.map((t) => t.category))).toEqual(new Set(['general', 'compute', 'memory']));
      expect(
        catalog.diskOptions.some((d) => d.provider === provider),
        `${provider} disk`,
      ).toBe(true);
    }
    const vcpus = catalog.instanceTypes.map((t) => t.vcpus);
    expect(Math.min(...vcpus)).toBe(2);
    expect(Math.max(...vcpus)).toBeLessThanOrEqual(64);
  });

  it('keeps the AWS "up to" sizes at their baseline (m5.xlarge: 1.25 Gbps sustained, 10 Gbps burst)', () => {
    const m5x = catalog.instanceTypes.find((t) => t.provider === 'aws' && t.name === 'm5.xlarge');
    expect(m5x?.networkGbps).toBe(1.25);
    expect(m5x?.networkBurstGbps).toBe(10);
    expect(m5x?.diskMaxThroughputMBps).toBe(143.75);
    expect(m5x?.diskMaxIops).toBe(6000);
  });

  it('gives every entry a source, a date and a verification status', () => {
    for (const e of [...catalog.instanceTypes, ...catalog.diskOptions]) {
      expect(e.source, e.name).toMatch(/^https?:\/\//);
      expect(e.sourceDate, e.name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['search-corpus', 'unverified']).toContain(e.verified);
    }
    for (const d of catalog.diskOptions) {
      expect(d.writeLatencySource.length, d.name).toBeGreaterThan(20);
      expect(d.minSizeGiB).toBeLessThanOrEqual(d.maxSizeGiB);
    }
  });

  it('says in the notes what is unverified for every unverified entry', () => {
    for (const e of [...catalog.instanceTypes, ...catalog.diskOptions]) {
      if (e.verified === 'unverified') expect(e.notes ?? '', e.name).toMatch(/UNVERIFIED/);
    }
  });
});

describe('loadCatalogFile', () => {
  it('accepts the shipped catalog written as JSON', () => {
    const path = write('copy.json', JSON.stringify(shippedCopy()));
    expect(loadCatalogFile(path).instanceTypes.length).toBe(loadDefaultCatalog().instanceTypes.length);
  });

  it('accepts a YAML catalog', () => {
    const path = write(
      'small.yaml',
      `version: 1
description: one AWS type and one disk
hoursPerMonth: 730
instanceTypes:
  - provider: aws
    name: m6i.xlarge
    family: m6i
    category: general
    vcpus: 4
    memoryGiB: 16
    networkGbps: 1.562
    networkBurstGbps: 12.5
    diskMaxThroughputMBps: 156.25
    diskMaxIops: 6000
    pricePerHourUsd: 0.192
    region: us-east-1
    source: https://example.com/my-own-measurements
    sourceDate: 2026-01-19
    verified: unverified
diskOptions:
  - provider: aws
    name: gp3
    media: ssd
    minSizeGiB: 1
    maxSizeGiB: 16384
    pricePerGiBMonthUsd: 0.08
    baselineIops: 3000
    iopsPerGiB: 0
    maxIops: 16000
    pricePerProvisionedIopsMonthUsd: 0.005
    baselineThroughputMBps: 131.072
    throughputMBpsPerGiB: 0
    maxThroughputMBps: 1048.576
    pricePerProvisionedMBpsMonthUsd: 0.04
    writeLatencyMs: 2
    writeLatencySource: "assumption: measured on our own cluster"
    source: https://example.com/my-own-measurements
    sourceDate: 2026-01-19
    verified: unverified
`,
    );
    const catalog = loadCatalogFile(path);
    expect(catalog.instanceTypes).toHaveLength(1);
    expect(catalog.instanceTypes[0]?.name).toBe('m6i.xlarge');
    expect(catalog.diskOptions[0]?.maxThroughputMBps).toBe(1048.576);
  });

  it('names the field path, what was expected and what was given', () => {
    const bad = shippedCopy() as unknown as { instanceTypes: Record<string, unknown>[] };
    const third = bad.instanceTypes[3];
    if (third === undefined) throw new Error('catalog too small');
    third['vcpus'] = 'four';
    const path = write('bad.json', JSON.stringify(bad));
    const problems = problemsOf(() => loadCatalogFile(path));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(`${path}: instanceTypes[3].vcpus: expected an integer > 0 and ≤ 1024, got string "four"`);
  });

  it('reports several problems at once, one per line, including unknown and missing fields', () => {
    const bad = shippedCopy() as unknown as {
      hoursPerMonth: unknown;
      instanceTypes: Record<string, unknown>[];
      diskOptions: Record<string, unknown>[];
    };
    bad.hoursPerMonth = -730;
    const first = bad.instanceTypes[0];
    const disk = bad.diskOptions[1];
    if (first === undefined || disk === undefined) throw new Error('catalog too small');
    first['vcpus'] = 2.5;
    first['category'] = 'storage';
    first['networkGbs'] = 10; // misspelt
    delete disk['maxIops'];
    const path = write('many.yaml', JSON.stringify(bad)); // JSON is valid YAML
    const problems = problemsOf(() => loadCatalogFile(path));
    expect(problems).toEqual(
      expect.arrayContaining([
        `${path}: hoursPerMonth: expected a number > 0 and ≤ 744, got -730`,
        `${path}: instanceTypes[0].vcpus: expected an integer > 0 and ≤ 1024, got 2.5`,
        `${path}: instanceTypes[0].category: expected one of "general", "compute", "memory", got string "storage"`,
        expect.stringMatching(/^.*: instanceTypes\[0\]: unknown field "networkGbs" \(did you mean "networkGbps"\?; expected one of: provider, name, /),
        `${path}: diskOptions[1].maxIops: expected a number > 0 and ≤ 10,000,000, got nothing (this field is required)`,
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('reports cross-field problems: duplicates, burst below baseline, provider without disks, size range', () => {
    const c = shippedCopy();
    const first = c.instanceTypes[0];
    if (first === undefined) throw new Error('catalog too small');
    c.instanceTypes.push({ ...first, networkBurstGbps: first.networkGbps / 2 });
    const disk = c.diskOptions.find((d) => d.provider === 'aws' && d.name === 'gp3');
    if (disk === undefined) throw new Error('no gp3');
    disk.minSizeGiB = 100000;
    c.diskOptions = c.diskOptions.filter((d) => d.provider !== 'azure');
    const path = write('cross.json', JSON.stringify(c));
    const problems = problemsOf(() => loadCatalogFile(path));
    const last = c.instanceTypes.length - 1;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`instanceTypes\\[${last}\\]\\.name: expected a unique \\(provider, name\\), got "aws" "${first.name}" again`)),
        expect.stringMatching(new RegExp(`instanceTypes\\[${last}\\]\\.networkBurstGbps: expected networkBurstGbps ≥ networkGbps`)),
        expect.stringMatching(/diskOptions\[\d+\]\.minSizeGiB: expected minSizeGiB ≤ maxSizeGiB \(16384\), got 100000/),
        expect.stringMatching(/: diskOptions: expected at least one disk option for provider "azure"/),
      ]),
    );
  });

  it('reports unreadable and unparsable files as InputError', () => {
    const missing = join(dir, 'nope.json');
    expect(problemsOf(() => loadCatalogFile(missing))).toEqual([`${missing}: cannot read: no such file`]);
    const broken = write('broken.json', '{"version": 1,');
    expect(problemsOf(() => loadCatalogFile(broken))[0]).toMatch(/broken\.json: line 1, column \d+: invalid JSON: /);
    const brokenYaml = write('broken.yaml', 'version: 1\n  - : [\n');
    expect(problemsOf(() => loadCatalogFile(brokenYaml))[0]).toMatch(/broken\.yaml: line \d+, column \d+: invalid YAML: /);
    const notAnObject = write('list.yaml', '- 1\n- 2\n');
    expect(problemsOf(() => loadCatalogFile(notAnObject))).toEqual([
      `${notAnObject}: (top level): expected an object {version, description, hoursPerMonth, instanceTypes, diskOptions}, got a list of 2 items`,
    ]);
  });
});

describe('filterInstanceTypes / filterDiskOptions', () => {
  const catalog = loadDefaultCatalog();

  it('returns everything without filters and does not modify the catalog', () => {
    const before = JSON.stringify(catalog);
    expect(filterInstanceTypes(catalog)).toHaveLength(catalog.instanceTypes.length);
    expect(JSON.stringify(catalog)).toBe(before);
  });

  it('filters by provider, family, name and category (names and families case-insensitive)', () => {
    expect(filterInstanceTypes(catalog, { providers: ['gcp'] }).every((t) => t.provider === 'gcp')).toBe(true);
    const m6i = filterInstanceTypes(catalog, { families: ['M6I'] });
    expect(m6i.length).toBeGreaterThan(0);
    expect(m6i.every((t) => t.family === 'm6i')).toBe(true);
    expect(filterInstanceTypes(catalog, { names: ['standard_d4s_v5'] }).map((t) => t.name)).toEqual(['Standard_D4s_v5']);
    const memAzure = filterInstanceTypes(catalog, { providers: ['azure'], categories: ['memory'] });
    expect(memAzure.length).toBeGreaterThan(0);
    expect(memAzure.every((t) => t.provider === 'azure' && t.category === 'memory')).toBe(true);
    expect(filterInstanceTypes(catalog, { names: [] })).toEqual([]);
  });

  it('filters disk options', () => {
    expect(
      filterDiskOptions(catalog, { providers: ['aws'] })
        .map((d) => d.name)
        .sort(),
    ).toEqual(['gp2', 'gp3', 'io2']);
    expect(filterDiskOptions(catalog, { names: ['PD-SSD'] }).map((d) => d.provider)).toEqual(['gcp']);
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['instanceTypes', 3, 'vcpus'])).toBe('instanceTypes[3].vcpus');
    expect(formatPath([])).toBe('(top level)');
  });
});
