import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelStream } from '../../src/channel-stream.js';
import { Channel, connect, invoke, type Connection } from '../../src/core.js';
import { FakeNetwork, settle, type FakeSocket } from './fake-socket.js';

/** A deterministic shuffle (so a failure is reproducible). */
function shuffled<T>(items: T[], seed: number): T[] {
	const result = [...items];
	let state = seed;
	for (let i = result.length - 1; i > 0; i--) {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		const j = state % (i + 1);
		[result[i], result[j]] = [result[j], result[i]];
	}
	return result;
}

describe('ChannelStream', () => {
	for (const count of [11, 101, 1001]) {
		it(`delivers ${count} shuffled messages in index order, end marker before the last message`, () => {
			const delivered: unknown[] = [];
			const acks: number[] = [];
			const stream = new ChannelStream((data) => delivered.push(data), (next) => acks.push(next), 32);
			const indices = shuffled([...Array(count).keys()], count);
			const last = indices.pop()!;
			const finished = indices.map((index) => stream.push(index, `m${index}`, false));
			finished.push(stream.push(count, undefined, true));
			expect(finished.every((done) => !done)).toBe(true);
			expect(stream.push(last, `m${last}`, false)).toBe(true);
			expect(delivered).toEqual([
				...Array.from({ length: count }, (_, index) => ({ message: `m${index}`, index })),
				{ end: true, index: count },
			]);
			expect(acks.every((next, i) => next > (acks[i - 1] ?? 0) && next <= count)).toBe(true);
		});
	}

	it('acks at least every half window of delivered messages', () => {
		const acks: number[] = [];
		const stream = new ChannelStream(() => {}, (next) => acks.push(next), 32);
		for (let index = 0; index < 100; index++) {
			stream.push(index, index, false);
		}
		expect(acks).toEqual([32, 64, 96]);
	});

	it('ignores a duplicate index', () => {
		const delivered: unknown[] = [];
		const stream = new ChannelStream((data) => delivered.push(data), () => {}, 32);
		stream.push(0, 'a', false);
		stream.push(0, 'again', false);
		stream.push(1, 'b', false);
		expect(delivered).toEqual([{ message: 'a', index: 0 }, { message: 'b', index: 1 }]);
	});
});

describe('Channel over the connection', () => {
	let network: FakeNetwork;
	let connection: Connection;
	let socket: FakeSocket;

	beforeEach(() => {
		network = new FakeNetwork();
		connection = connect({ url: 'ws://server/tauri', label: 'main', WebSocket: network.WebSocket });
		socket = network.last;
		socket.open(8);
	});

	afterEach(() => connection.close());

	it('travels as "__CHANNEL__:<id>" and receives reordered JSON and binary messages, then ends', async () => {
		const messages: unknown[] = [];
		const onEvent = new Channel<unknown>((message) => messages.push(message));
		const download = invoke('download', { url: 'https://example.com', onEvent });
		await settle();
		const [frame] = socket.invokes('download');
		expect(frame.args).toEqual({ url: 'https://example.com', onEvent: `__CHANNEL__:${onEvent.id}` });
		socket.push({ type: 'channel', channel: onEvent.id, index: 1, message: { event: 'progress' } });
		socket.pushBinary({ type: 'channel', channel: onEvent.id, index: 2 }, new Uint8Array([1, 2]));
		socket.push({ type: 'channel', channel: onEvent.id, index: 3, end: true });
		expect(messages).toEqual([]);
		socket.push({ type: 'channel', channel: onEvent.id, index: 0, message: { event: 'started' } });
		expect(messages.slice(0, 2)).toEqual([{ event: 'started' }, { event: 'progress' }]);
		expect(new Uint8Array(messages[2] as ArrayBuffer)).toEqual(new Uint8Array([1, 2]));
		expect(onEvent.closed).toBe(true);
		socket.respond(frame.id, null);
		await expect(download).resolves.toBeNull();
	});

	it('acks every channelWindow/2 messages', async () => {
		const onEvent = new Channel<number>();
		for (let index = 0; index < 10; index++) {
			socket.push({ type: 'channel', channel: onEvent.id, index, message: index });
		}
		expect(socket.sent.filter((frame) => frame.type === 'ack')).toEqual([
			{ type: 'ack', channel: onEvent.id, next: 4 },
			{ type: 'ack', channel: onEvent.id, next: 8 },
		]);
	});
});
