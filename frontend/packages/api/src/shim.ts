/**
 * Runs the official `@tauri-apps/api` unchanged: defines the globals it calls
 * (`window.__TAURI_INTERNALS__`, `window.__TAURI_EVENT_PLUGIN_INTERNALS__`) on top of our connection.
 *
 * @example
 * ```ts
 * import { installTauriInternals } from '@taurievents/api/shim';
 * installTauriInternals();
 * const { listen } = await import('@tauri-apps/api/event');
 * ```
 * @module
 */
import { callbacks, runCallback, transformCallback, unregisterCallback } from './callbacks.js';
import { connect, type ConnectOptions, type Connection, type RequestOptions } from './connection.js';
import { toTarget } from './targets.js';

/**
 * Options of {@link installTauriInternals}: how to connect (or an existing connection) and how to turn
 * file paths into URLs for `convertFileSrc`.
 *
 * @example
 * ```ts
 * installTauriInternals({ label: 'settings', convertFileSrc: (path) => `/files?path=${encodeURIComponent(path)}` });
 * ```
 */
export interface ShimOptions extends ConnectOptions {
	/** Use this connection instead of opening one. */
	connection?: Connection;
	/** Implementation of `convertFileSrc`; default `<origin>/<protocol>/<encoded path>`. */
	convertFileSrc?: (filePath: string, protocol: string) => string;
}

/**
 * Installs `window.__TAURI_INTERNALS__` and `window.__TAURI_EVENT_PLUGIN_INTERNALS__` so that code
 * importing `@tauri-apps/api` (events, `invoke`, `Channel`, `getCurrentWebviewWindow`) talks to the
 * Spring backend. Call it before the official api is used; returns the connection.
 *
 * @example
 * ```ts
 * import { installTauriInternals } from '@taurievents/api/shim';
 * import { invoke } from '@tauri-apps/api/core';
 * installTauriInternals({ label: 'main' });
 * console.log(await invoke('greet', { name: 'Ada' }));
 * ```
 */
export function installTauriInternals(options: ShimOptions = {}): Connection {
	const connection = options.connection ?? connect(options);
	const label = connection.label;
	// listener id -> the callback id the official api registered for it
	const handlers = new Map<number, number>();
	const unlisten = (id: number): Promise<void> => {
		const handler = handlers.get(id);
		if (handler !== undefined) {
			handlers.delete(id);
			unregisterCallback(handler);
		}
		return connection.unlisten(id);
	};
	const invoke = async (cmd: string, args: any = {}, invokeOptions?: RequestOptions): Promise<unknown> => {
		if (cmd === 'plugin:event|listen' && args && typeof args.handler === 'number') {
			const handler: number = args.handler;
			const registration = connection.listen(args.event, toTarget(args.target), (event) => runCallback(handler, event));
			handlers.set(registration.id, handler);
			try {
				await registration.ready;
			}
			catch (error) {
				handlers.delete(registration.id);
				throw error;
			}
			return registration.id;
		}
		if (cmd === 'plugin:event|unlisten' && args && typeof args.eventId === 'number') {
			// listener ids are this page's own (stable across reconnects): never forward them
			await unlisten(args.eventId);
			return null;
		}
		return connection.invoke(cmd, args, invokeOptions);
	};
	const global = globalThis as any;
	global.__TAURI_INTERNALS__ = {
		invoke,
		transformCallback: officialCallback,
		unregisterCallback,
		runCallback,
		callbacks,
		convertFileSrc: options.convertFileSrc ??
			((filePath: string, protocol = 'asset') => `${global.location?.origin ?? ''}/${protocol}/${encodeURIComponent(filePath)}`),
		metadata: {
			currentWindow: { label },
			currentWebview: { label, windowLabel: label },
		},
		plugins: { path: { sep: '/', delimiter: ':' } },
	};
	global.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
		unregisterListener: (_event: string, id: number) => void unlisten(id),
	};
	global.isTauri = true;
	return connection;
}

/**
 * `transformCallback` for the official package, whose `Channel` changed in 2.5: before, it reads a message's
 * position as `id`, has no end marker and never releases its callback; since, it reads `index` and releases
 * the callback at the end marker. A channel message gets both; the end marker gets an `id` no message has (an
 * older channel only files it away, where `id`-less it would throw), and the ended channel's callback is
 * released whatever the version. So a page pinned to 2.0 to 2.4, 2.5 or a later version streams and leaks
 * nothing. Event callbacks get no `index` and pass unchanged.
 */
function officialCallback(callback?: (data: any) => void, once = false): number {
	const id = transformCallback((data: any) => {
		if (typeof data?.index === 'number') {
			data.id = data.end ? 'end' : data.index;
		}
		callback?.(data);
		if (data?.end) {
			unregisterCallback(id);
		}
	}, once);
	return id;
}
