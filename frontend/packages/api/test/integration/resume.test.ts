// Resume against the real server (protocol v2 with sessions, tauri.events.resume.enabled=true, the default): a
// window's socket is cut in the middle of a stream and nothing is lost or delivered twice.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Channel, Connection, RESYNC, type ConnectionStateChange } from '../../src/core.js';
import { NodeWebSocket, socketOf, uniqueLabel, URL } from './server.js';

const receiverLabel = uniqueLabel('resume-receiver');
const senderLabel = uniqueLabel('resume-sender');
let receiver: Connection;
let sender: Connection;
const states: ConnectionStateChange[] = [];

function open(label: string): Connection {
	return new Connection({ url: URL, label, WebSocket: NodeWebSocket, reconnect: { initialDelay: 50, maxDelay: 200 } });
}

beforeAll(async () => {
	receiver = open(receiverLabel);
	receiver.onStateChange((change) => states.push(change));
	// one after the other: the sender joins the receiver's app instance with the token of its welcome
	await vi.waitFor(() => expect(receiver.state).toBe('open'));
	sender = open(senderLabel);
	await vi.waitFor(() => expect(sender.state).toBe('open'));
});

afterAll(() => {
	receiver.close();
	sender.close();
});

describe('resume against the real server', () => {
	it('a socket cut in the middle of a stream of events loses nothing and doubles nothing', async () => {
		const event = uniqueLabel('it-resume');
		const count = 400;
		const received: unknown[] = [];
		const resyncs: unknown[] = [];
		await receiver.listen(event, { kind: 'Any' }, (e) => received.push(e.payload)).ready;
		await receiver.listen(RESYNC, { kind: 'Any' }, (e) => resyncs.push(e.payload)).ready;
		states.length = 0;

		const emits: Array<Promise<unknown>> = [];
		for (let n = 0; n < count; n++) {
			emits.push(sender.invoke('plugin:event|emit', { event, payload: n }));
			if (n === count / 4) {
				await Promise.all(emits); // a quarter is on its way to the receiver
				socketOf(receiverLabel).terminate();
				// sent on the dead socket (or queued): the resume delivers it exactly once
				emits.push(receiver.invoke('plugin:event|emit', { event, payload: 'from the receiver' }));
			}
		}
		await Promise.all(emits);

		await vi.waitFor(() => expect(received).toHaveLength(count + 1), { timeout: 10_000 });
		expect(received.filter((payload) => typeof payload === 'number')).toEqual([...Array(count).keys()]);
		expect(received.filter((payload) => payload === 'from the receiver')).toHaveLength(1);
		expect(resyncs).toEqual([]);
		expect(states.map(({ state, resumed }) => [state, resumed])).toEqual([['reconnecting', undefined], ['open', true]]);
	});

	it('a channel and its invoke survive cuts while they stream', async () => {
		for (let attempt = 0; attempt < 5; attempt++) {
			const messages: Array<{ event: string }> = [];
			const onEvent = new Channel<{ event: string }>((message) => messages.push(message));
			const download = receiver.invoke('download', { url: 'https://example.com/file.zip', onEvent });
			socketOf(receiverLabel).terminate();
			await download;
			await vi.waitFor(() => expect(onEvent.closed).toBe(true), { timeout: 10_000 });
			expect(messages[0].event).toBe('started');
			expect(messages.at(-1)!.event).toBe('finished');
			expect(messages.slice(1, -1).every((message) => message.event === 'progress')).toBe(true);
			await vi.waitFor(() => expect(receiver.state).toBe('open'));
		}
		expect(states.filter((change) => change.state === 'open').every((change) => change.resumed)).toBe(true);
	});
});
