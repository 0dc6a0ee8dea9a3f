import {css} from 'lit';

/**
 * A rendered comment body (`.body`): the thread's comments and the form's preview wear the same
 * rules, so a preview looks as the comment will.
 */
export const bodyStyles = css`
  .body {
    overflow-wrap: anywhere;
  }
  .body > :first-child {
    margin-top: 0;
  }
  .body > :last-child {
    margin-bottom: 0;
  }
  .body p, .body ul, .body ol, .body blockquote, .body pre, .body table {
    margin: 0.5em 0;
  }
  .body blockquote {
    margin-inline: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .body code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  /* Code wraps instead of scrolling: every line stays readable without a scroll bar to reach by keyboard. */
  .body pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    padding: 0.6em 0.8em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .body table {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
  }
  /* A wide table scrolls; the renderer makes it focusable so the keyboard can scroll it too. */
  .body table:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .body ul, .body ol {
    padding-inline-start: 1.5em;
  }
  /* Past three levels, lists and quotes indent only a little more: deep nesting stays inside the comment. */
  .body :is(ul, ol, blockquote) :is(ul, ol, blockquote) :is(ul, ol, blockquote) :is(ul, ol, blockquote) {
    padding-inline-start: 0.5em;
  }
  /* A link's text cannot reorder the text around it. */
  .body a {
    unicode-bidi: isolate;
  }
  .body th, .body td {
    padding: 0.25em 0.5em;
    border: 1px solid var(--_border);
  }
`;
