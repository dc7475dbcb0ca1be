// Bundles each page with esbuild into bench/target/pages/, which the bench servers serve as static resources.
// @taurievents/api comes from its sources in frontend/packages/api, so the page always runs the client of this
// checkout without a separate frontend build.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const out = here('../target/pages');
const pages = ['raw', 'stomp', 'tauri'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const page of pages) {
	writeFileSync(`${out}/${page}.html`, `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>bench page</title></head>
<body><p>${page} benchmark page: driven by io.taurievents.bench.client.BrowserScenarios</p>
<script type="module" src="assets/${page}.js"></script></body>
</html>
`);
}
await build({
	entryPoints: pages.map((page) => here(`src/${page}.ts`)),
	outdir: `${out}/assets`,
	bundle: true,
	// what a production page ships
	minify: true,
	format: 'esm',
	target: 'es2022',
	alias: { '@taurievents/api': here('../../frontend/packages/api/src') },
	logLevel: 'warning',
});
