/**
 * Initials avatars, drawn by the widget itself: no image, no request to anyone. A name's initials and
 * hue travel as two custom properties in one `style` value, made once per name. It is set through the
 * CSSOM (a property binding), which a Content-Security-Policy without 'unsafe-inline' allows, where a
 * `style` attribute would be refused.
 */
import {boundedMemo} from '../../internal/bounded-memo.js';

/**
 * The `style` of the author line that draws `name`'s avatar (see `.author::before` in comment.styles.ts).
 * Only letters, digits and their marks go in: nothing a name holds can close the string or the declaration.
 */
export const avatarStyle = boundedMemo((name) => `--_hue:${hue(name)};--_initials:"${initials(name)}"`);

/** The first letter of the first and the last word ("Ada Quill" → "AQ"; "张伟" → "张"), each with its marks. */
export function initials(name: string): string {
  const letters = name.split(/\s+/u).map((word) => /[\p{L}\p{N}]\p{M}*/u.exec(word)?.[0]).filter((l) => l !== undefined);
  if (letters.length === 0) return '';
  const picked = letters.length === 1 ? letters : [letters[0]!, letters[letters.length - 1]!];
  return picked.join('').toLocaleUpperCase();
}

/** A hue (0–359) from the name, the same on every visit and every page. */
function hue(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}
