import * as v from 'valibot';

import {FIELD_REASONS, type FieldReason} from './limits.js';
import type {FieldError} from './types.js';

/** The result of checking untrusted input: the value, or every reason it was refused. */
export type Parsed<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly errors: readonly FieldError[]};

function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = v.getDotPath(issue) ?? '';
    if (seen.has(field)) continue; // the first message per field is the one a reader needs
    seen.add(field);
    errors.push({field, detail: issue.message, ...reasonOf(issue)});
  }
  return errors;
}

/** The machine-readable reason for a valibot issue: our own checks name theirs in `expected`. */
function reasonOf(issue: v.BaseIssue<unknown>): {reason: FieldReason; limit?: number} {
  if (issue.type === 'union' && issue.issues?.length) return reasonOf(issue.issues[issue.issues.length - 1]!);
  if (issue.type === 'max_length') return {reason: 'too_long', limit: Number(issue.requirement)};
  if ((issue.type === 'raw_transform' || issue.type === 'raw_check') && isFieldReason(issue.expected)) return {reason: issue.expected};
  if (issue.kind === 'schema') return {reason: issue.input === undefined ? 'required' : 'type'};
  return {reason: 'format'};
}

function isFieldReason(value: unknown): value is FieldReason {
  return (FIELD_REASONS as readonly unknown[]).includes(value);
}

/** Runs a schema and reports in the protocol's terms: the value, or each field's first complaint. */
export function check<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Parsed<T> {
  const result = v.safeParse(schema, input);
  return result.success ? {ok: true, value: result.output} : {ok: false, errors: fieldErrors(result.issues)};
}
