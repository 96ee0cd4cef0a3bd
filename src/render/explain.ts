/**
 * --explain: the arithmetic behind the binding constraint, as the model wrote it, plus the
 * forecast each workload was sized for. Plain lines; the caller indents and decorates them.
 */
import type { SizeResult } from '../model/types.js';
import { basisLines, bindingSentence } from './phrases.js';
import { explainedLines } from './findings.js';

export function explainLines(result: SizeResult): string[] {
  const lines: string[] = [];
  const plan = result.plan;
  if (plan) {
    lines.push(`${bindingSentence(plan.binding)}`);
    lines.push(...explainedLines(plan.binding).map((line) => `  ${line}`));
  } else {
    lines.push('No plan was evaluated, so there is no arithmetic to show.');
  }
  lines.push('Sizing basis (forecast peak per workload):');
  lines.push(...basisLines(result).map((line) => `  ${line}`));
  return lines;
}
