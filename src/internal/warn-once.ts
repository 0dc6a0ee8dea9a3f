const warned = new Set<string>();

/** Logs a configuration mistake once per `code`, saying what to do about it. */
export function warnOnce(code: string, message: string): void {
  if (warned.has(code)) return;
  warned.add(code);
  console.warn(`[colloquy] ${message}`);
}
