/**
 * Everything in one import: `core`, `event`, `webviewWindow` and the `shim`.
 *
 * @example
 * ```ts
 * import { invoke, listen, emit, getCurrentWebviewWindow } from '@taurievents/api';
 * ```
 * @module
 */
export * from './core.js';
export * from './event.js';
export * from './webviewWindow.js';
export { installTauriInternals, type ShimOptions } from './shim.js';
