/**
 * Where an event is aimed, or which emissions a listener accepts: the same tagged union as Tauri's
 * `EventTarget`.
 *
 * @example
 * ```ts
 * const settings: EventTarget = { kind: 'WebviewWindow', label: 'settings' };
 * await emitTo(settings, 'data-update', { theme: 'dark' });
 * ```
 */
export type EventTarget =
	| { kind: 'Any' }
	| { kind: 'AnyLabel'; label: string }
	| { kind: 'App' }
	| { kind: 'Window'; label: string }
	| { kind: 'Webview'; label: string }
	| { kind: 'WebviewWindow'; label: string };

/**
 * Turns the `target` option of `listen`/`emitTo` into an {@link EventTarget}: a string means
 * `AnyLabel`, nothing means `Any`.
 *
 * @example
 * ```ts
 * toTarget('main'); // { kind: 'AnyLabel', label: 'main' }
 * toTarget(undefined); // { kind: 'Any' }
 * ```
 */
export function toTarget(target: string | EventTarget | undefined): EventTarget {
	return typeof target === 'string' ? { kind: 'AnyLabel', label: target } : (target ?? { kind: 'Any' });
}

/**
 * The matching table of `docs/protocol.md` (Tauri's rules after 2.1): whether a listener registered with
 * target `listener` receives an emission aimed at `emission`. The one place the client implements it.
 *
 * @example
 * ```ts
 * reaches({ kind: 'AnyLabel', label: 'main' }, { kind: 'WebviewWindow', label: 'main' }); // true
 * reaches({ kind: 'App' }, { kind: 'Window', label: 'main' }); // false
 * ```
 */
export function reaches(emission: EventTarget, listener: EventTarget): boolean {
	if (listener.kind === 'Any' || emission.kind === 'Any') {
		return true;
	}
	if (emission.kind === 'App' || listener.kind === 'App') {
		return emission.kind === listener.kind;
	}
	return (
		emission.label === listener.label &&
		(emission.kind === 'AnyLabel' || listener.kind === 'AnyLabel' || emission.kind === listener.kind)
	);
}
