import {parseArgs} from 'node:util';

/**
 * Command-line options as a table: each row names its flag, its environment variable, its default,
 * its help and its parser, and the usage text, the parser and the config type all come from it.
 * Defaults live here and nowhere else.
 */
export interface Option<T> {
  /** `--port` without its dashes; absent for a setting read only from the environment (a password). */
  readonly flag?: string;
  readonly short?: string;
  /** The environment variable read when the flag is absent (an empty one counts as absent). */
  readonly env?: string;
  /** The value's name in the usage text, such as `<n>`; absent for a switch, which takes none. */
  readonly arg?: string;
  /** The default, written as it would be typed, and parsed like any other value. */
  readonly default?: string;
  readonly help: string;
  /** The value from its text; throws `OptionError` saying what it must be. */
  readonly parse: (text: string) => T;
}

export type OptionTable = Readonly<Record<string, Option<unknown>>>;

/** What a table reads: options with a default are always there, the others may be absent. */
export type ValuesOf<Table extends OptionTable> =
  {readonly [K in keyof Table as Table[K] extends {default: string} ? K : never]: ReturnType<Table[K]['parse']>} &
  {readonly [K in keyof Table as Table[K] extends {default: string} ? never : K]?: ReturnType<Table[K]['parse']>};

/** One row of a table, keeping whether it has a default in its type. */
export function option<T>(spec: Option<T> & {default: string}): Option<T> & {default: string};
export function option<T>(spec: Option<T>): Option<T>;
export function option<T>(spec: Option<T>): Option<T> {
  return spec;
}

/** A switch: on when given, or when its variable is 1 or true. */
export function flagSwitch(spec: Omit<Option<boolean>, 'arg' | 'parse' | 'default'>): Option<boolean> & {default: string} {
  return {...spec, default: 'false', parse: (text) => {
    if (/^(?:1|true|yes)$/i.test(text)) return true;
    if (/^(?:0|false|no)$/i.test(text)) return false;
    throw new OptionError(`must be 1 or 0, not "${text}"`);
  }};
}

/** A value the reader cannot use: what it must be. Read errors name the option before it. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** A command line or environment the command cannot use; `main` prints it with the usage. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads `table` from flags, then the environment, then defaults. Throws `ConfigError`. */
export function readOptions<Table extends OptionTable>(table: Table, argv: readonly string[], env: NodeJS.ProcessEnv,
  {positionals = 0}: {positionals?: number} = {}): {values: ValuesOf<Table>; positionals: string[]; help: boolean} {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        help: {type: 'boolean', short: 'h'},
        ...Object.fromEntries(Object.values(table).filter((row) => row.flag).map((row) =>
          [row.flag!, {type: row.arg ? 'string' : 'boolean', ...(row.short ? {short: row.short} : {})} as const])),
      },
      allowPositionals: positionals > 0,
      strict: true,
    });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (parsed.positionals.length > positionals) throw new ConfigError(`unexpected argument "${parsed.positionals[positionals]}".`);
  const values: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(table)) {
    const given = row.flag ? (parsed.values as Record<string, string | boolean | undefined>)[row.flag] : undefined;
    const fromEnv = row.env && env[row.env] ? env[row.env] : undefined;
    const text = given === undefined ? fromEnv ?? row.default : String(given);
    if (text === undefined) continue;
    try {
      values[key] = row.parse(text);
    } catch (error) {
      if (!(error instanceof OptionError)) throw error;
      const source = given === undefined && fromEnv !== undefined ? row.env! : `--${row.flag}`;
      throw new ConfigError(`${source} ${error.message}.`);
    }
  }
  return {values: values as ValuesOf<Table>, positionals: parsed.positionals, help: parsed.values.help === true};
}

/** The table's defaults with `overrides` on top: what a program that embeds a command passes it. */
export function withDefaults<Table extends OptionTable>(table: Table, overrides: Partial<ValuesOf<Table>> = {}): ValuesOf<Table> {
  const values: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(table)) if (row.default !== undefined) values[key] = row.parse(row.default);
  return {...values, ...overrides} as ValuesOf<Table>;
}

/** The table's part of a usage text: one entry per option, its help wrapped under it. */
export function describeOptions(table: OptionTable): string {
  const lines: string[] = [];
  for (const row of Object.values(table)) {
    const name = row.flag ? `--${row.flag}${row.arg ? ` ${row.arg}` : ''}` : `${row.env}=${row.arg ?? '1'}`;
    const notes = [
      row.flag && row.env ? `env ${row.env}${row.arg ? '' : '=1'}` : '',
      row.default !== undefined && row.arg ? `default ${row.default === '' ? 'none' : row.default}` : '',
    ].filter(Boolean);
    const text = `${row.help}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    const head = `  ${name}`;
    const wrapped = wrap(text, 78 - 24);
    if (head.length < 24) lines.push(`${head.padEnd(24)}${wrapped[0]}`, ...wrapped.slice(1).map((line) => `${' '.repeat(24)}${line}`));
    else lines.push(head, ...wrapped.map((line) => `${' '.repeat(24)}${line}`));
  }
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

// Parsers for the usual kinds of value.

/** A whole number from `min` to `max`. */
export function integer(min: number, max: number, unit = 'a number'): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) throw new OptionError(`must be ${unit} from ${min} to ${max}, not "${text}"`);
    return value;
  };
}

/** A decimal number from 0 to `max`. */
export function decimal(max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+(?:\.\d+)?$/.test(text) || value > max) throw new OptionError(`must be a number from 0 to ${max}, not "${text}"`);
    return value;
  };
}

/** One of `choices`. */
export function oneOf<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => {
    if (!(choices as readonly string[]).includes(text)) throw new OptionError(`must be one of ${choices.join(', ')}, not "${text}"`);
    return text as T;
  };
}

/** Text that matches `pattern`, said as `what` when it does not. */
export function matching(pattern: RegExp, what: string): (text: string) => string {
  return (text) => {
    if (!pattern.test(text)) throw new OptionError(`must be ${what}`);
    return text;
  };
}
