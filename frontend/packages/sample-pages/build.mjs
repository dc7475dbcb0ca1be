// Bundles each page's module with esbuild and copies the static files: dist/ becomes the sample app's static/.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

rmSync(here('dist'), { recursive: true, force: true });
cpSync(here('public'), here('dist'), { recursive: true });
await build({
  entryPoints: ['main', 'settings', 'login', 'file-viewer'].map((page) => here(`src/${page}.ts`)),
  outdir: here('dist/assets'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});
