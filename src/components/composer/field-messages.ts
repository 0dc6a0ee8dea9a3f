import type {Localizer} from '../../i18n/localizer.js';
import type {WritingMessages} from '../../i18n/messages.js';
import type {FieldError} from '../../protocol/index.js';

/** The form's fields, by what a reader calls them. */
export type FieldName = 'name' | 'email' | 'url' | 'body';

/**
 * What to tell a reader about a refused field, phrased here from the protocol's machine reason in
 * the reader's language, so the same problem reads the same whoever found it: this form or a server.
 * Shown under the field it is about, so it need not name the field. A reason the widget does not
 * know shows the server's own words.
 */
export function phraseFieldError(field: FieldName, error: FieldError, w: WritingMessages, l: Localizer): string {
  switch (error.reason) {
    case 'required':
      return field === 'body' ? w.bodyRequired : w.required;
    case 'too_long':
      return error.limit === undefined ? w.tooLongBare : l.count(w.tooLong, error.limit);
    case 'format':
      return field === 'email' ? w.emailFormat : field === 'url' ? w.urlFormat : w.invalid;
    case 'whitespace':
      return w.noSpaces;
    case 'nothing_visible':
      return w.nothingVisible;
    case 'control':
    case 'bidi':
    case 'invisible':
    case 'not_text':
      return w.hiddenCharacters;
    case 'type':
      return w.unreadable;
    default:
      return error.detail;
  }
}
