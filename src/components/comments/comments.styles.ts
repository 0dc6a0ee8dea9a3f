import {css} from 'lit';

export const styles = css`
  :host {
    display: block;
    container: colloquy / inline-size;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  section {
    display: grid;
    /* minmax(0, …): a long code line scrolls inside its comment instead of widening the page. */
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  /* Block flow, not a grid: a grid lays all its items out again when one is added, which made
     rendering a big thread in batches cost the square of its size. */
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    min-width: 0;
  }
  li + li {
    margin-top: var(--_space);
  }
  /* An off-screen thread skips layout and paint until scrolled near; \`auto\` remembers its size once
     seen. Per top-level thread, not per comment: each such box costs an intersection check per frame.
     Its paint containment would clip what reaches past its edge: focus rings (2px + 2px) and the
     footer's buttons, pulled 0.5em out. */
  .thread {
    content-visibility: auto;
    contain-intrinsic-size: auto 12rem;
    overflow-clip-margin: 0.75em;
  }
  .replies {
    margin-top: calc(var(--_space) * 0.75);
    padding-inline-start: var(--_indent);
    border-inline-start: 2px solid var(--_border);
  }
  /* Past a few levels the indentation stops growing, so deep threads stay readable on a phone. */
  .replies.flat {
    padding-inline-start: 0;
    border-inline-start: 0;
  }
  @container colloquy (width < 32rem) {
    .replies {
      padding-inline-start: calc(var(--_indent) * 0.5);
    }
  }
  .status {
    margin: 0;
    color: var(--_muted);
  }
  .status[role='alert'] {
    color: var(--_danger);
  }
  .more {
    justify-self: start;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.25rem var(--_space);
  }
  .sort {
    display: flex;
    margin-inline-start: auto;
    font-size: var(--_font-size-small);
  }
  .sort [aria-pressed='true'] {
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 0.3em;
  }
  /* A rule between top-level threads, so a long page scans as separate conversations. */
  .thread + .thread {
    padding-top: var(--_space);
    border-top: 1px solid var(--_border);
  }
  .more-replies {
    display: block;
    margin-top: calc(var(--_space) * 0.25);
    font-size: var(--_font-size-small);
  }
  /* Quiet buttons outside a comment's footer: their text lines up with the comments, as Reply's does. */
  .to-form, .more-replies {
    margin-inline-start: -0.5em;
  }
  h2:focus {
    outline: none;
  }
  .forget {
    margin: calc(var(--_space) * -0.5) 0 0;
    font-size: var(--_font-size-small);
  }
  .forget.confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .forget.confirm p {
    flex: 1 0 100%;
    margin: 0;
  }
  .button-secondary {
    padding: 0.4em 1em;
    border: 1px solid var(--_border);
    background: none;
    color: var(--_accent);
  }
`;
