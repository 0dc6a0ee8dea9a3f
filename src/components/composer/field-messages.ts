import type {Localizer} from '../../i18n/localizer.js';
import type {FieldError} from '../../protocol/index.js';

/** The form's fields, by what a reader calls them. */
export type FieldName = 'name' | 'email' | 'url' | 'body';

/**
 * What to tell a reader about a refused field, phrased here from the protocol's machine reason in
 * the reader's language, so the same problem reads the same whoever found it: this form or a server.
 * Shown under the field it is about, so it need not name the field. A reason the widget does not
 * know shows the server's own words.
 */
export function phraseFieldError(field: FieldName, error: FieldError, l: Localizer): string {
  const {m} = l;
  switch (error.reason) {
    case 'required':
      return field === 'body' ? m.bodyRequired : m.required;
    case 'too_long':
      return error.limit === undefined ? m.tooLongBare : l.count(m.tooLong, error.limit);
    case 'format':
      return field === 'email' ? m.emailFormat : field === 'url' ? m.urlFormat : m.invalid;
    case 'whitespace':
      return m.noSpaces;
    case 'nothing_visible':
      return m.nothingVisible;
    case 'control':
    case 'bidi':
    case 'invisible':
    case 'not_text':
      return m.hiddenCharacters;
    case 'type':
      return m.unreadable;
    default:
      return error.detail;
  }
}
