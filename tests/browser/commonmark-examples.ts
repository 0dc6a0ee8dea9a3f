import specText from 'commonmark-spec/spec.txt?raw';

import type {SpecExample} from './gfm-examples.js';

/**
 * The CommonMark 0.31.2 examples, read from the `commonmark-spec` package's spec.txt the way its own
 * index.js does (which needs Node's fs, so the browser reads the text through Vite instead).
 */
export function commonmarkExamples(): SpecExample[] {
  const examples: SpecExample[] = [];
  let section = '';
  const tests = specText.replace(/\r\n?/g, '\n').replace(/^<!-- END TESTS -->(.|[\n])*/m, '');
  for (const match of tests.matchAll(/^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$/gm)) {
    if (match[3] !== undefined) {
      section = match[3];
      continue;
    }
    // The spec writes tabs as → so they can be seen; its runner turns them back.
    examples.push({number: examples.length + 1, section, markdown: match[1]!.replace(/→/g, '\t'), html: match[2]!.replace(/→/g, '\t')});
  }
  return examples;
}
