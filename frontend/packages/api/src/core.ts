/**
 * Commands and channels, API-compatible with `@tauri-apps/api/core`, plus the connection controls.
 *
 * @example
 * ```ts
 * import { invoke, Channel } from '@taurievents/api/core';
 * const greeting = await invoke<string>('greet', { name: 'Ada' });
 * ```
 * @module
 */
import { callbacks, transformCallback, unregisterCallback } from './callbacks.js';
import { getConnection } from './connection.js';
import { SERIALIZE_TO_IPC_FN } from './wire.js';

export { transformCallback, unregisterCallback } from './callbacks.js';
export {
	Connection,
	connect,
	getConnection,
	RESYNC,
	type ConnectOptions,
	type ConnectionState,
	type ConnectionStateChange,
	type ProtocolError,
	type ReconnectOptions,
	type Registration,
	type RequestOptions,
	type WebSocketConstructor,
	type WebSocketLike,
} from './connection.js';
export { SERIALIZE_TO_IPC_FN } from './wire.js';

/**
 * Command arguments: a JSON object, or raw bytes (`ArrayBuffer`, `Uint8Array`, or a plain number array,
 * as in Tauri) that only a `byte[]` parameter can read.
 *
 * @example
 * ```ts
 * const args: InvokeArgs = { name: 'Ada' };
 * await invoke('upload', new Uint8Array([1, 2, 3]));
 * ```
 */
export type InvokeArgs = Record<string, unknown> | number[] | ArrayBuffer | Uint8Array;

/**
 * Invoke options: headers the command can read (`Invocation.headers()` on the server) and, our extension
 * of Tauri's type, a client-side `timeout` in milliseconds (default: the `invokeTimeout` given to
 * {@link connect}, else none). A timed-out invoke rejects with `invoke <cmd> timed out after <n> ms`; the
 * command may still run on the server, and its late response is ignored.
 *
 * @example
 * ```ts
 * await invoke('save', { doc }, { headers: { 'x-request-id': '42' } });
 * try {
 *   await invoke('slow_report', {}, { timeout: 5000 });
 * } catch (error) {
 *   console.error(error); // "invoke slow_report timed out after 5000 ms"
 * }
 * ```
 */
export interface InvokeOptions {
	headers?: Headers | Record<string, string>;
	timeout?: number;
}

/**
 * Calls a `@TauriCommand` (or a built-in `plugin:event|…` command) and resolves with its result; rejects
 * with the error value the server sent (a string for framework errors, any JSON value for the
 * command's own), or with `connection lost before the response to <cmd> arrived`.
 *
 * @example
 * ```ts
 * try {
 *   await invoke('login', { user: 'tauri', password: 'tauri' });
 * } catch (error) {
 *   console.error(error); // e.g. "Command login not found"
 * }
 * ```
 */
export function invoke<T>(cmd: string, args: InvokeArgs = {}, options?: InvokeOptions): Promise<T> {
	return getConnection().invoke<T>(cmd, args, options);
}

// each Channel's handler, kept out of sight like a `#private` field (without the cost of lowering one for ES2020)
const handlers = new WeakMap<Channel<any>, (response: any) => void>();

/**
 * A stream of messages from a command (`io.taurievents.ipc.Channel<T>` on the server). Messages are
 * delivered in order, exactly once; pass one `Channel` per invoke.
 *
 * @example
 * ```ts
 * const onEvent = new Channel<DownloadEvent>();
 * onEvent.onmessage = (message) => console.log(message.event, message.data);
 * await invoke('download', { url: 'https://example.com/file.zip', onEvent });
 * ```
 */
export class Channel<T = unknown> {
	/** The callback id the server addresses as `__CHANNEL__:<id>`. */
	readonly id: number;

	constructor(onmessage?: (response: T) => void) {
		handlers.set(this, onmessage ?? (() => undefined));
		this.id = transformCallback((data: { message: T } | { end: true }) => {
			if ('end' in data) {
				unregisterCallback(this.id);
			}
			else {
				handlers.get(this)!(data.message);
			}
		});
	}

	/** The message handler (messages arriving while none is set are dropped, as in Tauri). */
	set onmessage(handler: (response: T) => void) {
		handlers.set(this, handler);
	}

	get onmessage(): (response: T) => void {
		return handlers.get(this)!;
	}

	/** Whether the server ended the stream (the end marker arrived after every message). */
	get closed(): boolean {
		return !callbacks.has(this.id);
	}

	/**
	 * The channel's IPC form, `"__CHANNEL__:<id>"`, which the server turns into its `Channel` parameter.
	 *
	 * @example
	 * ```ts
	 * new Channel()[SERIALIZE_TO_IPC_FN](); // "__CHANNEL__:3735928559"
	 * ```
	 */
	[SERIALIZE_TO_IPC_FN](): string {
		return `__CHANNEL__:${this.id}`;
	}

	/**
	 * The IPC form again, for `JSON.stringify` of arguments built by hand.
	 *
	 * @example
	 * ```ts
	 * JSON.stringify({ onEvent: new Channel() }); // '{"onEvent":"__CHANNEL__:3735928559"}'
	 * ```
	 */
	toJSON(): string {
		return this[SERIALIZE_TO_IPC_FN]();
	}
}

/**
 * Always `true`: pages using this package behave as if running inside Tauri.
 *
 * @example
 * ```ts
 * if (isTauri()) await invoke('ready');
 * ```
 */
export function isTauri(): boolean {
	return true;
}
