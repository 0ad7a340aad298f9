/**
 * The `mathcritic` command: the engine headless, for batches, benchmarks and CI.
 * A thin shell: arguments and files in, engine calls, lines out.
 */
import { runCheck, CHECK_HELP } from './commands/check';
import { runEval } from './commands/eval';
import { runCritique } from './commands/critique';
import { runSolve } from './commands/solve';
import { runExplore } from './commands/explore';
import { runSelfTalk } from './commands/self-talk';
import { runBatch } from './commands/batch';
import { runCurate } from './commands/curate';
import { runScale } from './commands/scale';
import { EXIT, UsageError } from './errors';
import { redactKnownSecrets, redactSecrets, rememberSecret } from '../engine/text/redact';
import { redacting } from './redacting-stream';
import { terminalText } from '../engine/text/terminal';
import { setNoteStream } from './notes';

type Command = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  batch: { run: runBatch, summary: 'write critique requests as an OpenAI/vLLM batch file, read its results back' },
  check: { run: runCheck, summary: 'check solution documents with the embedded checker' },
  critique: { run: runCritique, summary: 'critique solutions with a model served behind an OpenAI-compatible API' },
  'self-talk': { run: runSelfTalk, summary: 'write verified self-talk chains (critique, refine, smooth)' },
  explore: { run: runExplore, summary: 'exploration batch: sample, check, critique and refine the wrong ones (D_correct, D_refine)' },
  solve: { run: runSolve, summary: 'write a solution: K samples, critiqued, refined, majority answer' },
  scale: { run: runScale, summary: 'test-time scaling curves: majority vs critique + refinement + majority against K (table, JSON, SVG plot)' },
  eval: { run: runEval, summary: 'score a critic (the embedded checker, a served model, or both) on step-labelled datasets (ProcessBench first-error F1)' },
  curate: { run: runCurate, summary: "export a curated dataset (labels from the curator's journal merged in), or print its label stats" },
};

const VERSION = '0.1.0';

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: mathcritic <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "mathcritic <command> --help" for a command's options.\n\n${CHECK_HELP}\n`;
}

export async function main(argv: string[], rawOut: NodeJS.WritableStream = process.stdout, rawErr: NodeJS.WritableStream = process.stderr): Promise<number> {
  rememberSecret(process.env.MATHCRITIC_API_KEY);
  // Messages (stderr) lose anything shaped like a credential; data on stdout only the key itself.
  // What is printed carries no escape sequence from a dataset or a model (text/terminal.ts).
  // On stdout piped elsewhere, DEL and C1 stay: they are data in JSON lines, which escape the rest.
  const toTerminal = (rawOut as { isTTY?: boolean }).isTTY === true;
  const out = redacting(rawOut, (s) => terminalText(redactKnownSecrets(s), toTerminal));
  const err = redacting(rawErr, (s) => terminalText(redactSecrets(s)));
  setNoteStream(err);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.write(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    out.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    err.write(`mathcritic: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, out, err);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`mathcritic ${name}: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
    err.write(`mathcritic ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\nPlease report this with the input that caused it.\n`);
    return 70;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(terminalText(redactSecrets(`mathcritic: ${String(e)}\n`)));
      process.exitCode = 70;
    },
  );
}
