// Prints the minified + gzipped size of `core` + `event` (what a page using invoke/listen/emit ships) and
// fails when it exceeds the budget.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const BUDGET = 5000;
const result = await build({
	stdin: { contents: "export * from './src/core.ts'; export * from './src/event.ts';", resolveDir: '.', loader: 'ts' },
	bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, legalComments: 'none',
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
console.log(`core+event: ${code.length} B minified, ${gzipped} B minified+gzipped (budget ${BUDGET} B)`);
if (gzipped > BUDGET) {
	console.error('size budget exceeded');
	process.exit(1);
}
