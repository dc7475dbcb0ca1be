/**
 * Test doubles for the backend, a drop-in for `@tauri-apps/api/mocks`: the same functions with the same
 * behaviour, so a Tauri app's frontend tests run unchanged with no socket and no server. While a mock is
 * installed, this package's `invoke`, `listen`, `once`, `emit`, `emitTo`, `Channel` and
 * `getCurrentWebviewWindow`/`WebviewWindow` go through `window.__TAURI_INTERNALS__` exactly as the
 * official `@tauri-apps/api` does (which therefore runs on these mocks too). Beyond the official module:
 * {@link emitFromBackend} (an event from the "backend" into the page's listeners), {@link sendToChannel}
 * and {@link closeChannel} (messages to a `Channel` the page passed to a command), `emitTo` routed by
 * target, the windows named in {@link mockWindows} listed by `getAllWindows()`/`getAllWebviewWindows()`, and
 * a lost connection ({@link dropConnection}, {@link restoreConnection}) for an app's reconnect logic.
 *
 * @example
 * ```ts
 * import { afterEach, expect, test } from 'vitest';
 * import { clearMocks, mockIPC } from '@taurievents/api/mocks';
 * import { invoke } from '@taurievents/api/core';
 *
 * afterEach(() => clearMocks());
 *
 * test('greet', async () => {
 *   mockIPC((cmd, args) => (cmd === 'greet' ? `Hello, ${(args as { name: string }).name}!` : undefined));
 *   await expect(invoke('greet', { name: 'tauri' })).resolves.toBe('Hello, tauri!');
 * });
 * ```
 * @module
 */
import { callbacks, rethrowLater, runCallback, transformCallback, unregisterCallback } from './callbacks.js';
import {
	RESYNC,
	swapConnection,
	type Connection,
	type ConnectionState,
	type ConnectionStateChange,
	type Registration,
	type RequestOptions,
} from './connection.js';
import type { InvokeArgs, InvokeOptions } from './core.js';
import { reaches, toTarget, type EventTarget } from './targets.js';

/**
 * Options of {@link mockIPC}. `shouldMockEvents: true` makes `listen`, `once`, `emit` and `emitTo` work
 * in the page without a backend (the `plugin:event|*` commands are answered by the mock and never reach
 * the handler), and enables {@link emitFromBackend}.
 *
 * @example
 * ```ts
 * mockIPC(() => undefined, { shouldMockEvents: true });
 * ```
 */
export interface MockIPCOptions {
	shouldMockEvents?: boolean;
}

/**
 * The backend stand-in given to {@link mockIPC}: called with each command, its arguments exactly as the
 * page passed them (a `Channel` stays a `Channel`) and the invoke options (our extension: headers,
 * timeout). Its return value (or the value of the Promise it returns) is the command's result; throwing
 * or rejecting makes the `invoke` reject with that error.
 *
 * @example
 * ```ts
 * const handler: MockIPCHandler = async (cmd, args) => {
 *   if (cmd === 'load') return { id: (args as { id: number }).id, title: 'Draft' };
 *   throw `Command ${cmd} not found`;
 * };
 * mockIPC(handler);
 * ```
 */
export type MockIPCHandler = (cmd: string, payload?: InvokeArgs, options?: InvokeOptions) => unknown;

/**
 * A channel as a test can name it: the `Channel` object the handler received, its numeric `id`, or its
 * IPC form `"__CHANNEL__:<id>"`.
 *
 * @example
 * ```ts
 * mockIPC((cmd, args) => {
 *   const channel: ChannelRef = (args as { onEvent: ChannelRef }).onEvent;
 *   sendToChannel(channel, { event: 'started' });
 * });
 * ```
 */
export type ChannelRef = { readonly id: number } | number | string;

/** The part of `window.__TAURI_INTERNALS__` the official api and this module read. */
interface TauriInternals {
	invoke?(cmd: string, args?: unknown, options?: unknown): Promise<unknown>;
	transformCallback?: typeof transformCallback;
	unregisterCallback?: typeof unregisterCallback;
	runCallback?: typeof runCallback;
	callbacks?: typeof callbacks;
	convertFileSrc?(filePath: string, protocol?: string): string;
	metadata?: { currentWindow: { label: string }; currentWebview: { windowLabel: string; label: string } };
}

interface MockGlobals {
	__TAURI_INTERNALS__?: TauriInternals;
	__TAURI_EVENT_PLUGIN_INTERNALS__?: { unregisterListener?: (event: string, eventId: number) => void };
}

// globalThis rather than window: the mocks also serve tests in Node's environment, where there is none
const globals = globalThis as unknown as MockGlobals;

interface MockListener {
	event: string;
	target: EventTarget;
	/** The callback id, which is also the listener's event id, as in the official mocks. */
	handler: number;
}

let handler: MockIPCHandler | undefined;
let mockEvents = false;
/** The windows of {@link mockWindows}, the current one first. */
let windows: string[] = [];
let listeners: MockListener[] = [];
/** The index of the next message of each channel that {@link sendToChannel} wrote to. */
const channelIndices = new Map<number, number>();

/** An invoke held during an outage: sent by {@link restoreConnection}, unless its timeout or {@link clearMocks} settled it first. */
interface HeldInvoke {
	cmd: string;
	send: () => void;
	reject: (reason: string) => void;
}

/** While {@link dropConnection}'s outage lasts: the invokes and backend events held until {@link restoreConnection}. */
let outage: { held: Set<HeldInvoke>; events: Array<() => void> } | undefined;

function internals(): TauriInternals {
	return (globals.__TAURI_INTERNALS__ ??= {});
}

function eventCommand(cmd: string, args: any): unknown {
	switch (cmd) {
		case 'plugin:event|listen':
			listeners.push({ event: args.event, target: toTarget(args.target), handler: args.handler });
			return args.handler;
		case 'plugin:event|unlisten':
			listeners = listeners.filter((listener) => listener.handler !== args.eventId);
			return null;
		// the page's payload as it passed it (`undefined` stays so), as the official mocks hand it over
		case 'plugin:event|emit':
			deliver(args.event, { kind: 'Any' }, args.payload);
			return null;
		case 'plugin:event|emit_to':
			deliver(args.event, toTarget(args.target), args.payload);
			return null;
		default:
			// consumed, as the official mocks do with every `plugin:event|` command
			return undefined;
	}
}

/** Hands an emission to every listener whose target it reaches, with the server's matching rules. */
function deliver(event: string, target: EventTarget, payload: unknown): void {
	for (const listener of [...listeners]) {
		const callback = callbacks.get(listener.handler);
		if (callback && listener.event === event && reaches(target, listener.target)) {
			try {
				callback({ event, id: listener.handler, payload });
			}
			catch (error) {
				rethrowLater(error);
			}
		}
	}
}

/** The window commands answered from {@link mockWindows}' labels when the handler leaves them unanswered. */
function windowCommand(cmd: string): unknown {
	if (windows.length === 0) {
		return undefined;
	}
	if (cmd === 'plugin:window|get_all_windows') {
		return [...windows];
	}
	if (cmd === 'plugin:webview|get_all_webviews') {
		return windows.map((label) => ({ windowLabel: label, label }));
	}
	return undefined;
}

// async, yet everything runs before its first (absent) await: the handler and the listeners run inside
// the caller's `invoke`, so a spy or an expectation right after it sees them, as with the official mocks
async function mockInvoke(cmd: string, args: any = {}, options?: InvokeOptions): Promise<unknown> {
	if (mockEvents && cmd.startsWith('plugin:event|')) {
		return eventCommand(cmd, args);
	}
	// two arguments unless options were given, as the official mocks call it (a test's toHaveBeenCalledWith counts them)
	const result = options === undefined ? handler?.(cmd, args) : handler?.(cmd, args, options);
	if (result === undefined) {
		const listed = windowCommand(cmd);
		if (listed !== undefined) {
			return listed;
		}
		if (!handler) {
			throw `invoke ${cmd}: no IPC mock (call mockIPC first)`;
		}
	}
	return result;
}

/**
 * This package's connection while mocks are installed: it calls `window.__TAURI_INTERNALS__` as the
 * official api does (so `vi.spyOn(window.__TAURI_INTERNALS__, 'invoke')` sees every call), and never opens
 * a socket.
 */
class MockConnection implements Pick<Connection, keyof Connection> {
	readonly url = 'mock:';

	/** The invokes answered by nothing yet: what an outage that does not resume rejects. */
	readonly inFlight = new Set<{ cmd: string; reject: (reason: string) => void }>();

	readonly stateListeners = new Set<(change: ConnectionStateChange) => void>();

	get state(): ConnectionState {
		return outage ? 'reconnecting' : 'open';
	}

	changed(change: ConnectionStateChange): void {
		for (const listener of [...this.stateListeners]) {
			try {
				listener(change);
			}
			catch (error) {
				rethrowLater(error);
			}
		}
	}

	/** The current window of {@link mockWindows}, else `main`. */
	get label(): string {
		return internals().metadata?.currentWebview.label ?? 'main';
	}

	invoke<T>(cmd: string, args: unknown = {}, options?: RequestOptions): Promise<T> {
		const timeout = options?.timeout;
		return new Promise<T>((resolve, reject) => {
			let held: HeldInvoke | undefined;
			const timer = timeout
				? setTimeout(() => {
						// as the real client forgets a timed-out request: never sent once the connection is back
						if (held) {
							outage?.held.delete(held);
						}
						reject(`invoke ${cmd} timed out after ${timeout} ms`);
					}, timeout)
				: undefined;
			const settle = (settler: (value: any) => void) => (value: unknown) => {
				clearTimeout(timer);
				settler(value);
			};
			// sent now, or, during an outage, once the connection is back (the timeout runs meanwhile, as on a socket)
			const send = (): void => {
				const request = { cmd, reject: settle(reject) };
				this.inFlight.add(request);
				const done = () => this.inFlight.delete(request);
				const invoke = internals().invoke;
				let result: Promise<unknown>;
				try {
					result = Promise.resolve(invoke ? invoke(cmd, args, options) : Promise.reject(`invoke ${cmd}: no IPC mock installed`));
				}
				catch (error) {
					result = Promise.reject(error);
				}
				result.then(settle(resolve), settle(reject)).finally(done);
			};
			if (outage) {
				held = { cmd, send, reject: settle(reject) };
				outage.held.add(held);
			}
			else {
				send();
			}
		});
	}

	listen(event: string, target: EventTarget, listener: Parameters<Connection['listen']>[2], once = false): Registration {
		let active = true;
		let settled = false;
		let eventId: number | undefined;
		const id = transformCallback((data: any) => {
			if (once) {
				void unlisten();
			}
			listener(data);
		});
		const tell = (): Promise<void> =>
			this.invoke('plugin:event|unlisten', { event, eventId: eventId ?? id }).then(() => undefined, () => undefined);
		// the listener stops at once; the mock hears of it once it has the registration
		const unlisten = (): Promise<void> => {
			if (!active) {
				return Promise.resolve();
			}
			active = false;
			unregisterCallback(id);
			return settled ? tell() : ready.then(tell, () => undefined);
		};
		const ready = this.invoke<number | undefined>('plugin:event|listen', { event, target, handler: id }).then(
			(answer) => {
				settled = true;
				eventId = typeof answer === 'number' ? answer : undefined;
			},
			(error: unknown) => {
				active = false;
				unregisterCallback(id);
				throw error;
			},
		);
		ready.catch(() => undefined);
		return { id, ready, unlisten };
	}

	unlisten(): Promise<void> {
		// listeners are removed through their Registration: this module hands out no other ids
		return Promise.resolve();
	}

	onStateChange(callback: (change: ConnectionStateChange) => void): () => void {
		this.stateListeners.add(callback);
		return () => void this.stateListeners.delete(callback);
	}

	onProtocolError(): () => void {
		return () => undefined;
	}

	close(): void {
		// nothing to close: clearMocks() takes the mock away
	}
}

let connection: MockConnection | undefined;

/** Installs the mock's internals: all of them (mockIPC, as the official one), or those missing (mockWindows, so a spy set on `invoke` stays). */
function install(replace: boolean): TauriInternals {
	const target = internals();
	if (replace || !target.invoke) {
		target.invoke = mockInvoke;
		target.transformCallback = transformCallback;
		target.unregisterCallback = unregisterCallback;
		target.runCallback = runCallback;
		target.callbacks = callbacks;
		(globals.__TAURI_EVENT_PLUGIN_INTERNALS__ ??= {}).unregisterListener = (_event, eventId) => unregisterCallback(eventId);
	}
	if (!connection) {
		connection = new MockConnection();
		// a real connection opened before the mocks would keep reconnecting to a server that is not there
		swapConnection(connection as unknown as Connection)?.close();
	}
	return target;
}

/**
 * Intercepts every IPC request (`invoke`, and with `shouldMockEvents` the event commands) with
 * `handler`, as the official `mockIPC`. The handler runs synchronously inside `invoke`; `invoke`
 * resolves with what it returns. With `{ shouldMockEvents: true }`, no `plugin:event|…` command reaches
 * the handler: `emit` and `emitTo` reach the page's listeners synchronously with the payload as passed,
 * by target (`emitTo('settings', …)` reaches listeners of `settings` and untargeted ones only; the
 * official mocks drop `emitTo`), and {@link emitFromBackend} works. Calling it again replaces the handler
 * and forgets the listeners.
 *
 * @example
 * ```ts
 * import { mockIPC, clearMocks } from '@taurievents/api/mocks';
 * import { invoke } from '@taurievents/api/core';
 * import { emit, listen } from '@taurievents/api/event';
 *
 * afterEach(() => clearMocks());
 *
 * test('mocked command', async () => {
 *   mockIPC((cmd, args) => (cmd === 'add' ? (args as { a: number; b: number }).a + (args as { a: number; b: number }).b : undefined));
 *   await expect(invoke('add', { a: 12, b: 15 })).resolves.toBe(27);
 * });
 *
 * test('mocked event', () => {
 *   mockIPC(() => undefined, { shouldMockEvents: true });
 *   const eventHandler = vi.fn();
 *   listen('test-event', eventHandler);
 *   emit('test-event', { foo: 'bar' });
 *   expect(eventHandler).toHaveBeenCalledWith({ event: 'test-event', id: expect.any(Number), payload: { foo: 'bar' } });
 * });
 * ```
 */
export function mockIPC(cb: MockIPCHandler, options?: MockIPCOptions): void {
	handler = cb;
	mockEvents = options?.shouldMockEvents === true;
	listeners = [];
	install(true);
}

/**
 * Sets the label of the window this page believes it is (`getCurrentWebviewWindow().label`) and names the
 * other windows, as the official `mockWindows`. Unlike the official one, the list is used:
 * `getAllWebviewWindows()` (the `plugin:window|get_all_windows` and `plugin:webview|get_all_webviews`
 * commands) answers with these windows unless the {@link mockIPC} handler answers first.
 *
 * @example
 * ```ts
 * import { mockWindows } from '@taurievents/api/mocks';
 * import { getCurrentWebviewWindow } from '@taurievents/api/webviewWindow';
 *
 * mockWindows('main', 'second', 'third');
 * getCurrentWebviewWindow().label; // "main"
 * ```
 */
export function mockWindows(current: string, ...additionalWindows: string[]): void {
	windows = [current, ...additionalWindows];
	install(false).metadata = { currentWindow: { label: current }, currentWebview: { windowLabel: current, label: current } };
}

/**
 * Makes `convertFileSrc` (official api, and the shim's) return the URL Tauri builds on `osName`:
 * `http://<protocol>.localhost/<path>` on `windows` (and Android), `<protocol>://localhost/<path>`
 * elsewhere, the path URI-encoded.
 *
 * @example
 * ```ts
 * import { mockConvertFileSrc } from '@taurievents/api/mocks';
 * import { convertFileSrc } from '@tauri-apps/api/core';
 *
 * mockConvertFileSrc('windows');
 * convertFileSrc('C:\\Users\\user\\file.txt'); // "http://asset.localhost/C%3A%5CUsers%5Cuser%5Cfile.txt"
 * ```
 */
export function mockConvertFileSrc(osName: string): void {
	internals().convertFileSrc = (filePath, protocol = 'asset') => {
		const path = encodeURIComponent(filePath);
		return osName === 'windows' || osName === 'android' ? `http://${protocol}.localhost/${path}` : `${protocol}://localhost/${path}`;
	};
}

/**
 * Emits `event` from the "backend" (Rust's `app.emit`, `AppHandle.emit` on our server): the page's
 * listeners whose target it reaches run synchronously. Without `target` every listener of `event`
 * hears it; a string means any window or webview with that label. Needs `mockIPC(…, { shouldMockEvents:
 * true })`.
 *
 * @example
 * ```ts
 * mockIPC(() => undefined, { shouldMockEvents: true });
 * const progress = vi.fn();
 * await listen<number>('download-progress', (event) => progress(event.payload));
 * emitFromBackend('download-progress', 42);
 * emitFromBackend('refresh', null, { target: 'settings' }); // only settings' listeners and untargeted ones
 * expect(progress).toHaveBeenCalledWith(42);
 * ```
 */
export function emitFromBackend(event: string, payload?: unknown, options?: { target?: string | EventTarget }): void {
	if (!mockEvents) {
		throw new Error('emitFromBackend needs event mocking: mockIPC(handler, { shouldMockEvents: true })');
	}
	// a backend serializes a missing payload as null
	const send = () => deliver(event, toTarget(options?.target), payload ?? null);
	if (outage) {
		outage.events.push(send);
	}
	else {
		send();
	}
}

function channelId(channel: ChannelRef): number {
	const id = typeof channel === 'object' ? channel.id : typeof channel === 'number' ? channel : Number(/^__CHANNEL__:(\d+)$/.exec(channel)?.[1]);
	if (!callbacks.has(id)) {
		throw new Error(`no open channel ${String(typeof channel === 'object' ? channel.id : channel)} on this page`);
	}
	return id;
}

/**
 * Sends `message` to a `Channel` the page passed to a command (`Channel.send` on the server): its
 * `onmessage` runs synchronously, messages in order. Works with this package's `Channel` and the
 * official one. Throws when the channel is closed or unknown.
 *
 * @example
 * ```ts
 * mockIPC((cmd, args) => {
 *   if (cmd === 'download') {
 *     const { onEvent } = args as { onEvent: Channel<{ progress: number }> };
 *     sendToChannel(onEvent, { progress: 50 });
 *     sendToChannel(onEvent, { progress: 100 });
 *     closeChannel(onEvent);
 *   }
 * });
 * const onEvent = new Channel<{ progress: number }>((message) => console.log(message.progress));
 * await invoke('download', { url: 'https://example.com/file.zip', onEvent }); // logs 50, 100
 * ```
 */
export function sendToChannel(channel: ChannelRef, message: unknown): void {
	const id = channelId(channel);
	const index = channelIndices.get(id) ?? 0;
	channelIndices.set(id, index + 1);
	// `id` as well: what a channel of `@tauri-apps/api` before 2.5 reads
	runCallback(id, { message, index, id: index });
}

/**
 * Ends a channel (`Channel.close` on the server): after the messages already sent, the page's channel
 * is closed (`closed` is `true`, its callback is released).
 *
 * @example
 * ```ts
 * closeChannel(onEvent);
 * expect(onEvent.closed).toBe(true);
 * ```
 */
export function closeChannel(channel: ChannelRef): void {
	const id = channelId(channel);
	const index = channelIndices.get(id) ?? 0;
	channelIndices.delete(id);
	// `id` no message has: a channel of `@tauri-apps/api` before 2.5 has no end marker and only files it away
	// (without an `id` it would throw), and never releases its callback
	runCallback(id, { end: true, index, id: 'end' });
	unregisterCallback(id);
}

/**
 * Cuts this package's mocked connection, as a network loss would: `getConnection().state` becomes
 * `reconnecting` and its `onStateChange` listeners hear `{ state: 'reconnecting', code, reason }`. Until
 * {@link restoreConnection}, invokes (and `listen`/`emit`, which are invokes) wait unsent, and
 * {@link emitFromBackend}'s events wait on the "server". For an app's reconnect logic (a banner, a
 * refetch after {@link RESYNC}); the official `@tauri-apps/api` talks to the mock directly and never
 * sees an outage. Needs {@link mockIPC} first.
 *
 * @example
 * ```ts
 * mockIPC((cmd) => (cmd === 'load' ? ['a', 'b'] : undefined), { shouldMockEvents: true });
 * const states: string[] = [];
 * getConnection().onStateChange(({ state }) => states.push(state));
 * dropConnection();
 * const items = invoke<string[]>('load'); // sent once the connection is back
 * restoreConnection({ resumed: true });
 * await expect(items).resolves.toEqual(['a', 'b']);
 * expect(states).toEqual(['reconnecting', 'open']);
 * ```
 */
export function dropConnection(code = 1006, reason = ''): void {
	if (!connection || !handler) {
		throw new Error('dropConnection needs an IPC mock: mockIPC(handler) first');
	}
	if (outage) {
		return;
	}
	outage = { held: new Set(), events: [] };
	connection.changed({ state: 'reconnecting', code, reason });
}

/**
 * Ends {@link dropConnection}'s outage as the server would answer the reconnect. `resumed: true` (the
 * session was still there): nothing is lost, the events emitted meanwhile arrive in order, then the
 * waiting invokes are sent. Otherwise (the default; `reason` as the server gives it: `expired`,
 * `unknown`, `overflow`, `restarted`) the invokes that were awaiting their answer reject with
 * `connection lost before the response to <cmd> arrived`, the events emitted meanwhile are lost, the
 * page's listeners hear {@link RESYNC} with `{ reason }` (with `shouldMockEvents`), then the waiting
 * invokes are sent. Either way the state listeners first hear `{ state: 'open', resumed, reason }`, and
 * an invoke whose timeout ran out during the outage is never sent (it rejected then, as on a socket).
 *
 * @example
 * ```ts
 * mockIPC(() => undefined, { shouldMockEvents: true });
 * const refetch = vi.fn();
 * await listen(RESYNC, refetch);
 * dropConnection();
 * emitFromBackend('price', 101); // lost with the session
 * restoreConnection({ reason: 'expired' });
 * expect(refetch).toHaveBeenCalledWith(expect.objectContaining({ payload: { reason: 'expired' } }));
 * ```
 */
export function restoreConnection(options: { resumed?: boolean; reason?: string } = {}): void {
	const ended = outage;
	if (!connection || !ended) {
		throw new Error('restoreConnection: the connection is not down (dropConnection first)');
	}
	outage = undefined;
	if (options.resumed) {
		connection.changed({ state: 'open', resumed: true });
		ended.events.forEach((send) => send());
	}
	else {
		const reason = options.reason ?? 'expired';
		for (const request of [...connection.inFlight]) {
			connection.inFlight.delete(request);
			request.reject(`connection lost before the response to ${request.cmd} arrived`);
		}
		connection.changed({ state: 'open', resumed: false, reason });
		if (mockEvents) {
			deliver(RESYNC, { kind: 'Any' }, { reason });
		}
	}
	ended.held.forEach((request) => request.send());
}

/**
 * Removes everything the other functions installed, as the official `clearMocks`: the mocked members
 * of `window.__TAURI_INTERNALS__` (`invoke`, the callback functions, `convertFileSrc`, `metadata`), the
 * handler, listeners, windows and channels, and every callback registered meanwhile. It ends a
 * {@link dropConnection} outage: the invokes it held reject with `invoke <cmd>: mocks cleared before the
 * connection was restored`, never reaching a handler. The next `getConnection()` connects for real again.
 * Call it in `afterEach`.
 *
 * @example
 * ```ts
 * import { mockWindows, clearMocks } from '@taurievents/api/mocks';
 *
 * afterEach(() => clearMocks());
 *
 * test('mocked windows', () => {
 *   mockWindows('main', 'second', 'third');
 *   expect(window.__TAURI_INTERNALS__).toHaveProperty('metadata');
 * });
 *
 * test('no mocked windows', () => {
 *   expect(window.__TAURI_INTERNALS__).not.toHaveProperty('metadata');
 * });
 * ```
 */
export function clearMocks(): void {
	const target = globals.__TAURI_INTERNALS__;
	if (target) {
		delete target.invoke;
		delete target.transformCallback;
		delete target.unregisterCallback;
		delete target.runCallback;
		delete target.callbacks;
		delete target.convertFileSrc;
		delete target.metadata;
	}
	delete globals.__TAURI_EVENT_PLUGIN_INTERNALS__?.unregisterListener;
	handler = undefined;
	mockEvents = false;
	windows = [];
	listeners = [];
	channelIndices.clear();
	// an invoke held by an outage would otherwise never settle, and a test awaiting it would hang
	for (const request of outage?.held ?? []) {
		request.reject(`invoke ${request.cmd}: mocks cleared before the connection was restored`);
	}
	outage = undefined;
	callbacks.clear();
	if (connection) {
		const current = swapConnection();
		// a connection the test opened itself after the mocks stays
		if (current !== (connection as unknown as Connection)) {
			swapConnection(current);
		}
		connection = undefined;
	}
}
