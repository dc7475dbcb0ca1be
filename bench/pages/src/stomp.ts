/**
 * STOMP with stomp.js (`@stomp/stompjs`) against the STOMP stack at `/stomp`, set up as its documentation
 * shows: events from `/topic/bench`, request/reply with `/app/echo` → `/user/queue/echo`, streams with
 * `/app/stream` → `/user/queue/stream`. Bodies are `JSON.parse`d; binary ones read with a `DataView`.
 */
import { Client, type IMessage } from '@stomp/stompjs';
import { binarySeq, install, type Stack } from './harness.js';

const client = new Client({
	brokerURL: `ws://${location.host}/stomp`,
	// no heart-beats and no reconnect, as the load client's STOMP windows
	heartbeatIncoming: 0,
	heartbeatOutgoing: 0,
	reconnectDelay: 0,
	// what the server's 128 KB inbound limit with 8 KB WebSocket messages expects (StompConfiguration)
	splitLargeFrames: true,
	maxWebSocketChunkSize: 8 * 1024,
});

let pendingEcho: ((seq: number) => void) | null = null;
let streamHandler: ((seq: number) => void) | null = null;

// stomp.js hands every body over as bytes (`isBinaryBody` is always true on receipt); the content type says which
// are bytes and which are JSON text
function seqOf(message: IMessage): number {
	return (message.headers['content-type'] === 'application/octet-stream')
		? binarySeq(message.binaryBody)
		: (JSON.parse(message.body) as { seq: number }).seq;
}

const stack: Stack = {
	onEvent: () => undefined,

	ready() {
		return new Promise((resolve, reject) => {
			client.onConnect = () => {
				client.subscribe('/topic/bench', (message) => stack.onEvent(seqOf(message)));
				client.subscribe('/user/queue/echo', (message) => {
					const resolveEcho = pendingEcho;
					pendingEcho = null;
					resolveEcho?.(seqOf(message));
				});
				client.subscribe('/user/queue/stream', (message) => streamHandler?.(seqOf(message)));
				resolve();
			};
			client.onStompError = (frame) => reject(new Error(`STOMP error: ${frame.headers.message}`));
			client.onWebSocketClose = (close: CloseEvent) => {
				document.title = `closed ${close.code}`;
			};
			client.activate();
		});
	},

	echo(payload) {
		return new Promise((resolve) => {
			pendingEcho = resolve;
			client.publish({ destination: '/app/echo', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
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
			client.publish({
				destination: '/app/stream',
				body: JSON.stringify({ count, size, binary }),
				headers: { 'content-type': 'application/json' },
			});
		});
	},
};

install(stack);
