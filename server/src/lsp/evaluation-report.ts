import type { EvaluationReportResult } from '../../../protocol/server';
import { evaluationReport, NotAPredictionsFile } from '../engine/report';

/** EVALUATION_REPORT_COMMAND: the engine renders; this only checks the argument and words the failure. */
export async function evaluationReportCommand(file: unknown): Promise<EvaluationReportResult> {
  if (typeof file !== 'string' || file === '') throw new Error('MathCritic: name a predictions file (.jsonl) to report on.');
  try {
    return await evaluationReport(file);
  } catch (e) {
    if (e instanceof NotAPredictionsFile) throw new Error(`MathCritic: ${e.message}`, { cause: e });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new Error(`MathCritic: cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'a folder'}).`, { cause: e });
    throw e;
  }
}
