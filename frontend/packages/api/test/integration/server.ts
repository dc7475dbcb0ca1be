import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../src/connection.js';

/** The server under test, e.g. `http://localhost:8080` (the sample app started by its integration test). */
export const HTTP = (() => {
	const http = process.env.TAURI_EVENTS_HTTP;
	if (!http) {
		throw new Error('set TAURI_EVENTS_HTTP to the server under test, e.g. TAURI_EVENTS_HTTP=http://localhost:8080');
	}
	return http.replace(/\/$/, '');
})();

export const URL = `${HTTP.replace(/^http/, 'ws')}/tauri`;

/** Every socket opened through {@link NodeWebSocket}, so a test can cut one (an abnormal close, 1006). */
export const sockets: WebSocket[] = [];

/** `ws` with the browser's constructor shape and the server's own origin. */
export const NodeWebSocket = class extends WebSocket {
	constructor(url: string) {
		super(url, { origin: HTTP });
		sockets.push(this);
	}
} as unknown as WebSocketConstructor;

/** A label unique to this run, so parallel or repeated runs do not replace each other's windows. */
export function uniqueLabel(prefix: string): string {
	return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The open socket of window `label`. */
export function socketOf(label: string): WebSocket {
	const socket = sockets.find((candidate) => candidate.url.includes(`label=${encodeURIComponent(label)}&`) && candidate.readyState === WebSocket.OPEN);
	if (!socket) {
		throw new Error(`no open socket for window ${label}`);
	}
	return socket;
}
