/**
 * Events, API-compatible with `@tauri-apps/api/event`.
 *
 * @example
 * ```ts
 * import { listen, emit } from '@taurievents/api/event';
 * const unlisten = await listen<string>('greeting', (event) => console.log(event.payload));
 * await emit('greeting', 'hello');
 * await unlisten();
 * ```
 * @module
 */
import { getConnection } from './connection.js';
import { toTarget, type EventTarget } from './targets.js';

export { reaches, type EventTarget } from './targets.js';
/**
 * Tauri v1 names, kept so the v1 documentation's `import { getCurrent, WebviewWindow } from
 * '@tauri-apps/api/event'` runs: `getCurrent` is {@link getCurrentWebviewWindow}. Note that `emit` on a
 * window is global in v2 (not "only visible to the current window" as in v1).
 *
 * @example
 * ```ts
 * import { getCurrent, WebviewWindow } from '@taurievents/api/event';
 * getCurrent().emit('event', { message: 'Tauri is awesome!' });
 * new WebviewWindow('window').emit('event');
 * ```
 */
export { getCurrentWebviewWindow as getCurrent, WebviewWindow } from './webviewWindow.js';

/**
 * Names of the built-in `tauri://` events.
 *
 * @example
 * ```ts
 * await listen(TauriEvent.WINDOW_DESTROYED, () => console.log('a window went away'));
 * ```
 */
export enum TauriEvent {
	WINDOW_RESIZED = 'tauri://resize',
	WINDOW_MOVED = 'tauri://move',
	WINDOW_CLOSE_REQUESTED = 'tauri://close-requested',
	WINDOW_DESTROYED = 'tauri://destroyed',
	WINDOW_FOCUS = 'tauri://focus',
	WINDOW_BLUR = 'tauri://blur',
	WINDOW_SCALE_FACTOR_CHANGED = 'tauri://scale-change',
	WINDOW_THEME_CHANGED = 'tauri://theme-changed',
	WINDOW_CREATED = 'tauri://window-created',
	WINDOW_SUSPENDED = 'tauri://suspended',
	WINDOW_RESUMED = 'tauri://resumed',
	WEBVIEW_CREATED = 'tauri://webview-created',
	DRAG_ENTER = 'tauri://drag-enter',
	DRAG_OVER = 'tauri://drag-over',
	DRAG_DROP = 'tauri://drag-drop',
	DRAG_LEAVE = 'tauri://drag-leave',
}

/**
 * An event name: a {@link TauriEvent} or any name of alphanumerics, `-`, `/`, `:` and `_`.
 *
 * @example
 * ```ts
 * const name: EventName = 'download-progress';
 * ```
 */
export type EventName = `${TauriEvent}` | (string & Record<never, never>);

/**
 * What a listener receives: the event name, the listener's id and the payload (`null` when none).
 *
 * @example
 * ```ts
 * await listen<{ data: string }>('test-event', (event: Event<{ data: string }>) => console.log(event.payload.data));
 * ```
 */
export interface Event<T> {
	event: EventName;
	id: number;
	payload: T;
}

/**
 * A listener callback.
 *
 * @example
 * ```ts
 * const log: EventCallback<number> = (event) => console.log(event.payload);
 * ```
 */
export type EventCallback<T> = (event: Event<T>) => void;

/**
 * Removes a listener. Returns a Promise (Tauri types it `() => void`); idempotent, and safe to call at
 * any time.
 *
 * @example
 * ```ts
 * const unlisten: UnlistenFn = await listen('tick', () => {});
 * await unlisten();
 * ```
 */
export type UnlistenFn = () => Promise<void>;

/**
 * Listener options: `target` filters which emissions reach the listener (a string means `AnyLabel`).
 *
 * @example
 * ```ts
 * await listen('state-changed', onChange, { target: 'main' });
 * ```
 */
export interface Options {
	target?: string | EventTarget;
}

/**
 * Listens for `event`. When the returned promise resolves, the server has the registration: an event
 * emitted afterwards is delivered. The default target is `{ kind: 'Any' }` (hears every emission of
 * that name, also `emitTo` another window, as in Tauri).
 *
 * @example
 * ```ts
 * const unlisten = await listen<{ data: string }>('test-event', (event) => console.log(event.payload.data));
 * ```
 */
export async function listen<T>(event: EventName, handler: EventCallback<T>, options?: Options): Promise<UnlistenFn> {
	const registration = getConnection().listen(event, toTarget(options?.target), handler as EventCallback<unknown>);
	await registration.ready;
	return registration.unlisten;
}

/**
 * Listens for exactly one occurrence of `event`, even under bursts.
 *
 * @example
 * ```ts
 * await once<string>('login-result', (event) => console.log(event.payload));
 * ```
 */
export async function once<T>(event: EventName, handler: EventCallback<T>, options?: Options): Promise<UnlistenFn> {
	const registration = getConnection().listen(event, toTarget(options?.target), handler as EventCallback<unknown>, true);
	await registration.ready;
	return registration.unlisten;
}

/**
 * Emits `event` to every listener (server and all windows, this one included).
 *
 * @example
 * ```ts
 * await emit('file-selected', '/path/to/file');
 * ```
 */
export async function emit<T>(event: string, payload?: T): Promise<void> {
	await getConnection().invoke('plugin:event|emit', { event, payload });
}

/**
 * Emits `event` to listeners that match `target` (a string means `AnyLabel`); default `listen`ers
 * (target `Any`) hear it too.
 *
 * @example
 * ```ts
 * await emitTo('settings', 'data-update', { theme: 'dark' });
 * ```
 */
export async function emitTo<T>(target: EventTarget | string, event: string, payload?: T): Promise<void> {
	await getConnection().invoke('plugin:event|emit_to', { target: toTarget(target), event, payload });
}
