// `npm install <path>` of a fresh clone, and `npm pack` + install of the tarball, into empty projects, offline;
// then Node imports every entry point and a strict TypeScript consumer type-checks against the shipped types.
// The "clone" is a copy of what git would check out of the working tree (tracked and unignored files, so no
// node_modules and no dist), which also covers changes not committed yet.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: pkg, encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'taurievents-install-'));
const clone = join(work, 'clone');
const clonedPkg = join(clone, 'frontend/packages/api');

// without the npm_* variables of an enclosing `npm run`, each nested npm sees only its own command
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|INIT_CWD$)/i.test(name)));

// asynchronous, so the test worker keeps answering Vitest during minutes-long installs
function run(command: string, args: string[], cwd: string): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
			error ? reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`)) : resolve(stdout));
	});
}

const npm = (args: string[], cwd: string): Promise<string> => run('npm', [...args, '--offline', '--no-audit', '--no-fund'], cwd);

function project(name: string): string {
	const dir = join(work, name);
	mkdirSync(dir);
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
	return dir;
}

// every entry point, the mocks driving the client with no server
const consumer = `
import { Channel, invoke, listen, emit, getCurrentWebviewWindow } from '@taurievents/api';
import * as core from '@taurievents/api/core';
import * as event from '@taurievents/api/event';
import * as webviewWindow from '@taurievents/api/webviewWindow';
import { installTauriInternals } from '@taurievents/api/shim';
import { clearMocks, closeChannel, emitFromBackend, mockIPC, mockWindows, sendToChannel } from '@taurievents/api/mocks';

mockWindows('settings');
mockIPC((cmd, args) => {
	if (cmd === 'download') {
		const { onEvent } = args as { onEvent: Channel<number> };
		sendToChannel(onEvent, 1);
		closeChannel(onEvent);
		return 'done';
	}
}, { shouldMockEvents: true });
const heard: unknown[] = [];
await listen<string>('news', (e) => heard.push(e.payload));
emitFromBackend('news', 'from the backend');
await emit('news', 'from the page');
const messages: number[] = [];
const result = await invoke<string>('download', { onEvent: new Channel<number>((m) => messages.push(m)) });
console.log(JSON.stringify({
	heard, messages, result,
	label: getCurrentWebviewWindow().label,
	entries: [typeof core.invoke, typeof event.emitTo, typeof webviewWindow.WebviewWindow, typeof installTauriInternals],
}));
clearMocks();
`;

const expected = {
	heard: ['from the backend', 'from the page'],
	messages: [1],
	result: 'done',
	label: 'settings',
	entries: ['function', 'function', 'function', 'function'],
};

/** Type-checks the consumer strictly against the installed package's types, then runs it in Node. */
async function check(dir: string): Promise<unknown> {
	writeFileSync(join(dir, 'consumer.ts'), consumer);
	writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
		compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [], outDir: 'out' },
		files: ['consumer.ts'],
	}));
	await run(process.execPath, [join(clone, 'frontend/node_modules/typescript/bin/tsc'), '-p', '.'], dir);
	return JSON.parse(await run(process.execPath, ['out/consumer.js'], dir));
}

beforeAll(async () => {
	const files = (await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', 'frontend'], root)).split('\0');
	for (const file of files.filter((path) => path && existsSync(join(root, path)))) {
		mkdirSync(dirname(join(clone, file)), { recursive: true });
		cpSync(join(root, file), join(clone, file));
	}
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('installing @taurievents/api from a fresh clone', () => {
	it('has neither dist nor node_modules to start with', () => {
		expect(existsSync(join(clonedPkg, 'dist'))).toBe(false);
		expect(existsSync(join(clone, 'frontend/node_modules'))).toBe(false);
	});

	it('npm install <path>: prepare installs the build tools and builds; Node and tsc --strict use it', async () => {
		const app = project('from-path');
		await npm(['install', clonedPkg], app);
		expect(lstatSync(join(app, 'node_modules/@taurievents/api')).isSymbolicLink()).toBe(true);
		expect(readdirSync(join(clonedPkg, 'dist'))).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'mocks.js', 'mocks.d.ts', 'browser']));
		expect(await check(app)).toEqual(expected);
	});

	it('npm pack: the tarball carries the build, the sources and the README, no tests; it installs and runs', async () => {
		await npm(['pack', '--pack-destination', work], clonedPkg);
		const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
		const paths = (await run('tar', ['-tzf', tarball], work)).trim().split('\n').map((path) => path.replace(/^package\//, ''));
		expect(paths).toEqual(expect.arrayContaining([
			'package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/mocks.js', 'dist/mocks.d.ts',
			'dist/browser/tauri-internals.js', 'src/mocks.ts',
		]));
		expect(paths.filter((path) => path.startsWith('test/') || path.startsWith('scripts/'))).toEqual([]);
		const app = project('from-tarball');
		await npm(['install', tarball], app);
		expect(lstatSync(join(app, 'node_modules/@taurievents/api')).isDirectory()).toBe(true);
		expect(await check(app)).toEqual(expected);
	});

	it('a Tauri app\'s Vitest suite runs on our mocks through the README\'s alias, extras included, and so do the README\'s tests', async () => {
		const app = project('tauri-app');
		const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
		await npm(['install', tarball], app);
		// the app's devDependencies: the clone's installed copies (offline, npm has their files but not the registry's metadata)
		symlinkSync(join(clone, 'frontend/node_modules/vitest'), join(app, 'node_modules/vitest'));
		symlinkSync(join(clone, 'frontend/node_modules/@tauri-apps'), join(app, 'node_modules/@tauri-apps'));
		writeFileSync(join(app, 'vitest.config.js'), `import { defineConfig } from 'vitest/config';
export default defineConfig({ resolve: { alias: { '@tauri-apps/api/mocks': '@taurievents/api/mocks' } } });
`);
		// written for the official package; emitFromBackend exists only in ours, so the alias is what runs
		writeFileSync(join(app, 'app.test.js'), `import { afterEach, expect, test, vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { clearMocks, emitFromBackend, mockIPC } from '@tauri-apps/api/mocks';
globalThis.window = globalThis;
afterEach(() => clearMocks());
test('invoke', async () => {
	mockIPC((cmd, args) => (cmd === 'add' ? args.a + args.b : undefined));
	await expect(invoke('add', { a: 12, b: 15 })).resolves.toBe(27);
});
test('an event from the backend', async () => {
	mockIPC(() => undefined, { shouldMockEvents: true });
	const handler = vi.fn();
	await listen('progress', handler);
	emitFromBackend('progress', 42);
	expect(handler).toHaveBeenCalledWith({ event: 'progress', id: expect.any(Number), payload: 42 });
});
`);
		// and the README's tests of the mocks, as a user copies them
		const readme = readFileSync(join(clonedPkg, 'README.md'), 'utf8');
		const examples = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!).filter((block) => block.includes("from '@taurievents/api/mocks'") && block.includes('test('));
		expect(examples).toHaveLength(2);
		examples.forEach((example, i) => writeFileSync(join(app, `readme-${i + 1}.test.ts`), example));
		const output = await run(process.execPath, [join(app, 'node_modules/vitest/vitest.mjs'), 'run'], app);
		// Vitest colours its summary when the enclosing run forces colour
		const summary = output.replace(/\u001b\[[0-9;]*m/g, '');
		expect(summary).toMatch(/Test Files\s+3 passed \(3\)/);
		expect(summary).toMatch(/Tests\s+6 passed \(6\)/);
	});
});
