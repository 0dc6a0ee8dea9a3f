/** One `colloquy-server` subcommand. */
export interface Command {
  /** One line for the list of commands. */
  readonly summary: string;
  /** Its own help: what it does, and its options. */
  readonly usage: string;
  /** Runs it; resolves when it is done (a server, when it has stopped), with the process's exit code. */
  run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number>;
}
