/**
 * The baseline: a plain browser `WebSocket` against the raw handler at `/raw` (`RawBenchHandler`). Text frames
 * are `JSON.parse`d, binary ones read with a `DataView`; an echo is matched to its request by order (one in flight).
 */
import { binarySeq, install, type Stack } from './harness.js';

const socket = new WebSocket(`ws://${location.host}/raw?label=browser`);
socket.binaryType = 'arraybuffer';
const opened = new Promise<void>((resolve, reject) => {
	socket.onopen = () => resolve();
	socket.onerror = () => reject(new Error('WebSocket error'));
});

// what the next arriving message is for: events (nothing pending), an echo reply, or a stream
let pendingEcho: ((seq: number) => void) | null = null;
let streamHandler: ((seq: number) => void) | null = null;

const stack: Stack = {
	onEvent: () => undefined,

	async ready() {
		await opened;
		socket.send(JSON.stringify({ sub: true }));
	},

	echo(payload) {
		return new Promise((resolve) => {
			pendingEcho = resolve;
			socket.send(JSON.stringify(payload));
		});
	},

	stream(count, size, binary, onMessage) {
		let received = 0;
		return new Promise((resolve) => {
			streamHandler = (seq) => {
				onMessage(seq);
				if (++received === count) {
					streamHandler = null;
					resolve();
				}
			};
			socket.send(JSON.stringify({ stream: count, size, binary }));
		});
	},
};

socket.onmessage = (message: MessageEvent<string | ArrayBuffer>) => {
	const seq = (typeof message.data === 'string')
		? (JSON.parse(message.data) as { seq: number }).seq
		: binarySeq(message.data);
	if (streamHandler !== null) {
		streamHandler(seq);
	}
	else if (pendingEcho !== null) {
		const resolve = pendingEcho;
		pendingEcho = null;
		resolve(seq);
	}
	else {
		stack.onEvent(seq);
	}
};
socket.onclose = (close) => {
	document.title = `closed ${close.code}`;
};

install(stack);
