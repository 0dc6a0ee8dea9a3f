import {defineConfig} from 'vite';

// `vite build`: dist/index.js + dist/define.js for npm, dependencies left as imports.
// `vite build --mode embed`: dist/colloquy.js (ES module) and dist/colloquy.iife.js, self-contained and minified.
export default defineConfig(({mode}) => {
  const embed = mode === 'embed';
  return {
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      lib: embed
        ? {entry: 'src/define.ts', name: 'Colloquy', formats: ['es', 'iife'],
            fileName: (format) => (format === 'es' ? 'colloquy.js' : 'colloquy.iife.js')}
        : {entry: {index: 'src/index.ts', define: 'src/define.ts'}, formats: ['es']},
      rolldownOptions: embed
        ? {output: {minify: true}} // library mode leaves ES output unminified otherwise
        : {external: [/^lit($|\/)/, /^@lit\//, 'marked', 'dompurify', 'valibot'], output: {chunkFileNames: 'shared-[hash].js'}},
    },
  };
});
