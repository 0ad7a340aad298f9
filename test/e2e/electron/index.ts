/**
 * The entry VS Code's extension host loads with --extensionTestsPath (bundled by run.ts to
 * out/index.js): runs the mocha suite in suite.ts and rejects when a test fails.
 */
import { appendFileSync } from 'node:fs';
import { format } from 'node:util';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // In code-server the extension host's console goes to the browser: MATHCRITIC_TEST_LOG names
  // a file that gets the reporter's lines too (in-code-server.ts prints it).
  const log = process.env.MATHCRITIC_TEST_LOG;
  if (log) {
    // The reporters print through Base.consoleLog (console.log as it was when mocha loaded).
    const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
    const original = base.consoleLog;
    base.consoleLog = (...args: unknown[]) => {
      appendFileSync(log, format(...args) + '\n');
      original(...args);
    };
  }
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: !log, reporter: process.env.MOCHA_REPORTER ?? 'spec' });
  // The suite is bundled into this file: give it mocha's describe/it before it is evaluated.
  mocha.suite.emit('pre-require', globalThis, 'suite.ts', mocha);
  await import('./suite');
  const grep = process.env.MOCHA_GREP;
  if (grep) mocha.grep(grep);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}
