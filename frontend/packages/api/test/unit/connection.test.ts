import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection, connect, invoke, type ConnectionStateChange, type WebSocketConstructor } from '../../src/core.js';
import { listen, type Event } from '../../src/event.js';
import { FakeNetwork, settle, type FakeSocket } from './fake-socket.js';

let network: FakeNetwork;
let connection: Connection;
let socket: FakeSocket;
let states: ConnectionStateChange[];

beforeEach(() => {
	network = new FakeNetwork();
	connection = connect({ url: 'http://server:8080/tauri', label: 'main', WebSocket: network.WebSocket, reconnect: { initialDelay: 100, maxDelay: 1000 } });
	states = [];
	connection.onStateChange((change) => states.push(change));
	socket = network.last;
});

afterEach(() => {
	connection.close();
	vi.useRealTimers();
});

describe('connecting', () => {
	it('uses the ws: scheme, the label and the protocol version in the URL', () => {
		expect(socket.url).toBe('ws://server:8080/tauri?label=main&v=2');
		expect(connection.state).toBe('connecting');
	});

	it('explains a missing WebSocket implementation', () => {
		vi.stubGlobal('WebSocket', undefined);
		try {
			expect(() => new Connection({ url: 'ws://server/tauri' })).toThrow(/no global WebSocket.*ws package/);
		}
		finally {
			vi.unstubAllGlobals();
		}
	});

	it('queues invokes until the welcome and sends them in order', async () => {
		const first = invoke('a', { n: 1 });
		const second = invoke('b', { n: 2 }, { headers: { 'x-trace': '42' } });
		await settle();
		expect(socket.sent).toEqual([]);
		socket.opened();
		expect(socket.sent).toEqual([{ type: 'hello', batch: true, utf8: true }]);
		socket.push({ type: 'welcome', version: 2, label: 'main', instance: 'instance-token', channelWindow: 64 });
		expect(socket.invokes()).toEqual([
			{ type: 'invoke', id: 1, cmd: 'a', args: { n: 1 } },
			{ type: 'invoke', id: 2, cmd: 'b', args: { n: 2 }, headers: { 'x-trace': '42' } },
		]);
		socket.respond(1, 'A');
		socket.respond(2, { b: true });
		await expect(Promise.all([first, second])).resolves.toEqual(['A', { b: true }]);
		expect(states.map((change) => change.state)).toEqual(['open']);
	});
});

describe('invoke', () => {
	beforeEach(() => socket.open());

	it('passes any rejection value through unchanged', async () => {
		const failing = invoke('login', { user: 'x' });
		const missing = invoke('nope');
		await settle();
		socket.reject(1, { kind: 'InvalidCredentials', message: 'wrong password' });
		socket.reject(2, 'Command nope not found');
		await expect(failing).rejects.toEqual({ kind: 'InvalidCredentials', message: 'wrong password' });
		await expect(missing).rejects.toBe('Command nope not found');
	});

	it('sends raw bodies (typed arrays, ArrayBuffers, plain arrays) as binary frames and resolves binary responses as ArrayBuffer', async () => {
		const upload = invoke<ArrayBuffer>('upload', new Uint8Array([1, 2, 3]));
		void invoke('upload', [4, 5]).catch(() => {});
		await settle();
		const [bytes, array] = socket.invokes();
		expect(bytes.cmd).toBe('upload');
		expect(new Uint8Array(bytes.body)).toEqual(new Uint8Array([1, 2, 3]));
		expect(new Uint8Array(array.body)).toEqual(new Uint8Array([4, 5]));
		socket.pushBinary({ type: 'response', id: bytes.id, ok: true }, new Uint8Array([9, 8]));
		expect(new Uint8Array(await upload)).toEqual(new Uint8Array([9, 8]));
	});

	it('serializes Maps and nested bytes like Tauri', async () => {
		void invoke('save', { map: new Map([['a', 1]]), bytes: new Uint8Array([7]) }).catch(() => {});
		await settle();
		expect(socket.invokes('save')[0].args).toEqual({ map: { a: 1 }, bytes: [7] });
	});

	it('rejects an invoke in flight when the connection drops, with a clear error', async () => {
		const pending = invoke('slow');
		await settle();
		socket.drop(1006);
		await expect(pending).rejects.toBe('connection lost before the response to slow arrived');
	});

	it('rejects when the connection is closed for good', async () => {
		connection.close();
		await expect(invoke('late')).rejects.toMatch(/^connection to ws:\/\/server:8080\/tauri\?label=main&v=2 is closed/);
	});
});

describe('server frames', () => {
	beforeEach(() => socket.open());

	it('surfaces protocol error frames', () => {
		const errors: unknown[] = [];
		connection.onProtocolError((error) => errors.push(error));
		socket.push({ type: 'error', code: 'malformed-frame', message: 'frame is not valid JSON' });
		expect(errors).toEqual([{ code: 'malformed-frame', message: 'frame is not valid JSON' }]);
	});

	it('runs eval frames in global scope', () => {
		socket.push({ type: 'eval', script: 'globalThis.__evalProbe = 40 + 2' });
		expect((globalThis as any).__evalProbe).toBe(42);
	});
});

describe('reconnect', () => {
	it('retries with growing jittered backoff, re-registers listeners and keeps their ids', async () => {
		vi.useFakeTimers();
		socket.open();
		const received: Event<unknown>[] = [];
		const pending = listen('tick', (event) => received.push(event));
		await settle();
		socket.answerListens();
		const unlisten = await pending;

		socket.drop(1006, 'gone');
		expect(states.at(-1)).toEqual({ state: 'reconnecting', code: 1006, reason: 'gone' });
		await vi.advanceTimersByTimeAsync(49);
		expect(network.sockets).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(51);
		expect(network.sockets).toHaveLength(2);

		network.last.drop(1006);
		await vi.advanceTimersByTimeAsync(99);
		expect(network.sockets).toHaveLength(2);
		await vi.advanceTimersByTimeAsync(101);
		expect(network.sockets).toHaveLength(3);

		socket = network.last;
		socket.nextServerId = 500;
		socket.open();
		expect(connection.state).toBe('open');
		expect(socket.invokes('plugin:event|listen').map((frame) => frame.args)).toEqual([
			{ event: 'tick', target: { kind: 'Any' }, handler: 0 },
		]);
		socket.push({ type: 'event', event: 'tick', target: { kind: 'Any' }, payload: 'during re-registration' });
		socket.answerListens();
		socket.push({ type: 'event', event: 'tick', ids: [100], payload: 'by the stale id' });
		socket.push({ type: 'event', event: 'tick', ids: [500], payload: 'by new id' });
		expect(received).toEqual([
			{ event: 'tick', id: 0, payload: 'during re-registration' },
			{ event: 'tick', id: 0, payload: 'by new id' },
		]);

		void unlisten();
		expect(socket.invokes('plugin:event|unlisten').map((frame) => frame.args)).toEqual([{ event: 'tick', eventId: 500 }]);
	});

	it('keeps retrying when opening a socket throws', async () => {
		vi.useFakeTimers();
		let failures = 0;
		const Flaky = class extends (network.WebSocket as any) {
			constructor(url: string) {
				if (failures-- > 0) {
					throw new Error('offline');
				}
				super(url);
			}
		} as unknown as WebSocketConstructor;
		connection = connect({ url: 'ws://server/tauri', WebSocket: Flaky, reconnect: { initialDelay: 100, maxDelay: 100 } });
		const first = network.sockets.length;
		failures = 2;
		network.last.drop(1006);
		await vi.advanceTimersByTimeAsync(300);
		expect(failures).toBe(-1);
		expect(network.sockets).toHaveLength(first + 1);
		network.last.open();
		expect(connection.state).toBe('open');
	});

	it('resets the backoff after a successful connection', async () => {
		vi.useFakeTimers();
		socket.open();
		socket.drop(1001);
		await vi.advanceTimersByTimeAsync(100);
		network.last.open();
		network.last.drop(1001);
		await vi.advanceTimersByTimeAsync(100);
		expect(network.sockets).toHaveLength(3);
	});

	it('a listen whose connection drops resolves after the re-registration', async () => {
		vi.useFakeTimers();
		socket.open();
		let resolved = false;
		const pending = listen('tick', () => {}).then(() => (resolved = true));
		await settle();
		socket.drop(1006);
		await settle();
		expect(resolved).toBe(false);
		await vi.advanceTimersByTimeAsync(100);
		network.last.open();
		network.last.answerListens();
		await pending;
		expect(resolved).toBe(true);
	});

	for (const code of [1000, 1002, 1008, 4000, 4001, 4002, 4003, 4004, 4401]) {
		it(`does not reconnect after close code ${code}`, async () => {
			vi.useFakeTimers();
			socket.open();
			const pending = invoke('x');
			await settle();
			socket.drop(code, 'no');
			await expect(pending).rejects.toBe('connection lost before the response to x arrived');
			await vi.advanceTimersByTimeAsync(60_000);
			expect(network.sockets).toHaveLength(1);
			expect(states.at(-1)).toEqual({ state: 'closed', code, reason: 'no' });
		});
	}

	it('never reconnects with reconnect: false', async () => {
		vi.useFakeTimers();
		connection = connect({ url: 'ws://server/tauri', WebSocket: network.WebSocket, reconnect: false });
		network.last.open();
		network.last.drop(1006);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(connection.state).toBe('closed');
	});
});

describe('default label', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('comes from ?label=, else <meta name="tauri-window-label">, else main', () => {
		const meta = { getAttribute: () => 'from-meta' };
		vi.stubGlobal('location', { protocol: 'https:', host: 'app.example', href: 'https://app.example/page?label=from-query', search: '?label=from-query' });
		vi.stubGlobal('document', { querySelector: () => meta });
		const fromQuery = connect({ WebSocket: network.WebSocket, reconnect: false });
		expect(fromQuery.label).toBe('from-query');
		expect(fromQuery.url).toBe('wss://app.example/tauri?label=from-query&v=2');
		vi.stubGlobal('location', { protocol: 'http:', host: 'app.example', href: 'http://app.example/', search: '' });
		expect(connect({ WebSocket: network.WebSocket, reconnect: false }).label).toBe('from-meta');
		vi.stubGlobal('document', { querySelector: () => null });
		expect(connect({ WebSocket: network.WebSocket, reconnect: false }).label).toBe('main');
	});
});
