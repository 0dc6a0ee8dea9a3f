/** Where a page of roots ends: the last root's creation time and ID. Opaque to clients. */
export interface Cursor {
  readonly createdAt: string;
  readonly id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** The cursor in `text`, or `undefined` when it is not one this server made. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return undefined;
    if (!Number.isSafeInteger(id) || (id as number) < 1 || (id as number) > 2 ** 31 - 1) return undefined;
    return {createdAt, id: id as number};
  } catch {
    return undefined;
  }
}
