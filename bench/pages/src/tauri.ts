/**
 * tauri-events with its own client, `@taurievents/api`, as a page uses it: `listen('bench', …)` for events,
 * `invoke('bench_echo', {payload})` for round trips, a `Channel` passed to `invoke('bench_stream', …)` for
 * streams. The client parses every frame itself; the page reads the sequence number of what it hands over.
 */
import { Channel, getConnection, invoke } from '@taurievents/api/core';
import { listen } from '@taurievents/api/event';
import { binarySeq, install, type Stack } from './harness.js';

interface Chunk {
	seq: number;
	data: string;
}

getConnection().onStateChange(({ state }) => {
	if (state === 'reconnecting' || state === 'closed') {
		document.title = state;
	}
});

const stack: Stack = {
	onEvent: () => undefined,

	async ready() {
		await listen<Chunk>('bench', (event) => stack.onEvent(event.payload.seq));
	},

	async echo(payload) {
		return (await invoke<Chunk>('bench_echo', { payload })).seq;
	},

	async stream(count, size, binary, onMessage) {
		const onEvent = new Channel<Chunk | ArrayBuffer>((message) => {
			onMessage((message instanceof ArrayBuffer) ? binarySeq(message) : message.seq);
		});
		await invoke('bench_stream', { onEvent, count, size, binary });
	},
};

install(stack);
