// The README's TypeScript examples are real: each block type-checks strictly against the sources, imported
// by the package's own names (`@taurievents/api/…`) as a user writes them. The mocks' example also runs,
// in the install test, from the packed package.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The README's ```ts blocks, in order. */
function readmeBlocks(): string[] {
	const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
	return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

function diagnostics(): string[] {
	// beside the package's files, so `vitest` and `@tauri-apps/api` resolve from its node_modules
	const files = new Map(readmeBlocks().map((block, i) => [join(pkg, `readme-example-${i + 1}.ts`), `${block}\nexport {};\n`]));
	const options: ts.CompilerOptions = {
		target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
		lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], strict: true, noEmit: true, skipLibCheck: true, types: [],
		baseUrl: pkg, paths: { '@taurievents/api': ['./src/index.ts'], '@taurievents/api/*': ['./src/*.ts'] },
	};
	const host = ts.createCompilerHost(options);
	const { getSourceFile, fileExists, readFile } = host;
	host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
	host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
	host.getSourceFile = (name, language, ...rest) => {
		const text = files.get(name);
		return text === undefined ? getSourceFile.call(host, name, language, ...rest) : ts.createSourceFile(name, text, language);
	};
	const program = ts.createProgram([...files.keys()], options, host);
	return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
		const where = diagnostic.file && diagnostic.start !== undefined
			? `${diagnostic.file.fileName.slice(pkg.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1} `
			: '';
		return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
	});
}

describe('the README', () => {
	it('has TypeScript examples', () => {
		expect(readmeBlocks().length).toBeGreaterThanOrEqual(6);
	});

	it('type-checks every example strictly against the sources', { timeout: 60_000 }, () => {
		expect(diagnostics()).toEqual([]);
	});
});
