import { appendJsonl } from '../engine/io/jsonl';
import { toCritiqueRecord } from '../engine/export/critique-record';
import type { CommandContext } from './context';
import type { ExportCritiqueResult } from '../../../protocol/server';

/**
 * "Export Critique Record": appends the document's current critique as one training record.
 * Only a critique of exactly this text: pairing a critique with other steps would teach the
 * wrong thing.
 */
export async function exportCritique(ctx: Pick<CommandContext, 'checks' | 'critic' | 'document'>, args: unknown[]): Promise<ExportCritiqueResult> {
  const [uri, file] = args as [string, string];
  const doc = ctx.document(uri);
  const check = doc && ctx.checks.get(uri);
  if (!doc || !check?.solution) throw new Error('MathCritic: the document is not open or is not a solution.');
  const steps = check.solution.steps.map((s) => s.text);
  const critique = ctx.critic.critiqueOf(uri, steps);
  if (!critique) throw new Error('MathCritic: there is no critique of this text yet: run "MathCritic: Critique Document" first.');
  if (typeof file !== 'string' || !file.endsWith('.jsonl')) throw new Error('MathCritic: export to a .jsonl file.');
  const input = { id: check.solution.id ?? uri, source: uri, problem: check.solution.problem, steps };
  await appendJsonl(file, [toCritiqueRecord(input, critique)]);
  return { uri, file, written: 1 };
}
