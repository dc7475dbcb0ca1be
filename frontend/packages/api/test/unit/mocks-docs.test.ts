// @vitest-environment jsdom
// The documented examples of `@tauri-apps/api/mocks` (the "Mock Tauri APIs" guide and the module's API
// reference, as of @tauri-apps/api 2.12.5), each run three ways: our api on our mocks (an app moved to
// @taurievents/api), the official api on our mocks (an app aliasing `@tauri-apps/api/mocks` to ours; also
// with the official api 2.0.0 and 2.5.0, which a page may pin), and the official api on the official mocks,
// the control showing each test states the official behaviour.
// Under jsdom, as the guide runs them, with its WebCrypto setup.
import { randomFillSync } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as officialCore from '@tauri-apps/api/core';
import * as officialEvent from '@tauri-apps/api/event';
import * as officialMocks from '@tauri-apps/api/mocks';
import * as officialWebview from '@tauri-apps/api/webview';
import * as officialWebviewWindow from '@tauri-apps/api/webviewWindow';
import * as officialWindow from '@tauri-apps/api/window';
import { Command } from '@tauri-apps/plugin-shell';
import * as official20Core from 'tauri-api-2.0.0/core';
import * as official20Event from 'tauri-api-2.0.0/event';
import * as official20WebviewWindow from 'tauri-api-2.0.0/webviewWindow';
import * as official25Core from 'tauri-api-2.5.0/core';
import * as official25Event from 'tauri-api-2.5.0/event';
import * as official25WebviewWindow from 'tauri-api-2.5.0/webviewWindow';
import * as ourCore from '../../src/core.js';
import * as ourEvent from '../../src/event.js';
import * as ourMocks from '../../src/mocks.js';
import * as ourWebviewWindow from '../../src/webviewWindow.js';

// the guide's setup: "jsdom doesn't come with a WebCrypto implementation"
beforeAll(() => {
	Object.defineProperty(window, 'crypto', {
		value: {
			getRandomValues: (buffer: Uint32Array) => randomFillSync(buffer),
		},
	});
});

declare global {
	interface Window {
		__TAURI_INTERNALS__: any;
	}
}

/** What the examples use of an api flavour. */
interface Api {
	invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
	listen(event: string, handler: (event: any) => void): Promise<unknown>;
	once(event: string, handler: (event: any) => void): Promise<unknown>;
	emit(event: string, payload?: unknown): Promise<void>;
	emitTo(target: string, event: string, payload?: unknown): Promise<void>;
	transformCallback(callback: (data: any) => void): number;
	currentLabel(): string;
}

interface Mocks {
	mockIPC(cb: (cmd: string, payload?: any) => unknown, options?: { shouldMockEvents?: boolean }): void;
	mockWindows(current: string, ...others: string[]): void;
	mockConvertFileSrc(osName: string): void;
	clearMocks(): void;
}

const ours: Api = {
	invoke: ourCore.invoke,
	listen: ourEvent.listen,
	once: ourEvent.once,
	emit: ourEvent.emit,
	emitTo: ourEvent.emitTo,
	transformCallback: ourCore.transformCallback,
	currentLabel: () => ourWebviewWindow.getCurrentWebviewWindow().label,
};

const official: Api = {
	invoke: officialCore.invoke,
	listen: officialEvent.listen,
	once: officialEvent.once,
	emit: officialEvent.emit,
	emitTo: officialEvent.emitTo,
	transformCallback: officialCore.transformCallback,
	currentLabel: () => officialWebviewWindow.getCurrentWebviewWindow().label,
};

/** The official api of an older version: a page may pin one. */
function officialOf(core: typeof officialCore, event: typeof officialEvent, webviewWindow: typeof officialWebviewWindow): Api {
	return {
		invoke: core.invoke,
		listen: event.listen,
		once: event.once,
		emit: event.emit,
		emitTo: event.emitTo,
		transformCallback: core.transformCallback,
		currentLabel: () => webviewWindow.getCurrentWebviewWindow().label,
	};
}

const flavours: Array<[string, Api, Mocks]> = [
	['our api on our mocks', ours, ourMocks],
	['the official api on our mocks', official, ourMocks],
	['the official api 2.5.0 on our mocks', officialOf(official25Core as never, official25Event as never, official25WebviewWindow as never), ourMocks],
	['the official api 2.0.0 on our mocks', officialOf(official20Core as never, official20Event as never, official20WebviewWindow as never), ourMocks],
	['the official api on the official mocks', official, officialMocks],
];

describe.each(flavours)('%s', (_name, api, mocks) => {
	afterEach(() => mocks.clearMocks());

	it('the module\'s example: greet', async () => {
		mocks.mockIPC((cmd, args) => {
			if (cmd === 'greet') {
				return `Hello, ${(args as { name: string }).name}!`;
			}
		});
		await expect(api.invoke('greet', { name: 'tauri' })).resolves.toBe('Hello, tauri!');
	});

	it('invoke simple: a mocked command returns its value', async () => {
		mocks.mockIPC((cmd, args) => {
			// simulated rust command called "add" that just adds two numbers
			if (cmd === 'add') {
				return (args.a as number) + (args.b as number);
			}
		});
		await expect(api.invoke('add', { a: 12, b: 15 })).resolves.toBe(27);
	});

	it('the handler can return a Promise', async () => {
		// the reference's example fetches https://example.com/data.json; the test stays offline
		mocks.mockIPC((cmd) => {
			if (cmd === 'get_data') {
				return new Promise((resolve) => setTimeout(() => resolve({ foo: 'bar' }), 1));
			}
		});
		await expect(api.invoke('get_data')).resolves.toEqual({ foo: 'bar' });
	});

	it('the handler gets (cmd, payload): the arguments as passed, {} when there are none, nothing more', async () => {
		const handler = vi.fn(() => null);
		mocks.mockIPC(handler);
		const bytes = new Uint8Array([1, 2]);
		await api.invoke('add', { a: 12, b: 15 });
		await api.invoke('get_data');
		await api.invoke('upload', bytes as never);
		expect(handler.mock.calls).toEqual([['add', { a: 12, b: 15 }], ['get_data', {}], ['upload', bytes]]);
		expect((handler.mock.calls[2] as unknown[])[1]).toBe(bytes);
	});

	it('a handler\'s rejected Promise rejects the invoke', async () => {
		mocks.mockIPC(() => Promise.reject(new Error('disk full')));
		await expect(api.invoke('save')).rejects.toThrow('disk full');
	});

	it('a throwing handler rejects the invoke', async () => {
		mocks.mockIPC((cmd) => {
			throw `Command ${cmd} not found`;
		});
		await expect(api.invoke('missing')).rejects.toBe('Command missing not found');
	});

	it('invoke: vi.spyOn(window.__TAURI_INTERNALS__, "invoke") sees the call at once', async () => {
		mocks.mockIPC((cmd, args) => {
			if (cmd === 'add') {
				return (args.a as number) + (args.b as number);
			}
		});
		// we can use the spying tools provided by vitest to track the mocked function
		const spy = vi.spyOn(window.__TAURI_INTERNALS__, 'invoke');
		const resolves = expect(api.invoke('add', { a: 12, b: 15 })).resolves.toBe(27);
		expect(spy).toHaveBeenCalled();
		await resolves;
	});

	it('a handler calls back into a callback the page registered (the sidecar example, v2 internals)', async () => {
		// the guide's sidecar example reads v1's `window['_' + id]`; since 2.6 callbacks run through runCallback
		mocks.mockIPC((_cmd, args) => {
			window.__TAURI_INTERNALS__.runCallback(args.onEventFn, { event: 'Stdout', payload: 'some data sent from the process' });
			window.__TAURI_INTERNALS__.runCallback(args.onEventFn, { event: 'Terminated', payload: { code: 0, signal: 'kill' } });
		});
		const events: unknown[] = [];
		const onEventFn = api.transformCallback((event) => events.push(event));
		await api.invoke('plugin:shell|execute', { onEventFn });
		expect(events).toEqual([
			{ event: 'Stdout', payload: 'some data sent from the process' },
			{ event: 'Terminated', payload: { code: 0, signal: 'kill' } },
		]);
	});

	it('mocked event: emit reaches listen synchronously with shouldMockEvents', () => {
		mocks.mockIPC(() => {}, { shouldMockEvents: true }); // enable event mocking

		const eventHandler = vi.fn();
		void api.listen('test-event', eventHandler); // typically in component setup or similar

		void api.emit('test-event', { foo: 'bar' });
		// the guide's version omits `id`; the listener gets one (its event id), with the official mocks too
		expect(eventHandler).toHaveBeenCalledWith({
			event: 'test-event',
			id: expect.any(Number),
			payload: { foo: 'bar' },
		});
	});

	it('with shouldMockEvents, emit without a payload hands the listener payload undefined', async () => {
		mocks.mockIPC(() => {}, { shouldMockEvents: true });
		const eventHandler = vi.fn();
		await api.listen('loaded', eventHandler);
		await api.emit('loaded');
		expect(eventHandler).toHaveBeenCalledWith({ event: 'loaded', id: expect.any(Number), payload: undefined });
		expect(eventHandler.mock.calls[0]![0].payload).toBeUndefined();
	});

	it('with shouldMockEvents, no plugin:event command reaches the handler, and emitTo resolves', async () => {
		const handler = vi.fn();
		mocks.mockIPC(handler, { shouldMockEvents: true });
		const unlisten = (await api.listen('tick', () => {})) as () => Promise<void> | void;
		await api.emit('tick', 1);
		await api.emitTo('main', 'tick', 2);
		await unlisten();
		await expect(api.invoke('plugin:event|anything_else')).resolves.toBeUndefined();
		expect(handler).not.toHaveBeenCalled();
	});

	it('once hears one emission and unlisten stops a listener', async () => {
		mocks.mockIPC(() => {}, { shouldMockEvents: true });
		const onceHandler = vi.fn();
		const handler = vi.fn();
		await api.once('tick', onceHandler);
		const unlisten = (await api.listen('tick', handler)) as () => Promise<void> | void;
		await api.emit('tick', 1);
		await api.emit('tick', 2);
		await unlisten();
		await api.emit('tick', 3);
		expect(onceHandler.mock.calls.map(([event]) => event.payload)).toEqual([1]);
		expect(handler.mock.calls.map(([event]) => event.payload)).toEqual([1, 2]);
	});

	it('without shouldMockEvents the handler sees plugin:event|emit (mockWindows example)', async () => {
		mocks.mockWindows('main', 'second', 'third');
		const emitted = vi.fn();
		mocks.mockIPC((cmd, args) => {
			if (cmd === 'plugin:event|emit') {
				emitted(args?.event, args?.payload);
			}
		});
		await api.emit('loaded'); // this will cause the mocked IPC handler to be called
		expect(emitted).toHaveBeenCalledWith('loaded', undefined);
	});

	it('mockWindows: the current window is the first label', () => {
		mocks.mockWindows('main', 'second', 'third');
		expect(api.currentLabel()).toBe('main');
	});

	it('clearMocks: mocked windows', () => {
		mocks.mockWindows('main', 'second', 'third');
		expect(window.__TAURI_INTERNALS__).toHaveProperty('metadata');
	});

	it('clearMocks: no mocked windows', () => {
		expect(window.__TAURI_INTERNALS__).not.toHaveProperty('metadata');
	});
});

const mockFlavours: Array<[string, Mocks]> = [
	['our mocks', ourMocks],
	['the official mocks', officialMocks],
];

describe.each(mockFlavours)('examples of functions only the official api has, on %s', (_name, mocks) => {
	afterEach(() => mocks.clearMocks());

	it('mockWindows\' example: getCurrentWindow() is the first label', () => {
		mocks.mockWindows('main', 'second', 'third');
		const win = officialWindow.getCurrentWindow();
		expect(win.label).toBe('main');
		expect(officialWebviewWindow.getCurrentWebviewWindow().label).toBe('main');
	});

	it('mockConvertFileSrc\'s example: convertFileSrc as on each platform', () => {
		mocks.mockConvertFileSrc('windows');
		expect(officialCore.convertFileSrc('C:\\Users\\user\\file.txt')).toBe('http://asset.localhost/C%3A%5CUsers%5Cuser%5Cfile.txt');
		mocks.mockConvertFileSrc('linux');
		expect(officialCore.convertFileSrc('/home/user/file.txt', 'stream')).toBe('stream://localhost/%2Fhome%2Fuser%2Ffile.txt');
		mocks.mockConvertFileSrc('macos');
		expect(officialCore.convertFileSrc('/Users/user/a b.png')).toBe('asset://localhost/%2FUsers%2Fuser%2Fa%20b.png');
	});

	it('the guide\'s sidecar example, in v2: a spawned sidecar\'s output and exit through its Channel', async () => {
		// v1 read `window['_' + args.message.onEventFn]`; the v2 shell plugin passes a Channel, `onEvent`, and
		// the backend writes `{ message, index }` to its callback
		const handler = vi.fn(async (cmd: string, args?: any) => {
			if (cmd === 'plugin:shell|spawn') {
				let index = 0;
				const eventEmitter = (message: unknown) => window.__TAURI_INTERNALS__.runCallback(args.onEvent.id, { message, index: index++ });
				// 'Stdout' event can be called multiple times
				eventEmitter({ event: 'Stdout', payload: 'some data sent from the process' });
				// 'Terminated' event must be called at the end to resolve the promise
				eventEmitter({ event: 'Terminated', payload: { code: 0, signal: 'kill' } });
				return 4242;
			}
		});
		mocks.mockIPC(handler);
		const command = Command.sidecar('binaries/my-sidecar', ['--serve']);
		const lines: string[] = [];
		command.stdout.on('data', (line) => lines.push(line));
		const closed = new Promise((resolve) => command.on('close', resolve));
		const child = await command.spawn();
		expect(child.pid).toBe(4242);
		await expect(closed).resolves.toEqual({ code: 0, signal: 'kill' });
		expect(lines).toEqual(['some data sent from the process']);
		expect(handler).toHaveBeenCalledWith('plugin:shell|spawn', expect.objectContaining({
			program: 'binaries/my-sidecar', args: ['--serve'], options: expect.objectContaining({ sidecar: true }),
		}));
	});

	it('a sidecar\'s execute() answered by the handler', async () => {
		mocks.mockIPC((cmd) => (cmd === 'plugin:shell|execute' ? { code: 0, signal: null, stdout: 'v1.2.3\n', stderr: '' } : undefined));
		const output = await Command.sidecar('binaries/my-sidecar', ['--version']).execute();
		expect(output).toEqual({ code: 0, signal: null, stdout: 'v1.2.3\n', stderr: '' });
	});

	it('clearMocks takes away everything the others installed', () => {
		mocks.mockIPC(() => null, { shouldMockEvents: true });
		mocks.mockWindows('main');
		mocks.mockConvertFileSrc('linux');
		mocks.clearMocks();
		for (const member of ['invoke', 'transformCallback', 'unregisterCallback', 'runCallback', 'callbacks', 'convertFileSrc', 'metadata']) {
			expect(window.__TAURI_INTERNALS__).not.toHaveProperty(member);
		}
		expect((window as any).__TAURI_EVENT_PLUGIN_INTERNALS__).not.toHaveProperty('unregisterListener');
	});
});

describe('what the official mocks leave out, on ours', () => {
	afterEach(() => ourMocks.clearMocks());

	it('the guide\'s Windows example: getAll lists every mocked window (the official mocks ignore them)', async () => {
		ourMocks.mockWindows('main', 'second', 'third');
		// the guide names v1's getCurrent/getAll; in v2 they are getCurrentWebviewWindow/getAllWebviewWindows
		expect(officialWebviewWindow.getCurrentWebviewWindow()).toHaveProperty('label', 'main');
		expect((await officialWebviewWindow.getAllWebviewWindows()).map((w) => w.label)).toEqual(['main', 'second', 'third']);
		expect((await officialWindow.getAllWindows()).map((w) => w.label)).toEqual(['main', 'second', 'third']);
		expect((await officialWebviewWindow.WebviewWindow.getByLabel('third'))?.label).toBe('third');
		expect(officialWebview.getCurrentWebview().label).toBe('main');
		expect((await officialWebview.getAllWebviews()).map((w) => w.label)).toEqual(['main', 'second', 'third']);
	});

	it('the sidecar example with sendToChannel and closeChannel', async () => {
		ourMocks.mockIPC((cmd, args) => {
			if (cmd === 'plugin:shell|spawn') {
				const { onEvent } = args as { onEvent: officialCore.Channel<unknown> };
				ourMocks.sendToChannel(onEvent, { event: 'Stderr', payload: 'warming up' });
				ourMocks.sendToChannel(onEvent, { event: 'Terminated', payload: { code: 1, signal: null } });
				ourMocks.closeChannel(onEvent);
				return 7;
			}
		});
		const command = Command.create('node');
		const errors: string[] = [];
		command.stderr.on('data', (line) => errors.push(line));
		const closed = new Promise((resolve) => command.on('close', resolve));
		await command.spawn();
		await expect(closed).resolves.toEqual({ code: 1, signal: null });
		expect(errors).toEqual(['warming up']);
	});

	it('our event module keeps v1\'s getCurrent', () => {
		ourMocks.mockWindows('second', 'main');
		expect(ourEvent.getCurrent()).toHaveProperty('label', 'second');
	});
});
