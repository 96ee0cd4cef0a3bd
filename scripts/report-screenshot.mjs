#!/usr/bin/env node
/**
 * Renders an HTML report in headless Chromium and writes a PNG of the whole page, to look at
 * the report as a person would and keep a picture of it in the docs.
 *
 *   node scripts/report-screenshot.mjs                        size, check and bench reports of the fixtures → docs/images/
 *   node scripts/report-screenshot.mjs report.html out.png    any report
 *
 * Builds nothing: run `npm run build` first (the default mode runs dist/bin/rmq-plan.js). Needs Debian's
 * chromium (scripts/install-chromium.sh). Fails when the page logs a console error or a request
 * fails (a self-contained report makes none).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumAvailable, chromiumPath, withPage } from './lib/chromium-cdp.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'bin', 'rmq-plan.js');
/** Page width of the screenshots: a laptop browser window. */
const VIEWPORT = { width: 1280, height: 900 };

/**
 * The reports kept under docs/images/: what `size`, `check` and `report --bench` draw for the
 * fixtures. `out` is the flag that names the HTML file. The check is pinned to the lab profile,
 * under which the undersized cluster still has a runway to draw (under the default one its CPU is
 * over 100% and its latency infinite from month 0). The bench run is a real one on this
 * project's local broker (docs/measurements/bench-run-1kib.json: classic transient and quorum,
 * 1 KiB, `rmq-plan bench --queue-types classic,quorum --persistent false --sizes 1KiB`).
 */
const DEFAULT_SHOTS = [
  { name: 'report-size', args: ['size', 'fixtures/workloads/small-single-app.yaml'], out: '--report' },
  {
    name: 'report-check',
    args: [
      'check',
      'fixtures/workloads/multi-tenant-high-throughput.yaml',
      '--cluster',
      'fixtures/clusters/multi-tenant-undersized.yaml',
      '--budget',
      '900',
      '--calibration',
      'published-lab',
    ],
    out: '--report',
  },
  { name: 'report-bench', args: ['report', '--bench', 'docs/measurements/bench-run-1kib.json'], out: '--out' },
  // A failing check under the default profile: CPU past 100% and the p99 unbounded from month 0 —
  // the runway draws the worst finite miss and says why the p99 has no line.
  {
    name: 'report-check-failing',
    args: ['check', 'fixtures/workloads/multi-tenant-high-throughput.yaml', '--cluster', 'fixtures/clusters/multi-tenant-undersized.yaml'],
    out: '--report',
  },
  // A shared cluster: the cost by workload (stacked bar, shares, plans without the largest tenants).
  { name: 'report-size-tenants', args: ['size', 'fixtures/workloads/multi-tenant-high-throughput.yaml'], out: '--report' },
  // GCP instance names with hyphens in the summary tiles (n2-standard-4).
  { name: 'report-size-zones', args: ['size', 'fixtures/workloads/zone-failure.yaml'], out: '--report' },
];

async function shoot(html, png) {
  await withPage(html, VIEWPORT, async (page) => {
    const points = await page.evaluate('document.querySelectorAll("svg.chart .point").length');
    const image = await page.screenshot({ fullPage: true });
    if (page.problems.length > 0) throw new Error(`${html}: the page reported problems:\n${page.problems.join('\n')}`);
    mkdirSync(dirname(png), { recursive: true });
    writeFileSync(png, image);
    console.log(`${relative(process.cwd(), png)}: ${image.length.toLocaleString('en-US')} bytes, ${points} data points drawn`);
  });
}

async function main() {
  if (!chromiumAvailable()) {
    console.error(`report-screenshot: ${chromiumPath()} not found; run scripts/install-chromium.sh`);
    process.exit(2);
  }
  const [html, png] = process.argv.slice(2);
  if (html) {
    if (!png) throw new Error('usage: report-screenshot.mjs [report.html out.png]');
    await shoot(html, png);
    return;
  }
  if (!existsSync(CLI)) {
    console.error('report-screenshot: dist/bin/rmq-plan.js is missing; run `npm run build` first');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-report-'));
  try {
    for (const shot of DEFAULT_SHOTS) {
      const file = join(dir, `${shot.name}.html`);
      const run = spawnSync(process.execPath, [CLI, ...shot.args, shot.out, file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      if (run.status !== 0 && run.status !== 1) throw new Error(`rmq-plan ${shot.args.join(' ')}: exit ${run.status}\n${run.stderr}`);
      await shoot(file, join(ROOT, 'docs', 'images', `${shot.name}.png`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`report-screenshot: ${error.message}`);
  process.exit(1);
});
