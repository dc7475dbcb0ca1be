// Every export of the package's entry points, and every public method of an exported class, is documented
// with an example (TSDoc `@example`), read through the TypeScript compiler as an editor shows it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '../..');
const entries = ['index', 'core', 'event', 'webviewWindow', 'shim', 'mocks'].map((entry) => join(pkg, 'src', `${entry}.ts`));

function undocumented(): string[] {
	const program = ts.createProgram(entries, {
		module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, types: [],
	});
	const checker = program.getTypeChecker();
	const hasExample = (symbol: ts.Symbol): boolean => symbol.getJsDocTags(checker).some((tag) => tag.name === 'example');
	const seen = new Set<ts.Symbol>();
	const missing: string[] = [];
	for (const entry of entries) {
		const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
		for (const exported of checker.getExportsOfModule(module)) {
			const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
			if (seen.has(symbol)) {
				continue;
			}
			seen.add(symbol);
			if (!hasExample(symbol)) {
				missing.push(exported.name);
			}
			if (symbol.flags & ts.SymbolFlags.Class) {
				symbol.members?.forEach((member, name) => {
					const declaration = member.declarations?.[0];
					const hidden = declaration && ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
					if (member.flags & ts.SymbolFlags.Method && !hidden && !hasExample(member)) {
						missing.push(`${exported.name}.${String(name)}`);
					}
				});
			}
		}
	}
	return missing;
}

describe('the public API', () => {
	// parsing the DOM's declarations takes seconds on a busy machine
	it('documents every export with an example', { timeout: 60_000 }, () => {
		expect(undocumented()).toEqual([]);
	});
});
