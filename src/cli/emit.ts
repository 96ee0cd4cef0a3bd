/**
 * `rmq-plan size <workload> --emit definitions|commands`: the plan's layout as something ops
 * apply, printed alone on stdout (so `> defs.json` captures exactly the document). Messages go
 * to stderr. Exit code as for `size`: 0 when the plan meets every target, 1 when the layout is
 * that of the closest (infeasible) candidate, 3… never (no I/O but stdout).
 */
import { ExitCode, PlanFailedError } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import type { EvaluatedPlan, SizeResult } from '../model/types.js';
import type { WorkloadFile } from '../schema/workload.js';
import { shortfallText } from '../render/findings.js';
import { buildCommands } from '../emit/commands.js';
import { buildDefinitions } from '../emit/definitions.js';
import { nodeNamesFor, type EmitKind, type EmitSettings } from '../emit/options.js';
import { planPlacement } from '../emit/placement.js';
import { checkZoneLoss, describeZoneFailures } from '../emit/zone-check.js';

/** The document for one plan (also used by tests). */
export function emitLayout(
  plan: EvaluatedPlan,
  workload: WorkloadFile,
  file: string,
  kind: EmitKind,
  nodeNames: string[] | null,
): { text: string; zoneProblems: string[] } {
  const names = nodeNamesFor(plan.nodes, nodeNames);
  const placement = planPlacement(plan, workload);
  const zoneCheck = checkZoneLoss(placement.queues, placement.zoneOfNode);
  const text =
    kind === 'definitions'
      ? `${JSON.stringify(buildDefinitions(plan, workload, placement, zoneCheck, names, file), null, 2)}\n`
      : buildCommands(plan, workload, placement, zoneCheck, names, file);
  return { text, zoneProblems: placement.surviveZoneLoss ? describeZoneFailures(zoneCheck) : [] };
}

export function runEmit(result: SizeResult, workload: WorkloadFile, file: string, settings: EmitSettings, io: CliIo): ExitCode {
  if (result.plan === null) {
    const firstReason = result.infeasibility?.reasons[0];
    throw new PlanFailedError([
      `${file}: no plan to emit: ${firstReason === undefined ? 'nothing fits the constraints' : shortfallText(firstReason)} (run without --emit for the full report)`,
    ]);
  }
  const { text, zoneProblems } = emitLayout(result.plan, workload, file, settings.kind, settings.nodeNames);
  io.stdout(text);
  for (const p of zoneProblems) io.stderr(`rmq-plan: warning: ${p}\n`);
  if (!result.feasible) {
    io.stderr(`rmq-plan: the plan does not meet every target; emitted the closest candidate's layout (run without --emit for why)\n`);
    return ExitCode.targetsNotMet;
  }
  return zoneProblems.length > 0 ? ExitCode.targetsNotMet : ExitCode.ok;
}
