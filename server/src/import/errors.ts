/** A file that cannot be imported: not of a format Colloquy reads, or malformed; the message says what and where. */
export class ImportFileError extends Error {
  override readonly name: string = 'ImportFileError';
}
