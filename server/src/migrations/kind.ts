/** Which database a migration writes to: the only thing a migration may ask of the living code. */
export type DbKind = 'sqlite' | 'postgres';
