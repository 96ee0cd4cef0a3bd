/**
 * `check --format markdown`: a compact pull-request comment. The verdict comes first (one ✅/❌
 * line a reviewer sees in the notification), then the failures, the size report's resource
 * table (src/render/markdown/size.ts), the growth runway, and the inputs folded away.
 */
import type { ReportContext } from '../context.js';
import { resourcesSection } from './size.js';
import { checkedAt, clusterTitle, costText, runwayText, verdictSummary } from '../check-phrases.js';
import type { CheckSource } from '../table/check.js';
import type { CheckResult } from '../../check/types.js';
import { shortfallText } from '../findings.js';
import { checkWarningTexts } from '../warnings.js';

export function renderCheckMarkdown(result: CheckResult, source: CheckSource): string {
  const plan = result.plan;
  const name = result.request.workload.name ?? source.workloadFile;
  const mark = result.verdict === 'pass' ? '✅' : '❌';
  const out: string[] = [
    `${mark} **rmq-plan check: ${inline(name)} ${result.verdict === 'pass' ? 'passes' : 'fails'}**: ${verdictSummary(result)} · ${clusterTitle(plan)} · ${costText(result)}`,
    '',
  ];
  if (result.failures.length > 0) out.push(...result.failures.map((f) => `- ❌ ${inline(shortfallText(f))}`), '');
  out.push(`Checked at ${inline(checkedAt(result))}; cluster ${source.clusterFile ? `\`${source.clusterFile}\`` : 'from flags'}.`, '');
  const ctx: ReportContext = { file: source.workloadFile, workload: result.request.workload, explain: false };
  out.push(...resourcesSection(plan, ctx), '');
  const runway = runwayText(result.runway);
  out.push('## Growth runway', '', `${runway.ok ? '✅' : '❌'} ${inline(runway.text)}`, '');
  const details = [...result.notes.map((n) => `- ${inline(n)}`), ...checkWarningTexts(result).map((w) => `- ⚠️ ${inline(w)}`)];
  if (details.length > 0) out.push('<details><summary>Inputs and warnings</summary>', '', ...details, '', '</details>', '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** One line of Markdown: newlines would end the bullet or paragraph. */
function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}
