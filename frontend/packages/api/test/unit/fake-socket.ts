import type { WebSocketConstructor, WebSocketLike } from '../../src/connection.js';
import { decodeFrame, encodeBinary } from '../../src/wire.js';

/** A scripted server end: records what the client sends and lets a test push frames or drop the socket. */
export class FakeSocket implements WebSocketLike {
	binaryType = 'blob';

	readyState = 0;

	onopen: ((event: any) => void) | null = null;

	onmessage: ((event: { data: any }) => void) | null = null;

	onclose: ((event: { code: number; reason: string }) => void) | null = null;

	onerror: ((event: any) => void) | null = null;

	readonly sent: any[] = [];

	/** The id the next answered `listen` gets. */
	nextServerId = 100;

	/** Whether frames pushed get a `seq` (a server with resume), and the next one. */
	sequenced = false;

	nextSeq = 1;

	/** The code and reason the client closed this socket with. */
	closedWith: { code: number; reason: string } | undefined;

	constructor(readonly url: string) {}

	send(data: string | Uint8Array): void {
		this.sent.push(decodeFrame(data));
	}

	close(code = 1000, reason = ''): void {
		this.closedWith ??= { code, reason };
		this.drop(code, reason);
	}

	/** Completes the handshake: the socket opens (the client sends `hello`), then the server's v2 `welcome`. */
	open(channelWindow = 64, instance = 'instance-token'): void {
		this.opened();
		this.push({ type: 'welcome', version: 2, label: 'main', instance, channelWindow });
	}

	/**
	 * A handshake with a resume-capable server: the socket opens (the client sends `hello` or `resume`), then a
	 * welcome with a session; later frames get seq numbers from `seq + 1` on.
	 */
	welcome(welcome: { session?: string; heartbeat?: number; resumed?: boolean; seq?: number; received?: number; reason?: string; channelWindow?: number } = {}): void {
		this.opened();
		this.sequenced = true;
		this.nextSeq = (welcome.seq ?? 0) + 1;
		this.push({ type: 'welcome', version: 2, label: 'main', instance: 'instance-token', channelWindow: 64, session: 's1', heartbeat: 5000, resumed: false, seq: 0, received: 0, ...welcome });
	}

	/** The frames of `type` the client sent. */
	sentOf(type: string): any[] {
		return this.sent.filter((frame) => frame.type === type);
	}

	/** Only the socket's open event, the server has not answered yet. */
	opened(): void {
		this.readyState = 1;
		this.onopen?.({});
	}

	/** The `hello` frames the client sent. */
	hellos(): any[] {
		return this.sent.filter((frame) => frame.type === 'hello');
	}

	/** Pushes a server frame; numbered when {@link sequenced}, unless it has its own `seq` (a replay, a duplicate). */
	push(frame: object): void {
		this.onmessage?.({ data: JSON.stringify(this.sequenced ? this.numbered(frame) : frame) });
	}

	pushBinary(header: object, body: Uint8Array): void {
		const frame = encodeBinary(this.sequenced ? this.numbered(header) : header, body);
		this.onmessage?.({ data: frame.buffer });
	}

	private numbered(frame: any): object {
		if ('seq' in frame) {
			this.nextSeq = Math.max(this.nextSeq, frame.seq + 1);
			return frame;
		}
		return frame.type === 'welcome' || frame.type === 'heartbeat' ? frame : { seq: this.nextSeq++, ...frame };
	}

	drop(code = 1006, reason = ''): void {
		if (this.readyState === 3) {
			return;
		}
		this.readyState = 3;
		this.onclose?.({ code, reason });
	}

	invokes(cmd?: string): any[] {
		return this.sent.filter((frame) => frame.type === 'invoke' && (cmd === undefined || frame.cmd === cmd));
	}

	respond(id: number, payload: unknown): void {
		this.push({ type: 'response', id, ok: true, payload });
	}

	reject(id: number, error: unknown): void {
		this.push({ type: 'response', id, ok: false, error });
	}

	/** Answers every unanswered `plugin:event|listen` with a fresh server id; returns the ids. */
	answerListens(): number[] {
		const ids: number[] = [];
		for (const frame of this.invokes('plugin:event|listen')) {
			if (!frame.answered) {
				frame.answered = true;
				frame.serverId = this.nextServerId++;
				ids.push(frame.serverId);
				this.respond(frame.id, frame.serverId);
			}
		}
		return ids;
	}

	/** Answers every unanswered invoke of `cmd` with `payload`. */
	answer(cmd: string, payload: unknown = null): void {
		for (const frame of this.invokes(cmd)) {
			if (!frame.answered) {
				frame.answered = true;
				this.respond(frame.id, payload);
			}
		}
	}
}

/** Creates the sockets a connection opens; `last` is the current one. */
export class FakeNetwork {
	readonly sockets: FakeSocket[] = [];

	readonly WebSocket: WebSocketConstructor;

	constructor() {
		const sockets = this.sockets;
		this.WebSocket = class extends FakeSocket {
			constructor(url: string) {
				super(url);
				sockets.push(this);
			}
		};
	}

	get last(): FakeSocket {
		return this.sockets[this.sockets.length - 1];
	}
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
	for (let i = 0; i < 20; i++) {
		await Promise.resolve();
	}
}
