/** A mistake in how the CLI was called or what it was given: printed as one line, exit 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
