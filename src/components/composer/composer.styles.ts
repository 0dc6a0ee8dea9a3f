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
  /* Name, email and website share a row while each has 11rem, and stack one by one below that. */
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.75);
  }
  .fields .field {
    flex: 1 1 11rem;
    min-width: 0;
  }
  /* Until the reader comes to it, the thread's form is one inviting line. */
  .collapsed {
    padding: 0;
    border: 0;
  }
  .collapsed .when-open {
    display: none;
  }
  .collapsed textarea {
    min-height: 0;
    resize: none;
  }
  .body-head {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: 0.25rem var(--_space);
  }
  .tabs {
    display: flex;
    font-size: var(--_font-size-small);
  }
  .tab {
    padding: 0.2em 0.6em;
    border: 0;
    border-block-end: 2px solid transparent;
    border-radius: 0;
    background: none;
    color: var(--_muted);
  }
  .tab[aria-selected='true'] {
    border-block-end-color: var(--_accent);
    color: inherit;
    font-weight: 600;
  }
  .preview {
    min-height: 6.5em;
    padding: 0.5em 0.6em;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  [hidden] {
    display: none !important;
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
  .hint, .error, .counter, .note {
    margin: 0;
    font-size: var(--_font-size-small);
  }
  .hint, .counter, .note {
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
  /* A touch screen has no keys to press: the shortcut's hint would only be noise there. */
  @media (hover: none) and (pointer: coarse) {
    .shortcut {
      display: none;
    }
  }
`;
