import {css} from 'lit';

import {bodyStyles} from '../../styles/body.styles.js';

/** One comment (see comment-view.ts): rules in the thread's one stylesheet, scoped by the `comment` class. */
export const commentStyles = [bodyStyles, css`
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
  /* The initials avatar (avatar.ts): one hue per name; white on it reads at 7:1 whatever the hue. Not read
     aloud: the name follows it. */
  .comment .author::before {
    content: var(--_initials, '') / '';
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 2em;
    height: 2em;
    margin-inline-end: 0.5em;
    border-radius: 50%;
    background: oklch(45% 0.1 var(--_hue, 0));
    color: #fff;
    font-size: 0.8em;
    font-weight: 600;
    line-height: 1;
    vertical-align: middle;
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
  /* A comment's actions are there on every comment, so they stay quiet until pointed at. */
  .comment footer .button-quiet {
    color: var(--_muted);
    font-size: var(--_font-size-small);
  }
  .comment footer .button-quiet:hover, .comment .reply-button[aria-expanded='true'] {
    color: var(--_accent);
  }
  .comment footer {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-inline-start: -0.5em;
  }
  .comment colloquy-composer {
    margin-top: 0.5rem;
  }
`];
