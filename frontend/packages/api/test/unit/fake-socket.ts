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

	constructor(readonly url: string) {}

	send(data: string | Uint8Array): void {
		this.sent.push(decodeFrame(data));
	}

	close(code = 1000, reason = ''): void {
		this.drop(code, reason);
	}

	/** Completes the handshake: the socket opens (the client sends `hello`), then the server's v2 `welcome`. */
	open(channelWindow = 64, instance = 'instance-token'): void {
		this.opened();
		this.push({ type: 'welcome', version: 2, label: 'main', instance, channelWindow });
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

	push(frame: object): void {
		this.onmessage?.({ data: JSON.stringify(frame) });
	}

	pushBinary(header: object, body: Uint8Array): void {
		const frame = encodeBinary(header, body);
		this.onmessage?.({ data: frame.buffer });
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
