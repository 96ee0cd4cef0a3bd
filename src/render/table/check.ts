/**
 * The check's default output, for a terminal or a CI log: the verdict and each failure on its
 * own line first, then the runway, the cluster, and the size report's resource and layout
 * tables (shared with `size`, src/render/table/size.ts). Deterministic: no time, no colour unless
 * the terminal asks for it.
 */
import type { Palette } from '../colour.js';
import type { ReportContext } from '../context.js';
import { costSummary, diskSummary, haSummary, instanceSummary } from '../phrases.js';
import { layoutTable, resourcesSection } from './size.js';
import { wrapProse } from '../width.js';
import { checkedAt, clusterTitle, costText, runwayText, verdictSummary } from '../check-phrases.js';
import type { CheckResult } from '../../check/types.js';
import { shortfallText } from '../findings.js';
import { checkWarningTexts } from '../warnings.js';

const INDENT = '  ';
/** Width of the label column in the "Cluster" block (as the size report's "Plan" block). */
const LABEL_WIDTH = 15;

export interface CheckSource {
  workloadFile: string;
  clusterFile: string | null;
}

export function renderCheckTable(result: CheckResult, source: CheckSource, c: Palette, width = Number.POSITIVE_INFINITY): string {
  const plan = result.plan;
  const out: string[] = [];
  const name = result.request.workload.name ? ` · ${result.request.workload.name}` : '';
  const cluster = source.clusterFile ? ` · cluster ${source.clusterFile}` : ' · cluster from flags';
  out.push(c.dim(`rmq-plan check · ${source.workloadFile}${name}${cluster}`), '');

  const badge = result.verdict === 'pass' ? c.good('✔ PASS') : c.bad('✘ FAIL');
  out.push(`${badge}  ${c.bold(clusterTitle(plan))} · ${c.bold(costText(result))} · ${verdictSummary(result)}`);
  out.push(...result.failures.map((f) => `${INDENT}${c.bad('✘')} ${shortfallText(f)}`), '');

  const runway = runwayText(result.runway);
  out.push(c.heading('Growth runway'), `${INDENT}${runway.ok ? c.good('✔') : c.bad('✘')} ${runway.text}`, '');

  const it = plan.instanceType;
  const ctx: ReportContext = { file: source.workloadFile, workload: result.request.workload, explain: false };
  const rows: [string, string][] = [
    ['Instance type', `${it.provider} ${it.name} (${it.category}): ${instanceSummary(it)}`],
    ['Nodes', haSummary(plan, ctx.workload)],
    ['Disk per node', diskSummary(plan.disk)],
    ['Monthly cost', costSummary(plan)],
    ['Checked at', checkedAt(result)],
  ];
  out.push(
    c.heading('Cluster'),
    ...wrapProse(
      rows.map(([label, value]) => `${INDENT}${label.padEnd(LABEL_WIDTH)}${value}`),
      width,
      INDENT.length + LABEL_WIDTH,
    ),
    '',
  );
  out.push(...resourcesSection(plan, ctx, c, width), '');
  out.push(c.heading('Queue layout'), layoutTable(plan, width), '');
  if (result.notes.length > 0) out.push(c.heading('Inputs'), ...result.notes.map((n) => `${INDENT}· ${n}`), '');
  const warnings = checkWarningTexts(result);
  if (warnings.length > 0) out.push(c.heading('Warnings'), ...warnings.map((w) => `${INDENT}${c.warn('!')} ${w}`), '');
  return `${wrapProse(out.join('\n').split('\n'), width).join('\n').trimEnd()}\n`;
}
