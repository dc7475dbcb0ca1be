import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Channel, invoke } from '@tauri-apps/api/core';
import { emitTo, listen, once, type Event } from '@tauri-apps/api/event';
import { getCurrentWebviewWindow } from '@tauri-apps/api/webviewWindow';
import type { Connection } from '../../src/connection.js';
import { installTauriInternals } from '../../src/shim.js';
import { FakeNetwork, settle, type FakeSocket } from './fake-socket.js';

// the official package reads `window.__TAURI_INTERNALS__`
(globalThis as any).window = globalThis;

let network: FakeNetwork;
let connection: Connection;
let socket: FakeSocket;

beforeEach(() => {
	network = new FakeNetwork();
	connection = installTauriInternals({ url: 'ws://server/tauri', label: 'login', WebSocket: network.WebSocket, reconnect: { initialDelay: 10, maxDelay: 10 } });
	socket = network.last;
	socket.open();
});

afterEach(() => {
	connection.close();
	vi.useRealTimers();
});

describe('the official @tauri-apps/api through the shim', () => {
	it('knows the current window label', () => {
		expect(getCurrentWebviewWindow().label).toBe('login');
	});

	it('listen registers before resolving and delivers to the official handler', async () => {
		const received: unknown[] = [];
		const pending = getCurrentWebviewWindow().listen<string>('login-result', (event: Event<string>) => received.push(event));
		await settle();
		const [frame] = socket.invokes('plugin:event|listen');
		expect(frame.args).toEqual({ event: 'login-result', target: { kind: 'WebviewWindow', label: 'login' }, handler: 0 });
		socket.answerListens();
		const unlisten = await pending;
		socket.push({ type: 'event', event: 'login-result', target: { kind: 'AnyLabel', label: 'login' }, payload: 'loggedIn' });
		expect(received).toEqual([{ event: 'login-result', id: 0, payload: 'loggedIn' }]);
		await Promise.all([unlisten(), settle().then(() => socket.answer('plugin:event|unlisten'))]);
		expect(socket.invokes('plugin:event|unlisten').map((f) => f.args)).toEqual([{ event: 'login-result', eventId: 100 }]);
		socket.push({ type: 'event', event: 'login-result', ids: [100], payload: 'again' });
		expect(received).toHaveLength(1);
	});

	it('once fires exactly once under a burst and the unlisten is sent once', async () => {
		const received: unknown[] = [];
		const pending = once('burst', (event) => received.push(event.payload));
		await settle();
		socket.answerListens();
		await pending;
		for (let i = 0; i < 20; i++) {
			socket.push({ type: 'event', event: 'burst', target: { kind: 'Any' }, payload: i });
		}
		await settle();
		expect(received).toEqual([0]);
		expect(socket.invokes('plugin:event|unlisten')).toHaveLength(1);
	});

	it('an unlisten after a reconnect removes the re-registered listener', async () => {
		vi.useFakeTimers();
		const pending = listen('tick', () => {});
		await settle();
		socket.answerListens();
		const unlisten = await pending;
		socket.drop(1006);
		await vi.advanceTimersByTimeAsync(10);
		socket = network.last;
		socket.nextServerId = 500;
		socket.open();
		socket.answerListens();
		void unlisten();
		await settle();
		expect(socket.invokes('plugin:event|unlisten').map((f) => f.args)).toEqual([{ event: 'tick', eventId: 500 }]);
	});

	it('invoke, emitTo and rejections pass through', async () => {
		const result = invoke('send_to_window', { targetWindow: 'nowhere', message: 'hi' });
		const targeted = emitTo('settings', 'data-update', { a: 1 });
		await settle();
		const [command, emit] = socket.invokes();
		expect(emit.args).toEqual({ target: { kind: 'AnyLabel', label: 'settings' }, event: 'data-update', payload: { a: 1 } });
		socket.reject(command.id, "Window 'nowhere' not found");
		socket.respond(emit.id, null);
		await expect(result).rejects.toBe("Window 'nowhere' not found");
		await expect(targeted).resolves.toBeUndefined();
	});

	it('feeds the official Channel in order, end marker last', async () => {
		const messages: unknown[] = [];
		const onEvent = new Channel<unknown>((message) => messages.push(message));
		void invoke('download', { url: 'u', onEvent }).catch(() => {});
		await settle();
		expect(socket.invokes('download')[0].args.onEvent).toBe(`__CHANNEL__:${onEvent.id}`);
		for (const index of [2, 0, 3, 1]) {
			socket.push({ type: 'channel', channel: onEvent.id, index, message: index });
		}
		socket.push({ type: 'channel', channel: onEvent.id, index: 5, end: true });
		socket.push({ type: 'channel', channel: onEvent.id, index: 4, message: 4 });
		expect(messages).toEqual([0, 1, 2, 3, 4]);
		expect((globalThis as any).__TAURI_INTERNALS__.callbacks.has(onEvent.id)).toBe(false);
	});
});

describe('resume through the shim', () => {
	it('the official api keeps its listeners across a resumed session and hears tauri-events://resync after a failed one', async () => {
		connection.close();
		vi.useFakeTimers();
		connection = installTauriInternals({ url: 'ws://server/tauri', label: 'login', WebSocket: network.WebSocket, reconnect: { initialDelay: 10, maxDelay: 10 } });
		socket = network.last;
		socket.welcome();
		const received: unknown[] = [];
		const ticks = listen<string>('tick', (event) => received.push(event.payload));
		const resyncs = listen<{ reason: string }>('tauri-events://resync', (event) => received.push(event.payload));
		await settle();
		socket.answerListens(); // 100, 101
		await Promise.all([ticks, resyncs]);

		socket.drop(1006);
		await vi.advanceTimersByTimeAsync(1);
		socket = network.last;
		socket.welcome({ resumed: true, session: 's2', seq: 2, received: 2 });
		socket.push({ seq: 3, type: 'event', event: 'tick', ids: [100], payload: 'replayed' });
		socket.push({ seq: 3, type: 'event', event: 'tick', ids: [100], payload: 'replayed' });
		expect(socket.invokes()).toEqual([]);

		socket.drop(1006);
		await vi.advanceTimersByTimeAsync(1);
		socket = network.last;
		socket.welcome({ resumed: false, reason: 'expired', session: 's3' });
		expect(socket.invokes('plugin:event|listen').map((frame) => frame.args.event)).toEqual(['tick', 'tauri-events://resync']);
		expect(received).toEqual(['replayed', { reason: 'expired' }]);
	});
});
