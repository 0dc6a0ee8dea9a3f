import {css} from 'lit';

/**
 * Shared by every Colloquy element: the public `--colloquy-*` tokens feed private
 * `--_*` properties with fallbacks, so the widget looks finished with no host CSS.
 * Colours follow the page's `color-scheme` (or `theme`) through `light-dark()`.
 */
export const hostStyles = css`
  :host {
    --_accent: var(--colloquy-color-accent, light-dark(#0b57d0, #a8c7fa));
    --_on-accent: var(--colloquy-color-on-accent, light-dark(#ffffff, #062e6f));
    --_muted: var(--colloquy-color-muted, light-dark(#5e6166, #a9adb3));
    --_border: var(--colloquy-color-border, light-dark(#c4c7c5, #5c5f62));
    --_surface: var(--colloquy-color-surface, light-dark(#ffffff, #1e1f20));
    --_danger: var(--colloquy-color-danger, light-dark(#b3261e, #f2b8b5));
    --_space: var(--colloquy-space, 1rem);
    --_radius: var(--colloquy-radius, 6px);
    --_indent: var(--colloquy-indent, 1.25rem);
    --_font-size-small: var(--colloquy-font-size-small, 0.875em);
  }
  :host([hidden]) {
    display: none !important;
  }
  *, *::before, *::after {
    box-sizing: border-box;
  }
  button, input, textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border-radius: var(--_radius);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  a {
    color: var(--_accent);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  .button-primary {
    padding: 0.5em 1.1em;
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .button-primary:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  .button-quiet {
    padding: 0.25em 0.5em;
    border: 1px solid transparent;
    background: none;
    color: var(--_accent);
  }
  .button-quiet:hover {
    border-color: var(--_border);
  }
`;
