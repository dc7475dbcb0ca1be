/**
 * The page's callback registry, Tauri's `transformCallback` model: channels (ours and the official
 * `@tauri-apps/api` ones, through the shim) are callbacks whose id travels as `"__CHANNEL__:<id>"`.
 * One registry per page, so the shim and our own `Channel` share it.
 */
export const callbacks = new Map<number, (data: any) => void>();

/**
 * Registers `callback` and returns its id (a random unsigned 32-bit integer, as in Tauri).
 *
 * @example
 * ```ts
 * const id = transformCallback((data) => console.log(data));
 * runCallback(id, 'hello'); // logs "hello"
 * ```
 */
export function transformCallback<T = unknown>(callback?: (data: T) => void, once = false): number {
	let id: number;
	do {
		id = (Math.random() * 0x1_0000_0000) >>> 0;
	} while (callbacks.has(id));
	callbacks.set(id, (data: T) => {
		if (once) {
			callbacks.delete(id);
		}
		callback?.(data);
	});
	return id;
}

/**
 * Removes a callback registered by {@link transformCallback}; unknown ids are ignored.
 *
 * @example
 * ```ts
 * unregisterCallback(id);
 * ```
 */
export function unregisterCallback(id: number): void {
	callbacks.delete(id);
}

/**
 * Runs the callback `id` with `data`; a missing callback is reported on the console, as Tauri does after
 * a reload.
 *
 * @example
 * ```ts
 * runCallback(id, { message: 'hi', index: 0 });
 * ```
 */
export function runCallback(id: number, data: unknown): void {
	const callback = callbacks.get(id);
	if (callback) {
		callback(data);
	}
	else {
		console.warn(`[tauri-events] Couldn't find callback id ${id}. This might happen when the page was reloaded while the backend was still sending.`);
	}
}

/** Reports an exception thrown by user code without breaking the caller's loop. */
export function rethrowLater(error: unknown): void {
	queueMicrotask(() => {
		throw error;
	});
}
