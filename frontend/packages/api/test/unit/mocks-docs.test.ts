// The documented examples of `@tauri-apps/api/mocks` (the "Mock Tauri APIs" guide and the module's API
// reference), each run three ways: our api on our mocks (an app moved to @taurievents/api), the official
// api on our mocks (an app aliasing `@tauri-apps/api/mocks` to ours), and the official api on the official
// mocks, the control showing each test states the official behaviour.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as officialCore from '@tauri-apps/api/core';
import * as officialEvent from '@tauri-apps/api/event';
import * as officialMocks from '@tauri-apps/api/mocks';
import * as officialWebviewWindow from '@tauri-apps/api/webviewWindow';
import * as ourCore from '../../src/core.js';
import * as ourEvent from '../../src/event.js';
import * as ourMocks from '../../src/mocks.js';
import * as ourWebviewWindow from '../../src/webviewWindow.js';

// jsdom and happy-dom provide `window`; Node's environment (this suite's) has WebCrypto but no `window`
(globalThis as any).window = globalThis;

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
	transformCallback(callback: (data: any) => void): number;
	currentLabel(): string;
}

interface Mocks {
	mockIPC(cb: (cmd: string, payload?: any) => unknown, options?: { shouldMockEvents?: boolean }): void;
	mockWindows(current: string, ...others: string[]): void;
	clearMocks(): void;
}

const ours: Api = {
	invoke: ourCore.invoke,
	listen: ourEvent.listen,
	once: ourEvent.once,
	emit: ourEvent.emit,
	transformCallback: ourCore.transformCallback,
	currentLabel: () => ourWebviewWindow.getCurrentWebviewWindow().label,
};

const official: Api = {
	invoke: officialCore.invoke,
	listen: officialEvent.listen,
	once: officialEvent.once,
	emit: officialEvent.emit,
	transformCallback: officialCore.transformCallback,
	currentLabel: () => officialWebviewWindow.getCurrentWebviewWindow().label,
};

const flavours: Array<[string, Api, Mocks]> = [
	['our api on our mocks', ours, ourMocks],
	['the official api on our mocks', official, ourMocks],
	['the official api on the official mocks', official, officialMocks],
];

describe.each(flavours)('%s', (_name, api, mocks) => {
	afterEach(() => mocks.clearMocks());

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

describe('examples only the official api has functions for, on our mocks', () => {
	afterEach(() => ourMocks.clearMocks());

	it('mockConvertFileSrc shapes convertFileSrc like the platform', () => {
		ourMocks.mockConvertFileSrc('windows');
		expect(officialCore.convertFileSrc('C:\\Users\\user\\file.txt')).toBe('http://asset.localhost/C%3A%5CUsers%5Cuser%5Cfile.txt');
		ourMocks.mockConvertFileSrc('linux');
		expect(officialCore.convertFileSrc('/home/user/file.txt', 'stream')).toBe('stream://localhost/%2Fhome%2Fuser%2Ffile.txt');
	});

	it('the guide\'s mockWindows example: getAll lists every mocked window (the official mocks ignore them)', async () => {
		ourMocks.mockWindows('main', 'second', 'third');
		// the guide names v1's getCurrent/getAll; in v2 they are getCurrentWebviewWindow/getAllWebviewWindows
		expect(officialWebviewWindow.getCurrentWebviewWindow()).toHaveProperty('label', 'main');
		expect((await officialWebviewWindow.getAllWebviewWindows()).map((w) => w.label)).toEqual(['main', 'second', 'third']);
		expect((await officialWebviewWindow.WebviewWindow.getByLabel('third'))?.label).toBe('third');
	});

	it('our event module keeps v1\'s getCurrent', () => {
		ourMocks.mockWindows('second', 'main');
		expect(ourEvent.getCurrent()).toHaveProperty('label', 'second');
	});
});
