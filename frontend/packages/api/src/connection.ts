import { callbacks, rethrowLater } from './callbacks.js';
import { ChannelStream } from './channel-stream.js';
import { reaches, type EventTarget } from './targets.js';
import { decodeFrame, encodeBinary, ipcReplacer, rawBody, type Frame } from './wire.js';

/**
 * The connection's life: `connecting` (first attempt), `open` (welcome received), `reconnecting` (lost,
 * retrying with backoff) and `closed` (for good: {@link Connection.close}, or a close code that forbids
 * reconnecting).
 *
 * @example
 * ```ts
 * getConnection().onStateChange(({ state }) => banner.hidden = state === 'open');
 * ```
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * A state change, with the close code and reason when a socket closed.
 *
 * @example
 * ```ts
 * connection.onStateChange(({ state, code, reason }) => console.log(state, code, reason));
 * ```
 */
export interface ConnectionStateChange {
	state: ConnectionState;
	code?: number;
	/** The close reason; for `open` after a failed resume, why it failed (`expired`, `unknown`, `overflow`, `restarted`). */
	reason?: string;
	/** For `open`: whether the connection resumed the earlier session (nothing lost), see {@link RESYNC}. */
	resumed?: boolean;
}

/**
 * The local event a connection fires when it reconnected but could not resume its session (payload
 * `{reason}`): events may have been missed, pending invokes rejected and channels ended. Fetch a snapshot.
 *
 * @example
 * ```ts
 * await listen(RESYNC, () => refreshFromServer());
 * ```
 */
export const RESYNC = 'tauri-events://resync';

/**
 * A protocol `error` frame from the server (a frame it could not attach to a request).
 *
 * @example
 * ```ts
 * connection.onProtocolError(({ code, message }) => console.error(code, message));
 * ```
 */
export interface ProtocolError {
	code: string;
	message: string;
}

/**
 * What the connection needs from a WebSocket: the browser `WebSocket` and the `ws` package both fit.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * connect({ url: 'ws://localhost:8080/tauri', WebSocket: WebSocket as unknown as WebSocketConstructor });
 * ```
 */
export interface WebSocketLike {
	binaryType: string;
	readonly readyState: number;
	onopen: ((event: any) => void) | null;
	onmessage: ((event: { data: any }) => void) | null;
	onclose: ((event: { code: number; reason: string }) => void) | null;
	onerror: ((event: any) => void) | null;
	send(data: string | Uint8Array): void;
	close(code?: number, reason?: string): void;
}

/**
 * A `WebSocket` constructor (the global one, `ws`, or a fake in tests).
 *
 * @example
 * ```ts
 * const factory: WebSocketConstructor = globalThis.WebSocket as unknown as WebSocketConstructor;
 * ```
 */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/**
 * Reconnect backoff: the n-th retry waits a random time between half and all of
 * `min(maxDelay, initialDelay * 2^n)` milliseconds.
 *
 * @example
 * ```ts
 * connect({ reconnect: { initialDelay: 500, maxDelay: 30_000 } });
 * ```
 */
export interface ReconnectOptions {
	/** First retry delay in milliseconds (default 250). */
	initialDelay?: number;
	/** Longest retry delay in milliseconds (default 10 000). */
	maxDelay?: number;
}

/**
 * How to reach the server. Everything is optional in a page served by the Spring Boot app.
 *
 * @example
 * ```ts
 * connect({ label: 'settings' });
 * connect({ url: 'wss://app.example.com/tauri', label: 'main', reconnect: false });
 * connect({ invokeTimeout: 30_000 }); // every invoke rejects after 30 s unless it gives its own timeout
 * ```
 */
export interface ConnectOptions {
	/** WebSocket (or http) URL of the endpoint; default: same origin, path `/tauri`, `ws:`/`wss:` from the page. */
	url?: string;
	/** Window label; default: the page's `?label=`, else `<meta name="tauri-window-label">`, else `main`. */
	label?: string;
	/** WebSocket constructor; default: the global `WebSocket`. */
	WebSocket?: WebSocketConstructor;
	/** Backoff settings, or `false` to never reconnect. */
	reconnect?: ReconnectOptions | false;
	/** Milliseconds after which every invoke without its own `timeout` rejects; default: no limit. */
	invokeTimeout?: number;
}

/**
 * Per-invoke options: headers the command can read, and a client-side `timeout` in milliseconds after
 * which the invoke rejects with `invoke <cmd> timed out after <n> ms` (a late response is ignored).
 *
 * @example
 * ```ts
 * await connection.invoke('save', { doc }, { headers: { 'x-request-id': '42' }, timeout: 5000 });
 * ```
 */
export interface RequestOptions {
	headers?: unknown;
	timeout?: number;
}

/**
 * A registration made by {@link Connection.listen}.
 *
 * @example
 * ```ts
 * const registration = getConnection().listen('tick', { kind: 'Any' }, (e) => console.log(e.payload));
 * await registration.ready;
 * await registration.unlisten();
 * ```
 */
export interface Registration {
	/** The listener's id on this page: stable across reconnects, delivered as `Event.id`. */
	readonly id: number;
	/** Settles when the server has the registration (rejects with the server's error). */
	readonly ready: Promise<void>;
	/** Removes the listener: locally at once, then on the server. Idempotent. */
	unlisten(): Promise<void>;
}

interface Request {
	cmd: string;
	frame: string | Uint8Array;
	sent: boolean;
	ok(payload: any): void;
	fail(error: any): void;
	lost?: () => void;
}

interface Listener {
	id: number;
	event: string;
	target: EventTarget;
	handler: (event: { event: string; id: number; payload: any }) => void;
	once: boolean;
	active: boolean;
	/** Whether some connection has acknowledged it (so `target` frames reach it directly). */
	registered: boolean;
	inFlight: boolean;
	serverId?: number;
	/** Event frames numbered at or below this arrived before the listener existed. */
	since: number;
	ready: Promise<void>;
	settle(error?: { value: unknown }): void;
}

/** Close codes after which reconnecting cannot help: closed on purpose, replaced, refused, or signed out (protocol.md). */
const NO_RECONNECT = [1000, 1002, 1008, 4000, 4001, 4002, 4003, 4004, 4401];

/** Where the app instance token lives: per tab, survives a reload, never in a URL. */
const INSTANCE_KEY = 'tauri-events.instance';

// storage may be missing (Node), disabled, or another origin's (a cross-origin opener throws)
function storedInstance(storage: () => Storage | undefined): string | undefined {
	try {
		return storage()?.getItem(INSTANCE_KEY) ?? undefined;
	}
	catch {
		return undefined;
	}
}

function defaultUrl(): string {
	const location = globalThis.location;
	return location ? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/tauri` : 'ws://localhost:8080/tauri';
}

function defaultLabel(): string {
	const fromQuery = globalThis.location && new URLSearchParams(globalThis.location.search).get('label');
	const meta = globalThis.document?.querySelector('meta[name="tauri-window-label"]')?.getAttribute('content');
	return fromQuery || meta || 'main';
}

function headersOf(headers: any): Record<string, string> | undefined {
	if (!headers) {
		return undefined;
	}
	const entries: Iterable<[string, string]> = typeof headers.entries === 'function' ? headers.entries() : Object.entries(headers);
	return Object.fromEntries(Array.from(entries, ([name, value]) => [name, String(value)]));
}

/**
 * One WebSocket connection of this page (window) to the server: invokes, listeners, channels,
 * reconnects. Most code uses the module functions (`invoke`, `listen`, ...) that go through
 * {@link getConnection}.
 *
 * @example
 * ```ts
 * const connection = connect({ label: 'main' });
 * connection.onStateChange(({ state }) => console.log('connection', state));
 * await connection.invoke('greet', { name: 'Ada' });
 * ```
 */
export class Connection {
	/** This window's label. */
	declare readonly label: string;

	/** The endpoint URL including `label` and `v` query parameters. */
	declare readonly url: string;

	declare private socket: WebSocketLike | undefined;

	private currentState: ConnectionState = 'connecting';

	private channelWindow = 64;

	/** The app instance token from the last welcome: a reconnect rejoins that instance. */
	declare private instance: string | undefined;

	declare private readonly invokeTimeout: number | undefined;

	/** Why the connection is closed for good: what later invokes and listens reject with. */
	private closedReason = '';

	private attempt = 0;

	declare private timer: ReturnType<typeof setTimeout> | undefined;

	/** The resume credential of the last welcome: memory only, a reload is a new session. */
	declare private session: string | undefined;

	/** The last server seq processed, and the last one reported in `delivered`. */
	private seq = 0;

	private acked = 0;

	/** The code the last socket closed with. */
	declare private code: number;

	/** When the last `delivered` went out (`Date.now()`). */
	private sentAt = 0;

	/** Watchdog ticks (half a heartbeat interval each) since the last server frame. */
	private silent = 0;

	declare private ticker: ReturnType<typeof setInterval> | undefined;

	private nextRequestId = 1;

	private nextListenerId = 0;

	private eventSeq = 0;

	private pendingRegistrations = 0;

	private early: Array<{ seq: number; frame: Frame }> = [];

	private readonly requests = new Map<number, Request>();

	private readonly listeners = new Map<number, Listener>();

	private readonly byServerId = new Map<number, Listener>();

	private readonly byEvent = new Map<string, Set<Listener>>();

	private readonly streams = new Map<number, ChannelStream>();

	private readonly stateListeners = new Set<(change: ConnectionStateChange) => void>();

	private readonly errorListeners = new Set<(error: ProtocolError) => void>();

	declare private readonly WebSocket: WebSocketConstructor;

	declare private readonly reconnect: Required<ReconnectOptions> | false;

	constructor(options: ConnectOptions = {}) {
		this.label = options.label ?? defaultLabel();
		const url = new URL(options.url ?? defaultUrl(), globalThis.location?.href);
		url.protocol = url.protocol.replace(/^http/, 'ws');
		url.searchParams.set('label', this.label);
		url.searchParams.set('v', '2');
		this.url = url.toString();
		const WebSocket = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
		if (!WebSocket) {
			throw new TypeError('no global WebSocket (Node < 22?): pass one, e.g. connect({ WebSocket }) with the ws package');
		}
		this.WebSocket = WebSocket;
		this.reconnect = options.reconnect === false ? false : { initialDelay: 250, maxDelay: 10_000, ...options.reconnect };
		this.invokeTimeout = options.invokeTimeout;
		this.open();
	}

	/** The current {@link ConnectionState}. */
	get state(): ConnectionState {
		return this.currentState;
	}

	/**
	 * Calls `callback` on every state change; returns a function that stops it.
	 *
	 * @example
	 * ```ts
	 * const stop = connection.onStateChange(({ state }) => show(state === 'reconnecting'));
	 * ```
	 */
	onStateChange(callback: (change: ConnectionStateChange) => void): () => void {
		this.stateListeners.add(callback);
		return () => this.stateListeners.delete(callback);
	}

	/**
	 * Calls `callback` for every protocol `error` frame; without any callback they are logged.
	 *
	 * @example
	 * ```ts
	 * connection.onProtocolError((error) => report(error.code, error.message));
	 * ```
	 */
	onProtocolError(callback: (error: ProtocolError) => void): () => void {
		this.errorListeners.add(callback);
		return () => this.errorListeners.delete(callback);
	}

	/**
	 * Invokes a command; resolves with its result (an `ArrayBuffer` for a binary response) or rejects
	 * with the server's error value unchanged, or after `options.timeout` (else the connection's
	 * `invokeTimeout`) milliseconds with `invoke <cmd> timed out after <n> ms`.
	 *
	 * @example
	 * ```ts
	 * const greeting = await connection.invoke<string>('greet', { name: 'Ada' }, { timeout: 5000 });
	 * ```
	 */
	invoke<T>(cmd: string, args: unknown = {}, options?: RequestOptions): Promise<T> {
		return new Promise<T>((resolve, reject) =>
			this.request(cmd, args, { ok: resolve, fail: reject }, options?.headers, options?.timeout ?? this.invokeTimeout));
	}

	/**
	 * Registers a listener for `event` with `target`: locally first (so nothing that arrives before the
	 * server's answer is lost), then on the server. `once` listeners fire exactly once.
	 *
	 * @example
	 * ```ts
	 * const { ready, unlisten } = connection.listen('tick', { kind: 'Any' }, (e) => console.log(e));
	 * ```
	 */
	listen(event: string, target: EventTarget, handler: Listener['handler'], once = false): Registration {
		let settle!: Listener['settle'];
		const ready = new Promise<void>((resolve, reject) => {
			settle = (error) => (error ? reject(error.value) : resolve());
		});
		ready.catch(() => undefined);
		const listener: Listener = {
			id: this.nextListenerId++, event, target, handler, once, ready, settle,
			active: true, registered: false, inFlight: false, since: this.eventSeq,
		};
		this.listeners.set(listener.id, listener);
		let named = this.byEvent.get(event);
		if (!named) {
			this.byEvent.set(event, (named = new Set()));
		}
		named.add(listener);
		if (this.currentState === 'closed') {
			this.drop(listener);
			settle({ value: this.closedReason });
		}
		else {
			this.register(listener);
		}
		return { id: listener.id, ready, unlisten: () => this.unlisten(listener.id) };
	}

	/**
	 * Removes listener `id` (a {@link Registration.id}): it stops receiving at once, the server is told
	 * afterwards. Unknown ids and repeated calls are harmless.
	 *
	 * @example
	 * ```ts
	 * await connection.unlisten(registration.id);
	 * ```
	 */
	unlisten(id: number): Promise<void> {
		const listener = this.listeners.get(id);
		if (!listener) {
			return Promise.resolve();
		}
		this.drop(listener);
		// a registration still in flight is removed when its answer arrives (see register)
		return listener.inFlight ? listener.ready.catch(() => undefined) : this.unregister(listener);
	}

	/**
	 * Closes the connection for good: no reconnect; pending invokes reject.
	 *
	 * @example
	 * ```ts
	 * window.addEventListener('pagehide', () => getConnection().close());
	 * ```
	 */
	close(): void {
		const socket = this.socket;
		this.shutdown(1000, 'closed by the page');
		socket?.close(1000, 'closed by the page');
	}

	private open(): void {
		const socket = new this.WebSocket(this.url);
		this.socket = socket;
		socket.binaryType = 'arraybuffer';
		// protocol v2: the client speaks first, resuming its session or naming the instance to join (none: the server starts one)
		// `batch`: the server may send several frames as one JSON array; `utf8`: text frames as UTF-8 in binary frames
		// (protocol.md: the server then encodes an emission once, not once per window)
		socket.onopen = () => socket.send(JSON.stringify({
			...this.session
				? { type: 'resume', instance: this.instance, session: this.session, seq: this.seq }
				: { type: 'hello', instance: this.instance ?? storedInstance(() => sessionStorage) ?? storedInstance(() => opener?.sessionStorage) },
			batch: true,
			utf8: true,
		}));
		// a socket already given up may still deliver a frame: ignore it
		socket.onmessage = (message) => socket === this.socket && this.receive(socket, message.data);
		socket.onclose = ({ code, reason }) => this.closed(socket, code, reason);
		socket.onerror = () => undefined;
	}

	private setState(state: ConnectionState, code?: number, reason?: string, resumed?: boolean): void {
		this.currentState = state;
		for (const callback of [...this.stateListeners]) {
			try {
				callback({ state, code, reason, resumed });
			}
			catch (error) {
				rethrowLater(error);
			}
		}
	}

	private request(cmd: string, args: unknown, handlers: Pick<Request, 'ok' | 'fail' | 'lost'>, rawHeaders?: unknown, timeout?: number): void {
		if (this.currentState === 'closed') {
			handlers.fail(this.closedReason);
			return;
		}
		const id = this.nextRequestId++;
		const headers = headersOf(rawHeaders);
		const body = rawBody(args);
		let frame: string | Uint8Array;
		try {
			frame = body
				? encodeBinary({ type: 'invoke', id, cmd, headers }, body)
				: JSON.stringify({ type: 'invoke', id, cmd, args, headers }, ipcReplacer);
		}
		catch (error) {
			handlers.fail(`invalid args for command ${cmd}: ${error instanceof Error ? error.message : String(error)}`);
			return;
		}
		let timer: ReturnType<typeof setTimeout> | undefined;
		const settled = <A>(handler: (value: A) => void) => (value: A) => {
			clearTimeout(timer);
			handler(value);
		};
		const request: Request = { cmd, frame, sent: false, ok: settled(handlers.ok), fail: settled(handlers.fail), lost: handlers.lost };
		this.requests.set(id, request);
		if (timeout) {
			// forgetting the id makes a late response find no request, so it is ignored
			timer = setTimeout(() => this.requests.delete(id) && request.fail(`invoke ${cmd} timed out after ${timeout} ms`), timeout);
		}
		if (this.currentState === 'open') {
			this.send(request);
		}
	}

	private send(request: Request): void {
		request.sent = true;
		this.socket!.send(request.frame);
	}

	private register(listener: Listener): void {
		listener.inFlight = true;
		this.pendingRegistrations++;
		const first = !listener.registered;
		const done = (): void => {
			listener.inFlight = false;
			if (--this.pendingRegistrations === 0) {
				this.early = [];
			}
		};
		this.request('plugin:event|listen', { event: listener.event, target: listener.target, handler: listener.id }, {
			ok: (serverId: number) => {
				listener.serverId = serverId;
				listener.registered = true;
				if (!listener.active) {
					done();
					void this.unregister(listener).then(() => listener.settle());
					return;
				}
				this.byServerId.set(serverId, listener);
				for (const { seq, frame } of this.early) {
					if (seq > listener.since && (frame.ids ? frame.ids.includes(serverId) : first && this.matches(listener, frame))) {
						this.deliver(listener, frame);
					}
				}
				done();
				listener.settle();
			},
			fail: (error) => {
				done();
				this.drop(listener);
				listener.settle({ value: error });
			},
			lost: () => {
				done();
				// an active listener is registered again after the reconnect and `ready` waits for that
				if (!listener.active) {
					listener.settle();
				}
			},
		});
	}

	private unregister(listener: Listener): Promise<void> {
		const serverId = listener.serverId;
		// while reconnecting the unlisten waits: a resumed session still has the registration
		if (serverId === undefined || this.currentState === 'closed') {
			return Promise.resolve();
		}
		return this.invoke<void>('plugin:event|unlisten', { event: listener.event, eventId: serverId })
			.then(() => undefined, () => undefined)
			.finally(() => {
				if (this.byServerId.get(serverId) === listener) {
					this.byServerId.delete(serverId);
				}
			});
	}

	private drop(listener: Listener): void {
		listener.active = false;
		this.listeners.delete(listener.id);
		const named = this.byEvent.get(listener.event);
		if (named?.delete(listener) && named.size === 0) {
			this.byEvent.delete(listener.event);
		}
	}

	private matches(listener: Listener, frame: Frame): boolean {
		return listener.event === frame.event && reaches(frame.target, listener.target);
	}

	private deliver(listener: Listener, frame: Frame): void {
		if (!listener.active) {
			return;
		}
		if (listener.once) {
			void this.unlisten(listener.id);
		}
		try {
			listener.handler({ event: frame.event, id: listener.id, payload: frame.payload ?? null });
		}
		catch (error) {
			rethrowLater(error);
		}
	}

	private receive(socket: WebSocketLike, data: unknown): void {
		let frame: Frame | Frame[];
		try {
			frame = decodeFrame(data);
		}
		catch (error) {
			this.protocolError({ code: 'malformed-frame', message: `unreadable server frame: ${error}` });
			return;
		}
		// a batch: its frames one by one, as if each had come alone, until one gives the socket up (a sequence gap)
		for (const inner of Array.isArray(frame) ? frame : [frame]) {
			if (socket === this.socket) {
				this.process(inner);
			}
		}
	}

	private process(frame: Frame): void {
		this.silent = 0;
		// every frame but the welcome and heartbeats has a seq (a server without resume sends none)
		const seq = frame.type === 'welcome' ? undefined : frame.seq;
		if (seq <= this.seq) {
			return; // a duplicate (replayed twice)
		}
		if (seq > this.seq + 1) {
			this.cut(4009, 'sequence gap');
			return;
		}
		if (seq) {
			this.seq++;
		}
		switch (frame.type) {
			case 'welcome':
				this.welcome(frame);
				break;
			case 'response':
				this.response(frame);
				break;
			case 'event':
				this.event(frame);
				break;
			case 'channel':
				this.channel(frame);
				break;
			case 'eval':
				try {
					(0, eval)(frame.script);
				}
				catch (error) {
					rethrowLater(error);
				}
				break;
			case 'error':
				this.protocolError({ code: frame.code, message: frame.message });
				break;
		}
		// acknowledged once processed, riding on arriving frames (a background tab's timers may fire once a minute only):
		// at once after 256 frames, at most once a second, and in answer to the server's heartbeat (so once per interval)
		if (frame.type === 'heartbeat' || this.seq - this.acked >= 256 || (this.seq > this.acked && Date.now() - this.sentAt >= 1000)) {
			this.delivered();
		}
	}

	private welcome(frame: Frame): void {
		this.channelWindow = frame.channelWindow ?? this.channelWindow;
		if (frame.instance) {
			this.instance = frame.instance;
			try {
				sessionStorage.setItem(INSTANCE_KEY, frame.instance);
			}
			catch {
				// no sessionStorage (Node) or disabled: this connection still rejoins on reconnect
			}
		}
		this.attempt = 0;
		// a session we had and did not get back: what it kept is lost
		const lost = this.session && !frame.resumed;
		this.session = frame.session;
		this.acked = this.seq = frame.seq || 0;
		if (lost) {
			this.lose();
		}
		clearInterval(this.ticker);
		if (frame.heartbeat) {
			// nothing from the server for 3 intervals (it sends a heartbeat after 1 quiet interval): the connection is dead
			this.ticker = setInterval(() => ++this.silent > 6 && this.cut(4010, 'heartbeat timeout'), frame.heartbeat / 2);
		}
		if (frame.resumed) {
			// the server kept the listeners and the channels: renew the channels' credit
			for (const stream of this.streams.values()) {
				stream.ack(stream.next);
			}
		}
		else {
			// queued behind the invokes made while connecting (the state is not `open` yet)
			for (const listener of this.listeners.values()) {
				if (!listener.inFlight) {
					this.register(listener);
				}
			}
		}
		// invokes go out in id order, as the server ignores one whose id is not above the last it received: the queued
		// ones, and after a resume those the server has not received; then `open`, whose callbacks may invoke more
		for (const [id, request] of this.requests) {
			if (!request.sent || (frame.resumed && id > frame.received)) {
				// after a 1009 (a frame too large for the server) sending again would loop: those it never received fail
				if (request.sent && this.code === 1009) {
					this.requests.delete(id);
					request.fail(`connection lost before the response to ${request.cmd} arrived`);
				}
				else {
					this.send(request);
				}
			}
		}
		this.setState('open', undefined, frame.reason, frame.resumed);
		if (lost) {
			// a local event, delivered like one from the server (also to a listener whose registration is under way)
			this.event({ type: 'event', event: RESYNC, target: { kind: 'Any' }, payload: { reason: frame.reason } });
		}
	}

	private delivered(): void {
		this.sentAt = Date.now();
		this.socket?.send(JSON.stringify({ type: 'delivered', seq: (this.acked = this.seq) }));
	}

	/** Gives up the current socket (it is broken) and reconnects to resume. */
	private cut(code: number, reason: string): void {
		const socket = this.socket!;
		this.closed(socket, code, reason);
		socket.close(code, reason);
	}

	/** The server's state of this window is gone: requests in flight fail, channels end, listeners need registering again. */
	private lose(): void {
		for (const id of this.streams.keys()) {
			callbacks.delete(id);
		}
		this.streams.clear();
		this.byServerId.clear();
		for (const listener of this.listeners.values()) {
			listener.serverId = undefined;
		}
		for (const [id, request] of this.requests) {
			if (request.sent) {
				this.requests.delete(id);
				if (request.lost) {
					request.lost();
				}
				else {
					request.fail(`connection lost before the response to ${request.cmd} arrived`);
				}
			}
		}
	}

	private response(frame: Frame): void {
		const request = this.requests.get(frame.id);
		if (!request) {
			return;
		}
		this.requests.delete(frame.id);
		if (frame.ok) {
			request.ok('body' in frame ? frame.body : (frame.payload ?? null));
		}
		else {
			request.fail(frame.error);
		}
	}

	private event(frame: Frame): void {
		const seq = ++this.eventSeq;
		if (this.pendingRegistrations > 0) {
			this.early.push({ seq, frame });
		}
		if (frame.ids) {
			for (const id of frame.ids) {
				const listener = this.byServerId.get(id);
				if (listener) {
					this.deliver(listener, frame);
				}
			}
			return;
		}
		for (const listener of [...(this.byEvent.get(frame.event) ?? [])]) {
			if (listener.registered && this.matches(listener, frame)) {
				this.deliver(listener, frame);
			}
		}
	}

	private channel(frame: Frame): void {
		const id: number = frame.channel;
		let stream = this.streams.get(id);
		if (!stream) {
			if (!callbacks.has(id)) {
				if (frame.index === 0 || frame.end) {
					console.warn(`[tauri-events] Couldn't find callback id ${id}: messages of this channel are dropped.`);
				}
				return;
			}
			stream = new ChannelStream(
				(data) => {
					try {
						callbacks.get(id)?.(data);
					}
					catch (error) {
						rethrowLater(error);
					}
				},
				(next) => this.socket?.send(JSON.stringify({ type: 'ack', channel: id, next })),
				this.channelWindow >> 1 || 1, // half the window, at least 1
			);
			this.streams.set(id, stream);
		}
		if (stream.push(frame.index, 'body' in frame ? frame.body : frame.message, frame.end === true)) {
			this.streams.delete(id);
		}
	}

	private protocolError(error: ProtocolError): void {
		if (this.errorListeners.size === 0) {
			console.error(`[tauri-events] protocol error ${error.code}: ${error.message}`);
		}
		for (const callback of [...this.errorListeners]) {
			callback(error);
		}
	}

	private closed(socket: WebSocketLike, code: number, reason: string): void {
		if (socket !== this.socket || this.currentState === 'closed') {
			return;
		}
		this.socket = undefined;
		this.code = code;
		clearInterval(this.ticker);
		// with a session, the server keeps everything for a while: the welcome of the resume says whether it did
		if (!this.session) {
			this.lose();
		}
		if (code === 4003) {
			// the token is another user's: forget it, so that a reload starts a new instance instead of failing again
			try {
				sessionStorage.removeItem(INSTANCE_KEY);
			}
			catch {
				// nothing stored
			}
		}
		if (this.reconnect === false || NO_RECONNECT.includes(code)) {
			this.shutdown(code, reason);
			return;
		}
		this.retry(code, reason);
	}

	private retry(code: number, reason: string): void {
		const { initialDelay, maxDelay } = this.reconnect as Required<ReconnectOptions>;
		// a session is resumed at once; after that (or without one) the backoff
		const n = this.attempt++ - (this.session ? 1 : 0);
		const delay = n < 0 ? 0 : Math.min(maxDelay, initialDelay * 2 ** n);
		this.setState('reconnecting', code, reason);
		this.timer = setTimeout(() => {
			try {
				this.open();
			}
			catch (error) {
				this.retry(1006, String(error));
			}
		}, delay / 2 + (Math.random() * delay) / 2);
	}

	private shutdown(code: number, reason: string): void {
		if (this.currentState === 'closed') {
			return;
		}
		clearTimeout(this.timer);
		clearInterval(this.ticker);
		this.socket = this.session = undefined;
		// set before the state change, so a state listener that invokes learns why
		const error = (this.closedReason = `connection to ${this.url} is closed (${code}${reason ? ` ${reason}` : ''})`);
		this.setState('closed', code, reason);
		for (const request of this.requests.values()) {
			request.fail(request.sent ? `connection lost before the response to ${request.cmd} arrived` : error);
		}
		this.requests.clear();
		for (const listener of [...this.listeners.values()]) {
			if (!listener.registered) {
				listener.settle({ value: error });
			}
			this.drop(listener);
		}
	}
}

let current: Connection | undefined;

/**
 * Opens this page's connection (closing a previous one) and makes it the one `invoke`, `listen` and the
 * other module functions use. Optional: the first call of any of them connects with the defaults.
 *
 * @example
 * ```ts
 * import { connect } from '@taurievents/api/core';
 * const connection = connect({ label: 'settings' });
 * ```
 */
export function connect(options?: ConnectOptions): Connection {
	current?.close();
	current = new Connection(options);
	return current;
}

/**
 * This page's connection, opened with the defaults on first use.
 *
 * @example
 * ```ts
 * getConnection().onStateChange(({ state }) => console.log(state));
 * ```
 */
export function getConnection(): Connection {
	return current ?? connect();
}

/**
 * Makes `connection` this page's connection without opening or closing anything and returns the one it
 * replaces (`undefined` when none was opened yet); with no argument, the next {@link getConnection}
 * connects again. The hook of `@taurievents/api/mocks`; `core` does not export it.
 *
 * @example
 * ```ts
 * const previous = swapConnection(standIn);
 * swapConnection(previous);
 * ```
 */
export function swapConnection(connection?: Connection): Connection | undefined {
	const previous = current;
	current = connection;
	return previous;
}
