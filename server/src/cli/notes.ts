/**
 * Notes: what the CLI tells about its input that is neither a finding nor a problem (a named
 * file that is not a solution document, skipped). They go to stderr and change no exit code.
 * `main` points them at the run's stderr, so the shared input readers say them for every command.
 */
let sink: NodeJS.WritableStream | undefined;

export function setNoteStream(stream: NodeJS.WritableStream | undefined): void {
  sink = stream;
}

export function note(message: string): void {
  sink?.write(`mathcritic: ${message}\n`);
}
