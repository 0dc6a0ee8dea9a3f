import {defineConfig, type Plugin, type UserConfig} from 'vite';

/**
 * Minifies the CSS in our `*.styles.ts` files (Lit's `css` templates are strings to a bundler):
 * comments go, and whitespace shrinks to what CSS needs (0.4 kB of the embed, gzipped).
 */
function minifyStyles(): Plugin {
  return {
    name: 'colloquy-minify-styles',
    transform(code, id) {
      if (!/\/src\/.*\.styles\.ts$/.test(id)) return null;
      // Lines within a style template may shift; source maps of style text matter little (`map: null`).
      return {map: null, code: code.replace(/css`([^`]*)`/g, (_, text: string) => `css\`${text
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};])\s*/g, '$1')
        .trim()}\``)};
    },
  };
}

// `vite build`: dist/index.js + dist/define.js for npm, dependencies left as imports.
// The embed, self-contained and minified, in three builds (each a file a page may load):
// - `--mode embed`: dist/colloquy-app.js, what a reader needs to read a thread, with the comment form
//   and the Markdown parser in chunks beside it (dist/colloquy-*.js), loaded when wanted;
// - `--mode embed-loader`: dist/colloquy.js, the module script a page includes: it loads the app when
//   a thread nears the viewport;
// - `--mode embed-classic`: dist/colloquy.iife.js, the same loader as a classic script;
// - `--mode embed-count`: dist/colloquy-count.js, `<colloquy-count>` for index pages, which the loaders
//   import when a page has one.
// The loaders are built on their own so that nothing they share with the app becomes a chunk they
// must fetch before the thread is near.
const EMBEDS: Record<string, NonNullable<UserConfig['build']>> = {
  embed: {
    lib: {entry: {'colloquy-app': 'src/embed/app.ts'}, formats: ['es']},
    rolldownOptions: {output: {minify: true, chunkFileNames: 'colloquy-[name]-[hash].js',
      // Everything the app imports statically is one chunk, `shared` (what a reader needs, with the app
      // itself); what loads later (the form, Edit and Delete, Markdown) imports from it, so it never
      // splits the reader's path into more files. The size budget counts the app and `shared`.
      codeSplitting: {groups: [{name: 'shared', tags: ['$initial']}]}}},
  },
  'embed-loader': {
    lib: {entry: 'src/embed/module.ts', formats: ['es'], fileName: () => 'colloquy.js'},
    rolldownOptions: {output: {minify: true}},
  },
  // dist/colloquy-count.js: `<colloquy-count>` alone, for index pages (its languages in chunks beside it).
  'embed-count': {
    lib: {entry: 'src/embed/count.ts', formats: ['es'], fileName: () => 'colloquy-count.js'},
    rolldownOptions: {output: {minify: true, chunkFileNames: 'colloquy-count-[name]-[hash].js'}},
  },
  'embed-classic': {
    lib: {entry: 'src/embed/classic.ts', name: 'Colloquy', formats: ['iife'], fileName: () => 'colloquy.iife.js'},
    rolldownOptions: {output: {minify: true}},
  },
};

export default defineConfig(({mode}) => ({
  plugins: [minifyStyles()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    ...(EMBEDS[mode] ?? {
      lib: {entry: {index: 'src/index.ts', define: 'src/define.ts', react: 'src/frameworks/react.ts'}, formats: ['es']},
      rolldownOptions: {external: [/^lit($|\/)/, /^@lit\//, 'marked', 'dompurify', 'valibot', /^react($|\/)/], output: {
        // What loads on demand (a language, the form, Markdown) is named for itself; the rest is shared.
        chunkFileNames: (chunk) => (chunk.isDynamicEntry ? '[name]-[hash].js' : 'shared-[hash].js')}},
    }),
  },
}));
