import { parseArgs } from 'node:util';
import { layoutSteps, solveProblem } from '../../engine/actor';
import { parseSolutionDocument } from '../../engine/solution';
import { EXIT, UsageError } from '../errors';
import { ACTOR_PROFILE_HELP, ACTOR_PROFILE_OPTION, actorProfileChoice, MODEL_OPTIONS, PROFILE_HELP, PROFILE_OPTIONS, endpointFor, intOption, modelTarget, profileChoice } from '../model-options';
import { readTextFile } from '../../engine/io/decode';

export const SOLVE_HELP = `mathcritic solve (FILE.md | --problem TEXT) --base-url URL --model NAME [--samples K]

The actor writes K solutions, the critic checks each, a wrong one is refined once from its first
wrong step, and the solution whose final answer most of them reach is printed as "Step N:"
lines (the engine of "MathCritic: Solve Problem"). --critic-model names a different critic
on the same server. The API key, if needed, comes from MATHCRITIC_API_KEY.

${PROFILE_HELP}
${ACTOR_PROFILE_HELP}`;

export async function runSolve(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      problem: { type: 'string' },
      ...MODEL_OPTIONS,
      ...PROFILE_OPTIONS,
      ...ACTOR_PROFILE_OPTION,
      'critic-model': { type: 'string' },
      samples: { type: 'string', default: '4' },
      temperature: { type: 'string', default: '0.7' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${SOLVE_HELP}\n`);
    return EXIT.ok;
  }
  let problem = values.problem;
  if (!problem) {
    if (positionals.length !== 1) throw new UsageError('name one solution document, or give --problem TEXT.');
    let text: string;
    try {
      text = await readTextFile(positionals[0]);
    } catch (e) {
      throw new UsageError(`cannot read ${positionals[0]}: ${(e as Error).message}`);
    }
    problem = parseSolutionDocument(text).solution.problem;
    if (!problem.trim()) throw new UsageError(`${positionals[0]} has no problem: write it under a "# Problem" heading.`);
  }
  const target = modelTarget(values);
  const { maxTokens, criticMaxTokens } = target;
  const { profile, prm } = profileChoice(values);
  const actorProfile = actorProfileChoice(values);
  const samples = intOption('--samples', values.samples, 1, 64);
  const temperature = Number(values.temperature);
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError('--temperature must be between 0 and 2.');
  const actor = { endpoint: endpointFor(target), temperature, maxTokens, profile: actorProfile };
  const critic = { endpoint: endpointFor(target, values['critic-model'] ?? target.model), temperature: 0, maxTokens: criticMaxTokens, samples: 1, profile, prm };
  try {
    const solved = await solveProblem(problem, samples, actor, critic);
    if (!solved.chosen) {
      err.write(`mathcritic solve: none of the ${solved.candidates.length} solutions stated a final answer.\n`);
      return EXIT.findings;
    }
    out.write(`${layoutSteps(solved.chosen.steps, 0, 'step-lines')}\n`);
    err.write(`answer ${solved.chosen.answer}: ${solved.votes} of ${solved.candidates.length} solutions agree (${solved.candidates.filter((c) => c.refined).length} refined after a critique)\n`);
    return EXIT.ok;
  } catch (e) {
    err.write(`mathcritic solve: ${(e as Error).message}\n`);
    return EXIT.findings;
  }
}
