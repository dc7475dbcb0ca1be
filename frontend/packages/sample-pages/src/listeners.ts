// The listeners every window registers, written once against the API shared by `@taurievents/api` and the
// official `@tauri-apps/api` (both are passed in), so each page proves the same thing with either package.
import { markReady, record } from './ui';

interface TauriEvent<T> {
  event: string;
  id: number;
  payload: T;
}

type Listen = <T>(event: string, handler: (event: TauriEvent<T>) => void) => Promise<() => void>;

export interface EventApi {
  listen: Listen;
  once: Listen;
  emit: (event: string, payload?: unknown) => Promise<void>;
}

export interface WindowApi {
  label: string;
  listen: Listen;
  once: Listen;
}

/** Events every window hears with a global `listen` (target `Any`): emit, and emit_to of any label too. */
export const GLOBAL_EVENTS = [
  // seed 002
  'download-started', 'download-progress', 'download-finished',
  // seed 004
  'test-event',
  // seed 003
  'download-complete', 'app-event', 'sensor-reading', 'sensor-stream-ended', 'log-batch', 'broadcast',
  'update', 'batch-update', 'processing-started', 'processing-complete', 'user-action',
  // seed 000
  'click',
  // what the backend listeners heard
  'backend-activity',
  // the server-wide announcement, emitted through the AppHandle bean to every app instance
  'announcement',
];

/**
 * Events listened to with `getCurrentWebviewWindow().listen` (target `WebviewWindow{label}`): only emissions
 * aimed at this window's label, or passing an emit_filter for it, reach them.
 */
export const WINDOW_EVENTS = [
  'login-result', 'open-file', 'test-event', 'event-name', 'logged-in', 'settings-update',
  // seed 003's send_to_window and relay_to_settings, aimed at one window with emitTo
  'private-message', 'data-update',
];

export type Handlers = Partial<Record<string, (payload: unknown, scope: 'global' | 'window') => void>>;

/**
 * Registers the common listeners, then emits `ready` (seed 002's `once('ready')` example) and marks the page
 * ready for the tests.
 */
export async function registerListeners(events: EventApi, current: WindowApi, handlers: Handlers = {}) {
  const unlistens: Array<() => void> = [];
  for (const name of GLOBAL_EVENTS) {
    unlistens.push(await events.listen(name, (event) => {
      record(event.event, event.payload, 'global');
      handlers[event.event]?.(event.payload, 'global');
    }));
  }
  for (const name of WINDOW_EVENTS) {
    unlistens.push(await current.listen(name, (event) => {
      record(event.event, event.payload, 'window');
      handlers[event.event]?.(event.payload, 'window');
    }));
  }
  // seed 002: "a utility function for listening to an event exactly once"
  await events.once('ready', (event) => record('ready', event.payload, 'once'));
  await current.once('ready', (event) => record('ready', event.payload, 'once'));
  markReady();
  await events.emit('ready', current.label);
  return () => unlistens.forEach((unlisten) => unlisten());
}
