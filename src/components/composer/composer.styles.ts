import {css} from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  form {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 0.75);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .title {
    margin: 0;
    font-weight: 600;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: calc(var(--_space) * 0.75);
  }
  .field {
    display: grid;
    gap: 0.25rem;
    align-content: start;
  }
  label {
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  input, textarea {
    width: 100%;
    padding: 0.5em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  textarea {
    min-height: 6.5em;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .hint, .error, .counter {
    margin: 0;
    font-size: var(--_font-size-small);
  }
  .hint, .counter {
    color: var(--_muted);
  }
  .counter {
    white-space: nowrap;
  }
  .body-meta {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
  }
  .counter.over {
    color: var(--_danger);
  }
  .error {
    color: var(--_danger);
  }
  .problem {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    padding: 0.5em 0.75em;
    border-inline-start: 3px solid var(--_danger);
    color: var(--_danger);
  }
  .problem:empty {
    display: none;
  }
  /* The honeypot: off screen and out of the tab order; people never see or reach it. */
  .trap {
    position: absolute;
    inset-inline-start: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
`;
