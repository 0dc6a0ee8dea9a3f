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
  ol {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
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
