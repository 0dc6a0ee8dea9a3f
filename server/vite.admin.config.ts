import {defineConfig} from 'vite';

// The admin page's script: dist/admin/admin.js, one minified module served by the server at /admin.
// It never ships in the widget's package.
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist/admin',
    emptyOutDir: true,
    sourcemap: true,
    lib: {entry: 'admin/admin.ts', formats: ['es'], fileName: () => 'admin.js'},
    rolldownOptions: {output: {minify: true}},
  },
});
