// The few parts of turndown Colloquy uses, typed without the DOM library (the server is compiled
// without it, so that no server code can reach for browser globals; @types/turndown needs them).
declare module 'turndown' {
  interface TurndownNode {
    readonly nodeName: string;
    getAttribute(name: string): string | null;
  }
  interface Rule {
    filter: string | string[] | ((node: TurndownNode) => boolean);
    replacement: (content: string, node: TurndownNode) => string;
  }
  interface Options {
    headingStyle?: 'setext' | 'atx';
    codeBlockStyle?: 'indented' | 'fenced';
    emDelimiter?: '_' | '*';
    bulletListMarker?: '-' | '+' | '*';
    br?: string;
  }
  export default class TurndownService {
    constructor(options?: Options);
    addRule(key: string, rule: Rule): this;
    remove(filter: string | string[]): this;
    turndown(html: string): string;
  }
}
