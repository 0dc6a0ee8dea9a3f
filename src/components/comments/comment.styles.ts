import {css} from 'lit';

/** One comment (see comment-view.ts): rules in the thread's one stylesheet, scoped by the `comment` class. */
export const commentStyles = css`
  .comment {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.35rem;
  }
  /* The comment a link pointed at; focus moves there too, the highlight is its mark. */
  .comment.highlighted {
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
    box-shadow: 0 0 0 0.4em color-mix(in srgb, var(--_accent) 12%, transparent);
    border-radius: 2px;
  }
  .comment:focus {
    outline: none;
  }
  .comment .replying-to {
    color: var(--_muted);
    font-size: var(--_font-size-small);
  }
  .comment .permalink {
    color: inherit;
    text-decoration: none;
  }
  .comment .permalink:hover {
    text-decoration: underline;
  }
  .comment header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
  }
  .comment .author {
    font-weight: 600;
    unicode-bidi: isolate;
    overflow-wrap: anywhere;
  }
  .comment .author a {
    text-decoration-thickness: 1px;
  }
  .comment time, .comment .pending, .comment .edited {
    color: var(--_muted);
    font-size: var(--_font-size-small);
  }
  .comment .pending, .comment .deleted {
    font-style: italic;
  }
  .comment .deleted {
    margin: 0;
    color: var(--_muted);
  }
  .comment .edit, .comment .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .comment .edit textarea {
    flex: 1 0 100%;
    min-height: 6.5em;
    padding: 0.5em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    resize: vertical;
  }
  .comment .edit textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .comment .confirm p {
    margin: 0;
  }
  .comment .action-error {
    flex: 1 0 100%;
    margin: 0;
    color: var(--_danger);
    font-size: var(--_font-size-small);
  }
  .comment .action-error:empty {
    display: none;
  }
  .comment .body {
    overflow-wrap: anywhere;
  }
  .comment .body > :first-child {
    margin-top: 0;
  }
  .comment .body > :last-child {
    margin-bottom: 0;
  }
  .comment .body p, .comment .body ul, .comment .body ol, .comment .body blockquote, .comment .body pre, .comment .body table {
    margin: 0.5em 0;
  }
  .comment .body blockquote {
    margin-inline: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .comment .body code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  /* Code wraps instead of scrolling: every line stays readable without a scroll bar to reach by keyboard. */
  .comment .body pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    padding: 0.6em 0.8em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .comment .body table {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
  }
  /* A wide table scrolls; the renderer makes it focusable so the keyboard can scroll it too. */
  .comment .body table:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .comment .body ul, .comment .body ol {
    padding-inline-start: 1.5em;
  }
  /* Past three levels, lists and quotes indent only a little more: deep nesting stays inside the comment. */
  .comment .body :is(ul, ol, blockquote) :is(ul, ol, blockquote) :is(ul, ol, blockquote) :is(ul, ol, blockquote) {
    padding-inline-start: 0.5em;
  }
  /* A link's text cannot reorder the text around it. */
  .comment .body a {
    unicode-bidi: isolate;
  }
  .comment .body th, .comment .body td {
    padding: 0.25em 0.5em;
    border: 1px solid var(--_border);
  }
  .comment footer {
    display: flex;
    gap: 0.5rem;
    margin-inline-start: -0.5em;
  }
  .comment colloquy-composer {
    margin-top: 0.5rem;
  }
`;
