import { TextDocumentEdit, TextEdit, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { layoutSteps, solveProblem } from '../engine/actor';
import { actorEndpoint, criticEndpoint } from './endpoints';
import { parseSolutionDocument } from '../engine/solution';
import { criticProfileOf, type Settings } from './settings';
import type { SolveResult } from '../../../protocol/server';

/**
 * "MathCritic: Solve Problem" for a document with a problem and no steps yet: K solutions,
 * each critiqued and refined once, the majority answer's solution inserted as steps.
 */
export async function solveCommand(
  host: { connection: Connection; settings(): Settings; apiKey?: string; document(uri: string): TextDocument | undefined },
  uri: string,
): Promise<SolveResult> {
  const doc = host.document(uri);
  if (!doc) throw new Error('MathCritic: the document is not open.');
  const version = doc.version;
  const text = doc.getText();
  const { solution, issues } = parseSolutionDocument(text);
  if (!solution.problem.trim()) throw new Error('MathCritic: there is no problem to solve: write it under a "# Problem" heading (or problem: in the front matter).');
  if (solution.steps.length > 0) throw new Error('MathCritic: this document already has steps; Solve Problem writes a solution only where there is none.');
  const s = host.settings();
  const actorClient = actorEndpoint(s, host.apiKey);
  if (!actorClient.config.baseUrl || !actorClient.config.model) throw new Error('MathCritic: no actor model is configured (mathcritic.actor.* or mathcritic.critic.*).');
  if (!s.critic.baseUrl || !s.critic.model) throw new Error('MathCritic: no critique model is configured (mathcritic.critic.baseUrl and .model).');
  const actor = { endpoint: actorClient, temperature: s.actor.temperature, maxTokens: s.actor.maxTokens, profile: s.actor.profile };
  const critic = {
    endpoint: criticEndpoint(s, host.apiKey),
    temperature: s.critic.temperature,
    maxTokens: s.critic.maxTokens,
    samples: s.critic.samples,
    ...criticProfileOf(s),
  };
  const solved = await solveProblem(solution.problem, s.actor.samples, actor, critic);
  if (!solved.chosen) throw new Error(`MathCritic: none of the ${solved.candidates.length} solutions stated a final answer; nothing was inserted.`);
  if (host.document(uri)?.version !== version) throw new Error('MathCritic: the document changed while the actor was writing; nothing was inserted. Run Solve Problem again.');
  const steps = layoutSteps(solved.chosen.steps, 0, 'step-lines');
  const hasSolutionPart = !issues.some((i) => i.code === 'no-solution-part');
  const at = hasSolutionPart ? solution.solutionSpan.end : text.length;
  const before = text.slice(0, at);
  const lead = before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const newText = hasSolutionPart ? `${lead}${steps}\n` : `${lead}# Solution\n\n${steps}\n`;
  const pos = doc.positionAt(at);
  const result = await host.connection.workspace.applyEdit({ label: 'Solve Problem', edit: { documentChanges: [TextDocumentEdit.create({ uri, version }, [TextEdit.insert(pos, newText)])] } });
  return { applied: result.applied, answer: solved.chosen.answer, votes: solved.votes, samples: solved.candidates.length };
}
