import type { DocumentIssue, Solution } from '../solution/types';
import type { FixSuggestion, Severity } from './findings';
import { lastValue, type AnswerReport, type DocumentEquation, type StepReport } from './report';
import { checkRearrangements } from './equations/rearrangements';
import { checkSubstitutions } from './substitutions';

/** What every check reads: the parsed solution, the parser's issues, and what was judged. */
export interface CheckContext {
  solution: Solution;
  issues: readonly DocumentIssue[];
  steps: readonly StepReport[];
  answer: AnswerReport | undefined;
}

/** A finding as a check reports it; the loop adds the code and the configured severity. */
export interface Draft {
  message: string;
  span: { start: number; end: number };
  stepIndex: number;
  suggestions?: FixSuggestion[];
}

export interface Check<Code extends string = string> {
  /** Stable: settings, CLI JSON and diagnostics use it, so never rename one. */
  code: Code;
  defaultSeverity: Severity;
  /** One line for the README table and the settings schema. */
  description: string;
  run(context: CheckContext): Draft[];
}

const defineChecks = <const T extends readonly Check[]>(checks: T): T => checks;

/**
 * Every check of the embedded checker, in the order they run. FINDING_CODES, DEFAULT_SEVERITIES
 * and the checker's loop derive from this list; package.json's `mathcritic.severity` and the
 * README's code table are tested against it.
 */
export const CHECKS = defineChecks([
  {
    code: 'wrong-equation',
    defaultSeverity: 'error',
    description: 'an equation written in a step does not hold: `5 + 3 × 2 = 16 is wrong: 5 + 3 × 2 = 11`',
    run: ({ steps }) => wrongEquations(steps, 'equation'),
  },
  {
    code: 'wrong-quantity',
    defaultSeverity: 'error',
    description: 'an equation whose numbers carry unit words or money does not hold: `40 minutes + 100 minutes = 161 minutes`',
    run: ({ steps }) => wrongEquations(steps, 'quantity'),
  },
  {
    code: 'wrong-solution',
    defaultSeverity: 'error',
    description: 'a value found for an unknown does not satisfy the equation it was solved from: `-7y = -4 … y = 4/7` after `y - 1 - 8y = -3`',
    run: ({ steps }) => wrongEquations(steps, 'solved'),
  },
  {
    code: 'wrong-rewrite',
    defaultSeverity: 'warning',
    description: 'a chain that rewrites one expression is not an identity: `(x+1)^2 = x^2 + x + 1 = …` (at x = 2 the left side is 9 and the right side 7)',
    run: ({ steps }) => wrongEquations(steps, 'rewrite'),
  },
  {
    code: 'wrong-substitution',
    defaultSeverity: 'warning',
    description: 'a function defined in the document is given a wrong value: `f(2) = 2 \\cdot 2^2 + 5` after `f(x) = 2x^2 + 3`',
    run: ({ solution, steps }) => checkSubstitutions(solution, steps),
  },
  {
    code: 'wrong-rearrangement',
    defaultSeverity: 'error',
    description: 'an equation rearranged from the one before it cannot follow from it: `xy = xy + 6y - 2x - 12`, then `6y - 2x = -12` (its left side is 24 more than its right side)',
    run: ({ solution, steps }) => checkRearrangements(solution, steps),
  },
  {
    code: 'wrong-final-answer',
    defaultSeverity: 'error',
    description: "the final answer is not equivalent to the front matter's `answer:`",
    run: ({ answer }) =>
      answer && answer.verdict === 'different' && !answer.implicit
        ? [
            {
              message: `The final answer ${answer.written} does not match the reference answer ${answer.reference}${answer.reason ? ` (${answer.reason})` : ''}.`,
              span: answer.span,
              stepIndex: answer.stepIndex,
            },
          ]
        : [],
  },
  {
    code: 'missing-final-answer',
    defaultSeverity: 'warning',
    description: 'there is a reference answer but no final answer to compare with it',
    run: missingFinalAnswer,
  },
  {
    code: 'invalid-front-matter',
    defaultSeverity: 'error',
    description: 'the front matter is not valid YAML or has a wrong type; the message says what',
    run: ({ issues }) => issues.filter((i) => i.code === 'invalid-front-matter').map((i) => ({ message: i.message, span: i.span, stepIndex: -1 })),
  },
  {
    code: 'invalid-directive',
    defaultSeverity: 'warning',
    description: "a `<!-- mathcritic-… -->` directive or the front matter's `mathcritic.disable` names a directive or a code that does not exist",
    run: invalidDirectives,
  },
  {
    code: 'no-steps',
    defaultSeverity: 'information',
    description: 'the Solution part has no steps yet',
    run: ({ issues }) => issues.filter((i) => i.code !== 'invalid-front-matter').map((i) => ({ message: i.message, span: i.span, stepIndex: -1 })),
  },
]);

export type FindingCode = (typeof CHECKS)[number]['code'];

export const FINDING_CODES = CHECKS.map((c) => c.code) as unknown as readonly [FindingCode, ...FindingCode[]];

export const DEFAULT_SEVERITIES = Object.fromEntries(CHECKS.map((c) => [c.code, c.defaultSeverity])) as Record<FindingCode, Severity>;

type EquationKind = NonNullable<StepReport['equations'][number]['kind']>;

/** The wrong equations of a check sorted by kind in one pass over the steps: four checks read it. */
const byKind = new WeakMap<readonly StepReport[], Map<EquationKind, Draft[]>>();
/**
 * Each step's drafts, kept with its placed wrong equations: a step the edit did not move keeps
 * those (step-cache.ts), so a keystroke writes drafts for the steps it moved only.
 */
const draftsOf = new WeakMap<readonly DocumentEquation[], Array<{ kind: EquationKind; draft: Draft }>>();

function wrongEquations(steps: readonly StepReport[], kind: EquationKind): Draft[] {
  let kinds = byKind.get(steps);
  if (!kinds) {
    kinds = new Map();
    byKind.set(steps, kinds);
    for (const step of steps) {
      const wrong = step.wrong;
      if (wrong.length === 0) continue;
      let drafts = draftsOf.get(wrong);
      if (!drafts || drafts[0]?.draft.stepIndex !== step.stepIndex) {
        drafts = wrong.map((eq) => {
          const suggestions: FixSuggestion[] | undefined = eq.fix ? [{ title: `Replace ${eq.fix.was} with ${eq.fix.text}`, span: eq.fix.span, text: eq.fix.text, safe: true }] : undefined;
          return { kind: eq.kind ?? 'equation', draft: { message: eq.message, span: eq.span, stepIndex: step.stepIndex, ...(suggestions ? { suggestions } : {}) } };
        });
        draftsOf.set(wrong, drafts);
      }
      for (const { kind: k, draft } of drafts) {
        let out = kinds.get(k);
        if (!out) kinds.set(k, (out = []));
        out.push(draft);
      }
    }
  }
  return kinds.get(kind) ?? [];
}

/** A directive that names nothing real silences nothing: said, so that a typo does not pass for a silenced finding. */
function invalidDirectives({ solution }: CheckContext): Draft[] {
  const d = solution.directives;
  if (!d) return [];
  const known = new Set<string>(CHECKS.map((c) => c.code));
  const unknown = (codes: readonly string[], span: Draft['span'], where: string): Draft[] =>
    codes.filter((c) => !known.has(c)).map((c) => ({ message: `${where} names "${c}", which is not a finding code: the codes are ${[...known].join(', ')}.`, span, stepIndex: -1 }));
  return [
    ...d.problems.map((p) => ({ message: p.message, span: p.span, stepIndex: -1 })),
    ...d.comments.flatMap((c) => unknown(c.codes, c.span, `mathcritic-${c.kind}`)),
    ...(d.frontMatter ? unknown(d.frontMatter.codes, d.frontMatter.span, 'Front matter "mathcritic.disable"') : []),
  ];
}

function missingFinalAnswer({ solution, answer }: CheckContext): Draft[] {
  const reference = solution.referenceAnswer;
  if (reference === undefined || reference === '' || solution.finalAnswer || answer) return [];
  const last = solution.steps[solution.steps.length - 1];
  if (!last) return [];
  // The value the last step arrives at, offered as the final answer line (a guess: not safe).
  const value = lastValue(last.text)?.text;
  const line = value === undefined ? undefined : `The answer is ${value}.`;
  const at = last.textStart + last.text.length;
  return [
    {
      message: `No final answer found to compare with the reference answer ${reference}: end with \\boxed{…}, "The answer is …" or "#### …".`,
      span: last.span,
      stepIndex: last.index,
      ...(line ? { suggestions: [{ title: `Add a final answer line: "${line}"`, span: { start: at, end: at }, text: `\n\n${line}`, safe: false }] } : {}),
    },
  ];
}
