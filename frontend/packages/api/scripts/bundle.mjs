// Browser bundles (minified, ES2022) for pages served by the Spring Boot app under /tauri-events/.
import { build } from 'esbuild';

const common = { bundle: true, minify: true, target: 'es2022', platform: 'browser', legalComments: 'none', logLevel: 'warning' };

await Promise.all([
	build({ ...common, entryPoints: { index: 'src/index.ts', shim: 'src/shim.ts' }, format: 'esm', outdir: 'dist/browser' }),
	build({ ...common, entryPoints: { 'tauri-internals': 'src/auto.ts' }, format: 'iife', outdir: 'dist/browser' }),
]);
