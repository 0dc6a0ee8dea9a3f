import {css} from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  article {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.35rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
  }
  .author {
    font-weight: 600;
    unicode-bidi: isolate;
    overflow-wrap: anywhere;
  }
  .author a {
    text-decoration-thickness: 1px;
  }
  time, .pending {
    color: var(--_muted);
    font-size: var(--_font-size-small);
  }
  .pending {
    font-style: italic;
  }
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
  .body pre {
    overflow-x: auto;
    padding: 0.6em 0.8em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .body table {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
  }
  .body th, .body td {
    padding: 0.25em 0.5em;
    border: 1px solid var(--_border);
  }
  footer {
    display: flex;
    gap: 0.5rem;
    margin-inline-start: -0.5em;
  }
  colloquy-composer {
    margin-top: 0.5rem;
  }
`;
