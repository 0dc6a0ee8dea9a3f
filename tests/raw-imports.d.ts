// Vite's `?raw` imports: a file's text as a string (tests/browser/commonmark-examples.ts).
declare module '*?raw' {
  const text: string;
  export default text;
}
