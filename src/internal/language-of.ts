/** The language tag an element speaks: its own `lang`, else the nearest ancestor's (usually `<html lang>`), else the browser's. */
export function languageOf(element: Element): string {
  const declared = element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
  return (declared || navigator.language || 'en').trim();
}
