/**
 * This window, API-compatible with the event part of `@tauri-apps/api/webviewWindow`.
 *
 * @example
 * ```ts
 * import { getCurrentWebviewWindow } from '@taurievents/api/webviewWindow';
 * const appWindow = getCurrentWebviewWindow();
 * await appWindow.listen('login-result', (event) => console.log(event.payload));
 * ```
 * @module
 */
import { getConnection } from './connection.js';
import type { EventCallback, EventName, UnlistenFn } from './event.js';
import { toTarget, type EventTarget } from './targets.js';

/**
 * A window known by its label. Its `listen`/`once` register target `{kind: 'WebviewWindow', label}`, so
 * they hear `emitTo(label, …)` and plain `emit`, not emissions aimed at other windows; its `emit` is
 * global, as in Tauri.
 *
 * @example
 * ```ts
 * const settings = new WebviewWindow('settings');
 * await settings.emitTo('settings', 'data-update', { theme: 'dark' });
 * ```
 */
export class WebviewWindow {
	/** The window label. */
	readonly label: string;

	constructor(label: string) {
		this.label = label;
	}

	/**
	 * Listens for `event` aimed at this window (or at everyone).
	 *
	 * @example
	 * ```ts
	 * const unlisten = await getCurrentWebviewWindow().listen<string>('private-message', (e) => console.log(e.payload));
	 * ```
	 */
	async listen<T>(event: EventName, handler: EventCallback<T>): Promise<UnlistenFn> {
		const registration = getConnection().listen(event, this.target(), handler as EventCallback<unknown>);
		await registration.ready;
		return registration.unlisten;
	}

	/**
	 * Listens for one occurrence of `event` aimed at this window (or at everyone).
	 *
	 * @example
	 * ```ts
	 * await getCurrentWebviewWindow().once('ready', () => console.log('ready'));
	 * ```
	 */
	async once<T>(event: EventName, handler: EventCallback<T>): Promise<UnlistenFn> {
		const registration = getConnection().listen(event, this.target(), handler as EventCallback<unknown>, true);
		await registration.ready;
		return registration.unlisten;
	}

	/**
	 * Emits `event` to everyone (not only this window, as in Tauri v2).
	 *
	 * @example
	 * ```ts
	 * await getCurrentWebviewWindow().emit('clicked', { x: 1 });
	 * ```
	 */
	async emit<T>(event: string, payload?: T): Promise<void> {
		await getConnection().invoke('plugin:event|emit', { event, payload });
	}

	/**
	 * Emits `event` to `target`.
	 *
	 * @example
	 * ```ts
	 * await getCurrentWebviewWindow().emitTo('main', 'relay', 'hi');
	 * ```
	 */
	async emitTo<T>(target: EventTarget | string, event: string, payload?: T): Promise<void> {
		await getConnection().invoke('plugin:event|emit_to', { target: toTarget(target), event, payload });
	}

	private target(): EventTarget {
		return { kind: 'WebviewWindow', label: this.label };
	}
}

/**
 * This page's window (its label is the connection's label).
 *
 * @example
 * ```ts
 * const appWindow = getCurrentWebviewWindow();
 * console.log(appWindow.label); // "main"
 * ```
 */
export function getCurrentWebviewWindow(): WebviewWindow {
	return new WebviewWindow(getConnection().label);
}
