import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Channel, Connection, connect, invoke } from '../../src/core.js';
import { emit, emitTo, listen, once, type Event } from '../../src/event.js';
import { getCurrentWebviewWindow } from '../../src/webviewWindow.js';
import { NodeWebSocket, socketOf, uniqueLabel, URL } from './server.js';

const label = uniqueLabel('main');
let main: Connection;
const windows: Connection[] = [];

function openWindow(windowLabel: string): Connection {
	const connection = new Connection({ url: URL, label: windowLabel, WebSocket: NodeWebSocket });
	windows.push(connection);
	return connection;
}

/** Emits `barrier` and waits for it: every frame the server sent this window before it has been handled. */
async function barrier(): Promise<void> {
	let arrived = false;
	const unlisten = await listen('it-barrier', () => (arrived = true));
	await emit('it-barrier');
	await vi.waitFor(() => expect(arrived).toBe(true));
	await unlisten();
}

beforeAll(async () => {
	main = connect({ url: URL, label, WebSocket: NodeWebSocket, reconnect: { initialDelay: 50, maxDelay: 200 } });
	await vi.waitFor(() => expect(main.state).toBe('open'));
});

afterAll(() => {
	main.close();
	windows.forEach((window) => window.close());
});

describe('events against the real server', () => {
	it('receives a backend emit after `await listen`', async () => {
		const received: Event<{ data: string }>[] = [];
		const unlisten = await listen<{ data: string }>('test-event', (event) => received.push(event));
		await invoke('send_test_event_from_backend', { data: 'from the test' });
		await vi.waitFor(() => expect(received.map((event) => event.payload)).toContainEqual({ data: 'from the test' }));
		expect(received[0].event).toBe('test-event');
		await unlisten();
	});

	it('emit from the page reaches its own listeners; unlisten stops delivery', async () => {
		const payloads: unknown[] = [];
		const unlisten = await listen('it-echo', (event) => payloads.push(event.payload));
		await emit('it-echo', { n: 1 });
		await vi.waitFor(() => expect(payloads).toEqual([{ n: 1 }]));
		await unlisten();
		await unlisten();
		await emit('it-echo', { n: 2 });
		await barrier();
		expect(payloads).toEqual([{ n: 1 }]);
	});

	it('emitTo a label reaches that window and catch-all listeners, not other windows\' window listeners', async () => {
		const settingsLabel = uniqueLabel('settings');
		const settings = openWindow(settingsLabel);
		const inSettings: unknown[] = [];
		const inMainWindow: unknown[] = [];
		const inMainAny: unknown[] = [];
		await settings.listen('it-targeted', { kind: 'WebviewWindow', label: settingsLabel }, (event) => inSettings.push(event.payload)).ready;
		const unlistenWindow = await getCurrentWebviewWindow().listen('it-targeted', (event) => inMainWindow.push(event.payload));
		const unlistenAny = await listen('it-targeted', (event) => inMainAny.push(event.payload));
		await emitTo(settingsLabel, 'it-targeted', 'hello settings');
		await vi.waitFor(() => expect(inSettings).toEqual(['hello settings']));
		await barrier();
		expect(inMainAny).toEqual(['hello settings']);
		expect(inMainWindow).toEqual([]);
		await Promise.all([unlistenWindow(), unlistenAny()]);
	});

	it('loses nothing and keeps order under a burst of 1000 un-awaited emits', async () => {
		const received: number[] = [];
		const unlisten = await listen<number>('it-load', (event) => received.push(event.payload));
		await Promise.all(Array.from({ length: 1000 }, (_, i) => emit('it-load', i)));
		await vi.waitFor(() => expect(received).toHaveLength(1000), { timeout: 10_000 });
		expect(received).toEqual(Array.from({ length: 1000 }, (_, i) => i));
		await unlisten();
	});

	it('once fires exactly once under a burst', async () => {
		const received: unknown[] = [];
		await once('it-burst', (event) => received.push(event.payload));
		await Promise.all(Array.from({ length: 20 }, (_, i) => emit('it-burst', i)));
		await barrier();
		expect(received).toHaveLength(1);
	});

	it('login results go to the login window only', async () => {
		const login = openWindow('login');
		const results: unknown[] = [];
		const elsewhere: unknown[] = [];
		await login.listen('login-result', { kind: 'WebviewWindow', label: 'login' }, (event) => results.push(event.payload)).ready;
		const unlisten = await getCurrentWebviewWindow().listen('login-result', (event) => elsewhere.push(event.payload));
		await login.invoke('login', { user: 'someone', password: 'wrong' });
		await vi.waitFor(() => expect(results).toEqual(['invalidCredentials']));
		await barrier();
		expect(elsewhere).toEqual([]);
		await unlisten();
		login.close();
	});

	it('relay_to_settings emits data-update to the settings window', async () => {
		const settings = openWindow('settings');
		const updates: unknown[] = [];
		await settings.listen('data-update', { kind: 'WebviewWindow', label: 'settings' }, (event) => updates.push(event.payload)).ready;
		await invoke('relay_to_settings', { data: { theme: 'dark' } });
		await vi.waitFor(() => expect(updates).toEqual([{ theme: 'dark' }]));
		settings.close();
	});
});

describe('errors against the real server', () => {
	it('rejects with the command\'s own error', async () => {
		await expect(invoke('send_to_window', { targetWindow: 'nowhere', message: 'hi' })).rejects.toBe("Window 'nowhere' not found");
	});

	it('rejects unknown commands with Tauri\'s text', async () => {
		await expect(invoke('no_such_command')).rejects.toBe('Command no_such_command not found');
	});

	it('rejects a bad event name with Tauri\'s text', async () => {
		await expect(listen('player.state', () => {})).rejects.toBe(
			"invalid args `event` for command `listen`: Event name must include only alphanumeric characters, `-`, `/`, `:` and `_`.",
		);
	});

	it('keeps the connection usable after a protocol error', async () => {
		const errors: unknown[] = [];
		const stop = main.onProtocolError((error) => errors.push(error));
		socketOf(label).send('not json');
		await vi.waitFor(() => expect(errors).toEqual([expect.objectContaining({ code: 'malformed-frame' })]));
		stop();
		await barrier();
	});
});

describe('channels against the real server', () => {
	it('streams download events in order and ends the channel', async () => {
		const messages: Array<{ event: string; data: Record<string, unknown> }> = [];
		const onEvent = new Channel<{ event: string; data: Record<string, unknown> }>((message) => messages.push(message));
		await invoke('download', { url: 'https://example.com/file.zip', onEvent });
		await vi.waitFor(() => expect(onEvent.closed).toBe(true));
		expect(messages[0]).toEqual({ event: 'started', data: expect.objectContaining({ url: 'https://example.com/file.zip' }) });
		expect(messages.at(-1)!.event).toBe('finished');
		expect(messages.slice(1, -1).every((message) => message.event === 'progress')).toBe(true);
	});
});

describe('reconnect against the real server', () => {
	it('reconnects after an abnormal close and its listeners still receive (resumed, or registered again)', async () => {
		const states: string[] = [];
		const stop = main.onStateChange(({ state }) => states.push(state));
		const received: unknown[] = [];
		const unlisten = await listen<{ data: string }>('test-event', (event) => received.push(event.payload));
		socketOf(label).terminate();
		await vi.waitFor(() => expect(states).toEqual(['reconnecting', 'open']), { timeout: 5000 });
		await barrier();
		await invoke('send_test_event_from_backend', { data: 'after reconnect' });
		await vi.waitFor(() => expect(received).toContainEqual({ data: 'after reconnect' }));
		await unlisten();
		stop();
	});
});
