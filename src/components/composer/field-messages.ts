import type {FieldError} from '../../protocol/index.js';

/** The form's fields, by what a reader calls them. */
export type FieldName = 'name' | 'email' | 'url' | 'body';

const LABEL: Readonly<Record<FieldName, string>> = {name: 'name', email: 'email address', url: 'website', body: 'comment'};

/**
 * What to tell a reader about a refused field, phrased here from the protocol's machine reason (the
 * place translations will hook in), so the same problem reads the same whoever found it: this form
 * or a server. A reason the widget does not know shows the server's own words.
 */
export function phraseFieldError(field: FieldName, error: FieldError): string {
  const label = LABEL[field];
  switch (error.reason) {
    case 'required':
      return field === 'body' ? 'Please write a comment.' : `Please enter your ${label}.`;
    case 'too_long':
      return error.limit === undefined
        ? `Your ${label} is too long.`
        : `Your ${label} is too long: at most ${error.limit.toLocaleString()} characters.`;
    case 'format':
      if (field === 'email') return 'This does not look like an email address.';
      if (field === 'url') return 'Enter a full address starting with https:// or http://.';
      return `Your ${label} is not valid.`;
    case 'whitespace':
      return `Your ${label} must not contain spaces.`;
    case 'nothing_visible':
      return `Your ${label} needs at least one visible character.`;
    case 'control':
    case 'bidi':
    case 'invisible':
    case 'not_text':
      return `Your ${label} contains hidden or control characters; please retype it.`;
    case 'type':
      return `Your ${label} could not be read; please retype it.`;
    default:
      return error.detail;
  }
}
