/**
 * The server's log: one JSON object per line on stderr, so a log collector can read it. Lines carry
 * what happened and where, never what a commenter sent: no bodies, names, emails, post IDs or SQL
 * parameters. Error messages are left out too, because database and parser messages quote the
 * values they choke on.
 */
export function log(level: 'info' | 'warn' | 'error', event: string, fields: Readonly<Record<string, unknown>> = {}): void {
  process.stderr.write(`${JSON.stringify({time: new Date().toISOString(), level, event, ...fields})}\n`);
}

/** What can be said about an error without quoting data: its class, its code, and where it was thrown. */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return {errorType: typeof error};
  const code = (error as {code?: unknown}).code;
  // A stack's first line is the message; the frames below it name only our files and lines.
  const frames = (error.stack ?? '').split('\n').slice(1, 8).map((line) => line.trim()).filter((line) => line.startsWith('at '));
  return {
    errorName: error.name,
    ...(typeof code === 'string' && /^[\w.-]{1,40}$/.test(code) ? {errorCode: code} : {}),
    ...(frames.length ? {stack: frames} : {}),
    ...(error.cause !== undefined && depth < 3 ? {cause: describeError(error.cause, depth + 1)} : {}),
  };
}
