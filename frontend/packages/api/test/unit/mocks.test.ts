// What our mocks add to `@tauri-apps/api/mocks`, and how they take over this package's connection.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as official from '@tauri-apps/api/core';
import * as officialEvent from '@tauri-apps/api/event';
import * as officialWebviewWindow from '@tauri-apps/api/webviewWindow';
import * as official20 from 'tauri-api-2.0.0/core';
import * as official25 from 'tauri-api-2.5.0/core';
import { Channel, connect, getConnection, invoke, RESYNC, transformCallback } from '../../src/core.js';
import { emit, emitTo, listen, once, WebviewWindow, type Event } from '../../src/event.js';
import {
	clearMocks,
	closeChannel,
	dropConnection,
	emitFromBackend,
	mockConvertFileSrc,
	mockIPC,
	mockWindows,
	restoreConnection,
	sendToChannel,
} from '../../src/mocks.js';
import { getCurrentWebviewWindow } from '../../src/webviewWindow.js';
import { FakeNetwork } from './fake-socket.js';

(globalThis as any).window = globalThis;

let network: FakeNetwork;

beforeEach(() => {
	// every socket this package would open is recorded: the mocked tests must open none
	network = new FakeNetwork();
	vi.stubGlobal('WebSocket', network.WebSocket);
});

afterEach(() => {
	clearMocks();
	getConnection().close();
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

const payloads = (handler: ReturnType<typeof vi.fn>): unknown[] => handler.mock.calls.map(([event]) => (event as Event<unknown>).payload);

describe('the connection under mocks', () => {
	it('invoke, listen, emit, emitTo, Channel and the window open no socket', async () => {
		mockWindows('main', 'settings');
		mockIPC((cmd) => (cmd === 'ping' ? 'pong' : undefined), { shouldMockEvents: true });
		const heard = vi.fn();
		await listen('tick', heard);
		await getCurrentWebviewWindow().listen('tick', heard);
		await emit('tick', 1);
		await emitTo('main', 'tick', 2);
		await expect(invoke('ping', { onEvent: new Channel() })).resolves.toBe('pong');
		expect(payloads(heard)).toEqual([1, 1, 2, 2]);
		expect(getConnection().state).toBe('open');
		expect(network.sockets).toHaveLength(0);
	});

	it('closes a connection opened before the mocks, and clearMocks lets the next use connect for real', async () => {
		const real = connect({ url: 'ws://server/tauri', label: 'main', reconnect: false });
		const socket = network.last;
		socket.open();
		mockIPC(() => 'mocked');
		expect(socket.closedWith).toEqual({ code: 1000, reason: 'closed by the page' });
		expect(real.state).toBe('closed');
		await expect(invoke('anything')).resolves.toBe('mocked');
		clearMocks();
		expect(getConnection().url).toBe('ws://localhost:8080/tauri?label=main&v=2');
		expect(network.sockets).toHaveLength(2);
	});

	it('a connection the test opens after the mocks stays after clearMocks', () => {
		mockIPC(() => undefined);
		const own = connect({ url: 'ws://server/tauri', label: 'main' });
		clearMocks();
		expect(getConnection()).toBe(own);
	});

	it('passes the invoke options as a third argument, and only when given', async () => {
		const handler = vi.fn(() => null);
		mockIPC(handler);
		await invoke('save', { doc: 1 });
		await invoke('save', { doc: 2 }, { headers: { 'x-request-id': '42' } });
		expect(handler.mock.calls).toEqual([
			['save', { doc: 1 }],
			['save', { doc: 2 }, { headers: { 'x-request-id': '42' } }],
		]);
	});

	it('hands raw bytes and Channel objects to the handler as the page passed them', async () => {
		const handler = vi.fn(() => null);
		mockIPC(handler);
		const bytes = new Uint8Array([1, 2, 3]);
		const onEvent = new Channel();
		await invoke('upload', bytes);
		await invoke('download', { onEvent });
		expect((handler.mock.calls[0] as unknown[])[1]).toBe(bytes);
		expect(((handler.mock.calls[1] as unknown[])[1] as { onEvent: unknown }).onEvent).toBe(onEvent);
	});

	it('honours the invoke timeout', async () => {
		vi.useFakeTimers();
		mockIPC(() => new Promise(() => {}));
		const pending = expect(invoke('slow_report', {}, { timeout: 5000 })).rejects.toBe('invoke slow_report timed out after 5000 ms');
		await vi.advanceTimersByTimeAsync(5000);
		await pending;
	});

	it('rejects an invoke when only windows are mocked', async () => {
		mockWindows('main');
		await expect(invoke('greet')).rejects.toBe('invoke greet: no IPC mock (call mockIPC first)');
	});

	it('without shouldMockEvents the handler gets the listen and can drive it (the pre-2.7 pattern)', async () => {
		const handlers = new Map<string, number>();
		mockIPC((cmd, args) => {
			const { event, handler } = args as { event: string; handler: number };
			if (cmd === 'plugin:event|listen') {
				handlers.set(event, handler);
				return handler;
			}
		});
		const heard = vi.fn();
		await listen('stats', heard);
		window.__TAURI_INTERNALS__.runCallback(handlers.get('stats'), { event: 'stats', id: handlers.get('stats'), payload: { cpu: 100 } });
		expect(payloads(heard)).toEqual([{ cpu: 100 }]);
	});
});

describe('emitFromBackend', () => {
	it('reaches the page\'s listeners synchronously, by target', async () => {
		mockWindows('main', 'settings');
		mockIPC(() => undefined, { shouldMockEvents: true });
		const everywhere = vi.fn();
		const main = vi.fn();
		const settings = vi.fn();
		await listen('refresh', everywhere);
		await getCurrentWebviewWindow().listen('refresh', main);
		await new WebviewWindow('settings').listen('refresh', settings);
		emitFromBackend('refresh', 1);
		emitFromBackend('refresh', 2, { target: 'settings' });
		emitFromBackend('refresh', 3, { target: { kind: 'WebviewWindow', label: 'main' } });
		emitFromBackend('refresh', 4, { target: { kind: 'App' } });
		emitFromBackend('other', 5);
		expect(payloads(everywhere)).toEqual([1, 2, 3, 4]);
		expect(payloads(main)).toEqual([1, 3]);
		expect(payloads(settings)).toEqual([1, 2]);
	});

	it('delivers null when there is no payload, with the listener\'s id', async () => {
		mockIPC(() => undefined, { shouldMockEvents: true });
		const heard = vi.fn();
		await listen('ping', heard);
		emitFromBackend('ping');
		expect(heard).toHaveBeenCalledWith({ event: 'ping', id: expect.any(Number), payload: null });
	});

	it('once fires exactly once under a burst', async () => {
		mockIPC(() => undefined, { shouldMockEvents: true });
		const heard = vi.fn();
		await once('burst', heard);
		for (let i = 0; i < 5; i++) {
			emitFromBackend('burst', i);
		}
		expect(payloads(heard)).toEqual([0]);
	});

	it('reaches listeners of the official api too', async () => {
		mockWindows('main');
		mockIPC(() => undefined, { shouldMockEvents: true });
		const heard = vi.fn();
		await officialWebviewWindow.getCurrentWebviewWindow().listen('login-result', heard);
		emitFromBackend('login-result', 'loggedIn', { target: 'main' });
		emitFromBackend('login-result', 'elsewhere', { target: 'settings' });
		expect(payloads(heard)).toEqual(['loggedIn']);
	});

	it('needs shouldMockEvents', () => {
		mockIPC(() => undefined);
		expect(() => emitFromBackend('tick')).toThrow('emitFromBackend needs event mocking: mockIPC(handler, { shouldMockEvents: true })');
	});
});

describe('emitTo among mocked windows', () => {
	it('reaches the target\'s listeners and untargeted ones, as on the server', async () => {
		mockWindows('main', 'settings');
		mockIPC(() => undefined, { shouldMockEvents: true });
		const everywhere = vi.fn();
		const main = vi.fn();
		const settings = vi.fn();
		const settingsOption = vi.fn();
		await listen('data-update', everywhere);
		await getCurrentWebviewWindow().listen('data-update', main);
		await new WebviewWindow('settings').listen('data-update', settings);
		await listen('data-update', settingsOption, { target: 'settings' });
		await emitTo('settings', 'data-update', { theme: 'dark' });
		await getCurrentWebviewWindow().emitTo('main', 'data-update', { theme: 'light' });
		await officialEvent.emitTo({ kind: 'Window', label: 'settings' }, 'data-update', 'window');
		expect(payloads(everywhere)).toEqual([{ theme: 'dark' }, { theme: 'light' }, 'window']);
		expect(payloads(main)).toEqual([{ theme: 'light' }]);
		expect(payloads(settings)).toEqual([{ theme: 'dark' }]);
		expect(payloads(settingsOption)).toEqual([{ theme: 'dark' }, 'window']);
	});
});

describe('channels', () => {
	it('sendToChannel and closeChannel drive the Channel a command received', async () => {
		mockIPC((cmd, args) => {
			if (cmd === 'download') {
				const { onEvent } = args as { onEvent: Channel<{ progress: number }> };
				sendToChannel(onEvent, { progress: 50 });
				sendToChannel(onEvent.id, { progress: 75 });
				sendToChannel(`__CHANNEL__:${onEvent.id}`, { progress: 100 });
				closeChannel(onEvent);
			}
		});
		const messages: unknown[] = [];
		const onEvent = new Channel<{ progress: number }>((message) => messages.push(message));
		await invoke('download', { url: 'https://example.com/file.zip', onEvent });
		expect(messages).toEqual([{ progress: 50 }, { progress: 75 }, { progress: 100 }]);
		expect(onEvent.closed).toBe(true);
		expect(() => sendToChannel(onEvent, 'late')).toThrow(`no open channel ${onEvent.id} on this page`);
	});

	// a page may pin an older @tauri-apps/api: its Channel read `{ message, id }` before 2.5 and had no end
	// marker; 2.5 reads `index` but released its callback where 2.6 and later keep none
	it.each([
		['latest', official.Channel],
		['2.5.0', official25.Channel],
		['2.0.0', official20.Channel],
	])('streams after the command returned, to the official Channel too (%s)', async (_version, OfficialChannel) => {
		let channel: official.Channel<string> | undefined;
		mockIPC((cmd, args) => {
			if (cmd === 'subscribe') {
				channel = (args as { onMessage: official.Channel<string> }).onMessage;
				return 'subscribed';
			}
		});
		const messages: string[] = [];
		const onMessage = new OfficialChannel<string>();
		onMessage.onmessage = (message) => messages.push(message);
		await expect(official.invoke('subscribe', { onMessage })).resolves.toBe('subscribed');
		sendToChannel(channel!, 'first');
		sendToChannel(channel!, 'second');
		closeChannel(channel!);
		expect(messages).toEqual(['first', 'second']);
		expect(window.__TAURI_INTERNALS__.callbacks.has(onMessage.id)).toBe(false);
	});

	it('rejects a reference that is no channel of this page', () => {
		mockIPC(() => undefined);
		expect(() => sendToChannel('__CHANNEL__:nope', 1)).toThrow('no open channel __CHANNEL__:nope on this page');
		expect(() => closeChannel(12345)).toThrow('no open channel 12345 on this page');
	});
});

describe('windows', () => {
	it('the handler\'s own answer to the window list wins over the mocked windows', async () => {
		mockWindows('main', 'second');
		mockIPC((cmd) => (cmd === 'plugin:window|get_all_windows' ? ['main', 'from-handler'] : undefined));
		expect((await officialWebviewWindow.getAllWebviewWindows()).map((w) => w.label)).toEqual(['main', 'from-handler']);
	});

	it('mockWindows after mockIPC keeps the handler and a spy on invoke', async () => {
		mockIPC(() => 'kept');
		const spy = vi.spyOn(window.__TAURI_INTERNALS__, 'invoke');
		mockWindows('settings');
		await expect(invoke('anything')).resolves.toBe('kept');
		expect(spy).toHaveBeenCalledWith('anything', {}, undefined);
		expect(getCurrentWebviewWindow().label).toBe('settings');
	});

	it('lists the mocked webviews', async () => {
		mockWindows('main', 'second');
		await expect(invoke('plugin:webview|get_all_webviews')).resolves.toEqual([
			{ windowLabel: 'main', label: 'main' },
			{ windowLabel: 'second', label: 'second' },
		]);
	});
});

describe('mockConvertFileSrc', () => {
	it('shapes Android\'s URLs as Tauri does there (the official mocks know windows, linux and macos)', () => {
		mockConvertFileSrc('android');
		expect(official.convertFileSrc('/data/user/0/app/cache/a.png')).toBe('http://asset.localhost/%2Fdata%2Fuser%2F0%2Fapp%2Fcache%2Fa.png');
		mockConvertFileSrc('ios');
		expect(official.convertFileSrc('/var/mobile/a.png', 'stream')).toBe('stream://localhost/%2Fvar%2Fmobile%2Fa.png');
	});
});

describe('dropConnection and restoreConnection', () => {
	it('a resumed outage loses nothing: backend events arrive in order, then the waiting invokes are sent', async () => {
		const handler = vi.fn((cmd: string) => `${cmd} done`);
		mockIPC(handler, { shouldMockEvents: true });
		const changes: unknown[] = [];
		getConnection().onStateChange((change) => changes.push(change));
		const heard = vi.fn();
		await listen('price', heard);
		dropConnection(1006, 'network lost');
		expect(getConnection().state).toBe('reconnecting');
		const saved = invoke('save');
		emitFromBackend('price', 101);
		emitFromBackend('price', 102);
		await Promise.resolve();
		expect(handler).not.toHaveBeenCalled();
		expect(heard).not.toHaveBeenCalled();
		restoreConnection({ resumed: true });
		expect(payloads(heard)).toEqual([101, 102]);
		await expect(saved).resolves.toBe('save done');
		expect(getConnection().state).toBe('open');
		expect(changes).toEqual([
			{ state: 'reconnecting', code: 1006, reason: 'network lost' },
			{ state: 'open', resumed: true },
		]);
	});

	it('an outage that does not resume rejects the unanswered invokes, loses the events, fires RESYNC, then sends the waiting invokes', async () => {
		mockIPC((cmd) => (cmd === 'slow_report' ? new Promise(() => {}) : `${cmd} done`), { shouldMockEvents: true });
		const changes: unknown[] = [];
		getConnection().onStateChange((change) => changes.push(change));
		const heard = vi.fn();
		const resync = vi.fn();
		await listen('price', heard);
		await listen(RESYNC, resync);
		const report = invoke('slow_report');
		dropConnection();
		const saved = invoke('save');
		emitFromBackend('price', 101);
		restoreConnection({ reason: 'restarted' });
		await expect(report).rejects.toBe('connection lost before the response to slow_report arrived');
		await expect(saved).resolves.toBe('save done');
		expect(heard).not.toHaveBeenCalled();
		expect(payloads(resync)).toEqual([{ reason: 'restarted' }]);
		expect(changes).toEqual([
			{ state: 'reconnecting', code: 1006, reason: '' },
			{ state: 'open', resumed: false, reason: 'restarted' },
		]);
	});

	it('a listen made during the outage registers once the connection is back; the timeout runs meanwhile', async () => {
		vi.useFakeTimers();
		mockIPC(() => 'late', { shouldMockEvents: true });
		dropConnection();
		const heard = vi.fn();
		const listening = listen('tick', heard);
		const timedOut = expect(invoke('slow', {}, { timeout: 1000 })).rejects.toBe('invoke slow timed out after 1000 ms');
		await vi.advanceTimersByTimeAsync(1000);
		await timedOut;
		restoreConnection({ resumed: true });
		await listening;
		emitFromBackend('tick', 1);
		expect(payloads(heard)).toEqual([1]);
	});

	it('an invoke that timed out during the outage is never sent to the handler', async () => {
		vi.useFakeTimers();
		const handler = vi.fn((cmd: string) => `${cmd} done`);
		mockIPC(handler);
		dropConnection();
		const timedOut = expect(invoke('slow', {}, { timeout: 1000 })).rejects.toBe('invoke slow timed out after 1000 ms');
		const saved = invoke('save', {}, { timeout: 5000 });
		await vi.advanceTimersByTimeAsync(1000);
		await timedOut;
		restoreConnection({ resumed: true });
		await expect(saved).resolves.toBe('save done');
		expect(handler.mock.calls.map(([cmd]) => cmd)).toEqual(['save']);
	});

	it('clearMocks rejects the invokes an outage holds, without sending them', async () => {
		const handler = vi.fn(() => 'answered');
		mockIPC(handler);
		dropConnection();
		const held = invoke('save');
		clearMocks();
		await expect(held).rejects.toBe('invoke save: mocks cleared before the connection was restored');
		expect(handler).not.toHaveBeenCalled();
	});

	it('needs an IPC mock and a dropped connection; clearMocks ends an outage', () => {
		expect(() => dropConnection()).toThrow('dropConnection needs an IPC mock: mockIPC(handler) first');
		mockIPC(() => undefined);
		expect(() => restoreConnection()).toThrow('restoreConnection: the connection is not down (dropConnection first)');
		dropConnection();
		clearMocks();
		mockIPC(() => undefined);
		expect(getConnection().state).toBe('open');
	});
});

describe('clearMocks', () => {
	it('forgets handler, listeners, windows and callbacks; mocking again starts clean', async () => {
		mockWindows('settings');
		mockIPC(() => 1, { shouldMockEvents: true });
		const heard = vi.fn();
		await listen('tick', heard);
		const id = transformCallback(() => {});
		clearMocks();
		expect(window.__TAURI_INTERNALS__).toEqual({});
		expect(window.__TAURI_INTERNALS__.callbacks).toBeUndefined();
		mockIPC(() => 2, { shouldMockEvents: true });
		emitFromBackend('tick');
		expect(heard).not.toHaveBeenCalled();
		expect(() => sendToChannel(id, 'x')).toThrow();
		expect(getCurrentWebviewWindow().label).toBe('main');
		await expect(invoke('n')).resolves.toBe(2);
	});
});
