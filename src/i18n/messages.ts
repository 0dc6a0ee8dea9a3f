/**
 * Every word the widget shows, as one typed catalog per language. English is the source and ships
 * with the widget; other languages load on demand (see locales.ts). A catalog that misses a key does
 * not compile, so no string falls back to English unnoticed.
 *
 * - `{name}` and the like are filled in by `Localizer.text`; keep them, move them where the
 *   language wants them.
 * - A `Plural` picks its form by the language's plural rules (`Intl.PluralRules`: `zero`, `one`,
 *   `two`, `few`, `many`, `other`); `#` is the number, written the language's way. Give the forms
 *   the language has; `other` is required.
 */
export type Plural = Readonly<Partial<Record<Intl.LDMLPluralRule, string>> & {other: string}>;

export interface ReadingMessages {
  // The thread
  readonly heading: string;
  readonly commentCount: Plural;
  readonly writeComment: string;
  readonly closed: string;
  readonly loading: string;
  readonly notSetUp: string;
  readonly loadFailed: string;
  readonly tryAgain: string;
  readonly empty: string;
  readonly moreFailed: string;
  readonly loadingShort: string;
  readonly showMore: string;
  /** `{count}`: how many comments later pages hold. */
  readonly showMoreCount: string;
  readonly showReplies: Plural;
  readonly hideReplies: Plural;
  readonly showMoreReplies: Plural;
  readonly moreLoaded: Plural;
  readonly moreRepliesLoaded: Plural;
  readonly repliesFailed: string;
  readonly skipped: Plural;
  readonly sortLabel: string;
  readonly oldest: string;
  readonly newest: string;
  // Forget me
  readonly forgetMe: string;
  readonly forgetExplain: string;
  readonly forgetConfirm: string;
  readonly forgotten: string;
  readonly cancel: string;
  // One comment
  readonly anonymous: string;
  readonly commentDeleted: string;
  readonly reply: string;
  /** The reply form's title and the Reply button's accessible name. */
  readonly replyTo: string;
  /** `{name}` becomes a link to the comment answered. */
  readonly replyingTo: string;
  readonly aDeletedComment: string;
  readonly edited: string;
  /** `{date}`: when it was edited, in full. */
  readonly editedAt: string;
  readonly awaitingModeration: string;
  readonly commentPosted: string;
  readonly replyPosted: string;
  readonly commentHeld: string;
  readonly replyHeld: string;
  readonly commentUpdated: string;
  readonly commentRemoved: string;
}

/** What only someone writing needs (the form, Edit and Delete): it loads with them, never on a reader's path. */
export interface WritingMessages {
  // Edit and Delete
  readonly edit: string;
  readonly delete: string;
  readonly editYours: string;
  readonly deleteYours: string;
  readonly save: string;
  readonly saving: string;
  readonly deleting: string;
  readonly deleteConfirm: string;
  readonly editWindowClosed: string;
  readonly commentGone: string;
  readonly cannotChange: string;
  readonly checkComment: string;
  readonly noAnswerKept: string;
  readonly didNotWork: string;
  // The form
  readonly leaveComment: string;
  readonly name: string;
  readonly email: string;
  readonly website: string;
  readonly comment: string;
  /** The edit box's name. */
  readonly yourComment: string;
  readonly optionalNeverShown: string;
  readonly optional: string;
  readonly markdownHint: string;
  readonly trap: string;
  readonly write: string;
  readonly preview: string;
  readonly nothingToPreview: string;
  readonly posting: string;
  readonly postComment: string;
  readonly postReply: string;
  /** `{keys}`: the shortcut, such as Ctrl+Enter. */
  readonly postShortcut: string;
  // Why a post failed
  readonly sendFailed: string;
  readonly fixFields: string;
  readonly tooLargeToSend: string;
  readonly parentGone: string;
  readonly rateLimited: string;
  readonly closedKept: string;
  readonly tooDeep: string;
  readonly postFailed: string;
  // Why a field was refused (shown under the field, so they need not name it)
  readonly required: string;
  readonly bodyRequired: string;
  readonly tooLong: Plural;
  /** Too long, when the server did not say the limit. */
  readonly tooLongBare: string;
  readonly emailFormat: string;
  readonly urlFormat: string;
  readonly invalid: string;
  readonly noSpaces: string;
  readonly nothingVisible: string;
  readonly hiddenCharacters: string;
  readonly unreadable: string;
}

export type Messages = ReadingMessages & WritingMessages;

export const en: ReadingMessages = {
  heading: 'Comments',
  commentCount: {one: '# comment', other: '# comments'},
  writeComment: 'Write a comment',
  closed: 'Comments are closed.',
  loading: 'Loading comments…',
  notSetUp: 'Comments are not set up correctly on this page.',
  loadFailed: 'Comments could not be loaded.',
  tryAgain: 'Try again',
  empty: 'No comments yet.',
  moreFailed: 'More comments could not be loaded.',
  loadingShort: 'Loading…',
  showMore: 'Show more comments',
  showMoreCount: 'Show more comments ({count})',
  showReplies: {one: 'Show # reply', other: 'Show # replies'},
  hideReplies: {one: 'Hide reply', other: 'Hide replies'},
  showMoreReplies: {one: 'Show # more reply', other: 'Show # more replies'},
  moreLoaded: {one: '# more comment loaded.', other: '# more comments loaded.'},
  moreRepliesLoaded: {one: '# more reply loaded.', other: '# more replies loaded.'},
  repliesFailed: 'More replies could not be loaded.',
  skipped: {one: '# comment from the server could not be shown.', other: '# comments from the server could not be shown.'},
  sortLabel: 'Sort',
  oldest: 'Oldest',
  newest: 'Newest',
  forgetMe: 'Forget me on this site',
  forgetExplain: 'This browser will forget your name, email and website, your unsent comments, and which comments are yours: you will no longer be able to edit or delete them.',
  forgetConfirm: 'Forget me',
  forgotten: 'This browser has forgotten your details.',
  cancel: 'Cancel',
  anonymous: 'Anonymous',
  commentDeleted: 'Comment deleted',
  reply: 'Reply',
  replyTo: 'Reply to {name}',
  replyingTo: 'replying to {name}',
  aDeletedComment: 'a deleted comment',
  edited: 'edited',
  editedAt: 'Edited {date}',
  awaitingModeration: 'Awaiting moderation',
  commentPosted: 'Your comment was posted.',
  replyPosted: 'Your reply was posted.',
  commentHeld: 'Your comment was received and awaits moderation.',
  replyHeld: 'Your reply was received and awaits moderation.',
  commentUpdated: 'Your comment was updated.',
  commentRemoved: 'Your comment was deleted.',
};
