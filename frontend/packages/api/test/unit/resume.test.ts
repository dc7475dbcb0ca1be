import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Channel, RESYNC, connect, invoke, type Connection, type ConnectionStateChange } from '../../src/core.js';
import { listen, type Event } from '../../src/event.js';
import { FakeNetwork, settle, type FakeSocket } from './fake-socket.js';

let network: FakeNetwork;
let connection: Connection;
let socket: FakeSocket;
let states: ConnectionStateChange[];

beforeEach(() => {
	vi.useFakeTimers();
	network = new FakeNetwork();
	connection = connect({ url: 'ws://server/tauri', label: 'main', WebSocket: network.WebSocket, reconnect: { initialDelay: 100, maxDelay: 1000 } });
	states = [];
	connection.onStateChange((change) => states.push(change));
	socket = network.last;
});

afterEach(() => {
	connection.close();
	vi.useRealTimers();
});

/** A registered `listen` for `event`; returns what it receives. */
async function listening(event: string): Promise<unknown[]> {
	const received: unknown[] = [];
	const pending = listen(event, (e: Event<unknown>) => received.push(e.payload));
	await settle();
	socket.answerListens();
	await pending;
	return received;
}

function tick(payload: unknown, seq?: number): object {
	return { ...(seq === undefined ? {} : { seq }), type: 'event', event: 'tick', target: { kind: 'Any' }, payload };
}

/** Lets the immediate reconnect run (a 0 ms timer, 1 ms when set from a timer in fake time) and returns the new socket. */
async function reconnected(): Promise<FakeSocket> {
	const count = network.sockets.length;
	await vi.advanceTimersByTimeAsync(1);
	expect(network.sockets).toHaveLength(count + 1);
	return (socket = network.last);
}

describe('sequence numbers', () => {
	it('processes frames in seq order and drops duplicates (text and binary)', async () => {
		socket.welcome();
		const received = await listening('tick'); // the response is seq 1
		socket.push(tick('a', 2));
		socket.push(tick('a again', 2));
		socket.push(tick('old', 1));
		socket.push(tick('b', 3));
		const messages: unknown[] = [];
		const onEvent = new Channel<unknown>((message) => messages.push(message));
		socket.pushBinary({ seq: 4, type: 'channel', channel: onEvent.id, index: 0 }, new Uint8Array([1]));
		socket.pushBinary({ seq: 4, type: 'channel', channel: onEvent.id, index: 1 }, new Uint8Array([2]));
		socket.push({ seq: 5, type: 'channel', channel: onEvent.id, index: 1, message: 'one' });
		expect(received).toEqual(['a', 'b']);
		expect(messages.map((message) => message instanceof ArrayBuffer ? [...new Uint8Array(message)] : message)).toEqual([[1], 'one']);
	});

	it('frames without seq (heartbeats, a server without resume) are processed as before', async () => {
		socket.open(); // no session: an older server
		const received = await listening('tick');
		socket.push(tick('a'));
		socket.push(tick('a'));
		expect(received).toEqual(['a', 'a']);
	});

	it('a gap closes the socket with 4009 and resumes from the last processed frame', async () => {
		socket.welcome();
		const received = await listening('tick'); // seq 1
		socket.push(tick('a', 2));
		socket.push(tick('lost the one before', 4));
		socket.push(tick('after the gap', 5));
		expect(socket.closedWith).toEqual({ code: 4009, reason: 'sequence gap' });
		expect(states.at(-1)).toMatchObject({ state: 'reconnecting', code: 4009 });
		expect(received).toEqual(['a']);

		const next = await reconnected();
		next.opened();
		expect(next.sent).toEqual([{ type: 'resume', instance: 'instance-token', session: 's1', seq: 2, batch: true, utf8: true }]);
		next.welcome({ resumed: true, session: 's2', seq: 2, received: 1 });
		next.push(tick('b')); // 3: the replay
		next.push(tick('c')); // 4
		expect(received).toEqual(['a', 'b', 'c']);
		expect(next.invokes('plugin:event|listen')).toEqual([]);
	});
});

describe('batches', () => {
	/** Pushes frames as one batch (a JSON array), numbered like single frames unless they have their own seq. */
	function pushBatch(target: FakeSocket, frames: object[]): void {
		const numbered = frames.map((frame: any) => 'seq' in frame || frame.type === 'heartbeat' ? frame : { seq: target.nextSeq++, ...frame });
		target.onmessage?.({ data: JSON.stringify(numbered) });
	}

	it('processes the frames of a batch in order, exactly as if they had come alone', async () => {
		socket.welcome();
		const received = await listening('tick'); // seq 1
		const messages: unknown[] = [];
		const onEvent = new Channel<unknown>((message) => messages.push(message));
		pushBatch(socket, [tick('a'), tick('a again', 2), { type: 'heartbeat' }, tick('b'), { type: 'channel', channel: onEvent.id, index: 0, message: 'm' }]);
		socket.push(tick('c'));
		pushBatch(socket, [tick('old', 3), tick('d')]);
		expect(received).toEqual(['a', 'b', 'c', 'd']);
		expect(messages).toEqual(['m']);
		// the heartbeat inside the batch was answered once the frames before it were processed
		expect(socket.sentOf('delivered').map((frame) => frame.seq)).toEqual([1, 2]);
	});

	it('a gap inside a batch stops it there: the frames after the gap are left to the replay', async () => {
		socket.welcome();
		const received = await listening('tick'); // seq 1
		pushBatch(socket, [tick('a', 2), tick('gap', 4), tick('after', 5)]);
		expect(socket.closedWith).toEqual({ code: 4009, reason: 'sequence gap' });
		expect(received).toEqual(['a']);
		const next = await reconnected();
		next.opened();
		expect(next.sent).toEqual([{ type: 'resume', instance: 'instance-token', session: 's1', seq: 2, batch: true, utf8: true }]);
		next.welcome({ resumed: true, session: 's2', seq: 2, received: 1 });
		pushBatch(next, [tick('b'), tick('gap'), tick('after')]);
		expect(received).toEqual(['a', 'b', 'gap', 'after']);
	});

	it('acknowledges after 256 frames in the middle of a batch', async () => {
		socket.welcome();
		await listening('tick'); // seq 1
		pushBatch(socket, Array.from({ length: 300 }, (_, i) => tick(i)));
		expect(socket.sentOf('delivered').map((frame) => frame.seq)).toEqual([1, 257]);
	});
});

describe('text frames as UTF-8 in binary frames (utf8 in the hello)', () => {
	function pushUtf8(target: FakeSocket, data: object): void {
		target.onmessage?.({ data: new TextEncoder().encode(JSON.stringify(data)).buffer });
	}

	it('reads frames and batches sent as UTF-8 exactly like text, beside binary channel messages', async () => {
		socket.welcome();
		const received = await listening('tick'); // seq 1
		const messages: unknown[] = [];
		const onEvent = new Channel<unknown>((message) => messages.push(message));
		pushUtf8(socket, { seq: 2, ...tick('é€😀') });
		pushUtf8(socket, [{ seq: 3, ...tick('b') }, { type: 'heartbeat' }, { seq: 4, ...tick('c') }]);
		socket.pushBinary({ seq: 5, type: 'channel', channel: onEvent.id, index: 0 }, new Uint8Array([7, 8]));
		pushUtf8(socket, { seq: 6, type: 'channel', channel: onEvent.id, index: 1, message: 'json' });
		expect(received).toEqual(['é€😀', 'b', 'c']);
		expect(messages).toHaveLength(2);
		expect(new Uint8Array(messages[0] as ArrayBuffer)).toEqual(new Uint8Array([7, 8]));
		expect(messages[1]).toBe('json');
		expect(socket.sentOf('delivered').map((frame) => frame.seq)).toEqual([1, 3]);
	});
});

describe('delivered acknowledgements', () => {
	const delivered = (): number[] => socket.sentOf('delivered').map((frame) => frame.seq);

	it('are cumulative, at most once a second, at once after 256 frames, and in answer to every server heartbeat', async () => {
		socket.welcome({ heartbeat: 5000 });
		await listening('tick'); // seq 1, the first change: acknowledged at once
		expect(delivered()).toEqual([1]);
		for (let i = 0; i < 9; i++) {
			socket.push(tick(i));
		}
		await vi.advanceTimersByTimeAsync(999);
		socket.push(tick('a')); // 11
		expect(delivered()).toEqual([1]);
		await vi.advanceTimersByTimeAsync(1);
		socket.push(tick('b')); // 12
		expect(delivered()).toEqual([1, 12]);

		for (let i = 0; i < 300; i++) {
			socket.push(tick(i));
		}
		expect(delivered()).toEqual([1, 12, 268]);
		await vi.advanceTimersByTimeAsync(1000);
		socket.push({ type: 'heartbeat' }); // the server's heartbeat after a quiet interval: answered, the page's heartbeat
		socket.push({ type: 'heartbeat' });
		expect(delivered()).toEqual([1, 12, 268, 312, 312]);
	});

	it('are not sent to a server without resume', async () => {
		socket.open();
		await listening('tick');
		socket.push(tick('a'));
		await vi.advanceTimersByTimeAsync(5000);
		socket.push(tick('b'));
		expect(delivered()).toEqual([]);
	});
});

describe('heartbeat', () => {
	it('no frame for 3 intervals: the socket is cut (4010) and the session resumed at once; a late close of the old socket is ignored', async () => {
		socket.welcome({ heartbeat: 1000 });
		const old = socket;
		await vi.advanceTimersByTimeAsync(2500);
		old.push({ type: 'heartbeat' }); // any frame counts
		await vi.advanceTimersByTimeAsync(3499); // the watchdog ticks every half interval
		expect(old.closedWith).toBeUndefined();
		expect(network.sockets).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(old.closedWith).toEqual({ code: 4010, reason: 'heartbeat timeout' });
		expect(states.at(-1)).toEqual({ state: 'reconnecting', code: 4010, reason: 'heartbeat timeout', resumed: undefined });

		const next = await reconnected();
		next.welcome({ resumed: true, session: 's2' });
		old.onclose!({ code: 4000, reason: 'replaced' }); // the server closes the socket the resume took over
		expect(connection.state).toBe('open');
		await vi.advanceTimersByTimeAsync(10_000); // less than 3 heartbeat intervals of the new welcome
		expect(network.sockets).toHaveLength(2);
	});

	it('no watchdog without a heartbeat in the welcome (a server without resume)', async () => {
		socket.open();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(connection.state).toBe('open');
		expect(socket.sent).toEqual([{ type: 'hello', batch: true, utf8: true }]);
	});
});

describe('resume', () => {
	it('resumed: re-sends only the unanswered invokes above `received` in id order, renews channel credit, keeps listeners, delivers replayed frames once', async () => {
		socket.welcome({ channelWindow: 8 });
		const received: Event<unknown>[] = [];
		const pending = listen('tick', (event) => received.push(event)); // invoke 1
		await settle();
		const [serverId] = socket.answerListens(); // seq 1
		const unlisten = await pending;
		const results: unknown[] = [];
		const a = invoke('a').then((value) => results.push(value)); // 2
		const b = invoke('b').then((value) => results.push(value)); // 3
		const c = invoke('c').then((value) => results.push(value)); // 4
		const messages: unknown[] = [];
		const onEvent = new Channel<number>((message) => messages.push(message));
		const download = invoke('download', { onEvent }); // 5
		await settle();
		socket.respond(2, 'A'); // seq 2
		for (let index = 0; index < 5; index++) {
			socket.push({ type: 'channel', channel: onEvent.id, index, message: index }); // seq 3..7
		}
		expect(socket.sentOf('ack')).toEqual([{ type: 'ack', channel: onEvent.id, next: 4 }]);
		socket.push({ type: 'event', event: 'tick', ids: [serverId], payload: 'before' }); // seq 8

		socket.drop(1006);
		expect(states.at(-1)).toMatchObject({ state: 'reconnecting', code: 1006 });
		const d = invoke('d').then((value) => results.push(value)); // 6, made while reconnecting
		await settle();

		const next = await reconnected();
		next.opened();
		expect(next.sent).toEqual([{ type: 'resume', instance: 'instance-token', session: 's1', seq: 8, batch: true, utf8: true }]);
		next.welcome({ resumed: true, session: 's2', seq: 8, received: 3, channelWindow: 8 });
		expect(states.at(-1)).toEqual({ state: 'open', code: undefined, reason: undefined, resumed: true });
		expect(next.invokes().map((frame) => [frame.id, frame.cmd])).toEqual([[4, 'c'], [5, 'download'], [6, 'd']]);
		expect(next.invokes('download')[0].args).toEqual({ onEvent: `__CHANNEL__:${onEvent.id}` });
		expect(next.sentOf('ack')).toEqual([{ type: 'ack', channel: onEvent.id, next: 5 }]);

		// the replay: frames the page had already processed are dropped, the rest are delivered once
		next.push({ seq: 8, type: 'event', event: 'tick', ids: [serverId], payload: 'before' });
		next.push({ seq: 9, type: 'response', id: 3, ok: true, payload: 'B' });
		next.push({ seq: 10, type: 'event', event: 'tick', ids: [serverId], payload: 'replayed' });
		next.push({ seq: 10, type: 'event', event: 'tick', ids: [serverId], payload: 'replayed' });
		next.push({ type: 'channel', channel: onEvent.id, index: 5, message: 5 }); // 11
		next.push({ type: 'channel', channel: onEvent.id, index: 6, end: true }); // 12
		next.respond(4, 'C');
		next.respond(5, null);
		next.respond(6, 'D');
		await Promise.all([a, b, c, d, download]);
		expect(results).toEqual(['A', 'B', 'C', 'D']);
		expect(messages).toEqual([0, 1, 2, 3, 4, 5]);
		expect(onEvent.closed).toBe(true);
		expect(received.map((event) => event.payload)).toEqual(['before', 'replayed']);

		// the server kept the registration: an unlisten removes it by its id
		void unlisten();
		expect(next.invokes('plugin:event|unlisten').map((frame) => frame.args)).toEqual([{ event: 'tick', eventId: serverId }]);
		// invoke ids go on, never reused
		void invoke('e').catch(() => {});
		await settle();
		expect(next.invokes('e')[0].id).toBe(8);
	});

	it('an unlisten while reconnecting reaches the server after the resume', async () => {
		socket.welcome();
		const pending = listen('tick', () => {});
		await settle();
		const [serverId] = socket.answerListens();
		const unlisten = await pending;
		socket.drop(1006);
		const done = unlisten();
		const next = await reconnected();
		next.welcome({ resumed: true, session: 's2', seq: 1, received: 1 });
		expect(next.invokes().map((frame) => [frame.cmd, frame.args])).toEqual([['plugin:event|unlisten', { event: 'tick', eventId: serverId }]]);
		next.answer('plugin:event|unlisten');
		await done;
	});

	it('a listen whose answer was lost with the socket gets it through the replay', async () => {
		socket.welcome();
		let ready = false;
		const received: unknown[] = [];
		const pending = listen('tick', (event) => received.push(event.payload)).then(() => (ready = true));
		await settle();
		socket.drop(1006);
		const next = await reconnected();
		next.welcome({ resumed: true, session: 's2', seq: 0, received: 1 });
		expect(next.invokes()).toEqual([]);
		next.push({ seq: 1, type: 'response', id: 1, ok: true, payload: 100 });
		next.push({ seq: 2, type: 'event', event: 'tick', ids: [100], payload: 'x' });
		await pending;
		expect(ready).toBe(true);
		expect(received).toEqual(['x']);
	});

	it('not resumed: pending invokes reject, channels end, listeners are registered again, the resync event fires and the state says why', async () => {
		socket.welcome();
		const received: Event<unknown>[] = [];
		const ticks = listen('tick', (event) => received.push(event));
		const resyncs = listen(RESYNC, (event) => received.push(event));
		await settle();
		socket.answerListens();
		await Promise.all([ticks, resyncs]);
		const lost = invoke('slow');
		const onEvent = new Channel<number>();
		const messages: number[] = [];
		onEvent.onmessage = (message) => messages.push(message);
		void invoke('download', { onEvent }).catch(() => {});
		await settle();
		socket.push({ type: 'channel', channel: onEvent.id, index: 0, message: 0 });

		socket.drop(1001, 'server shutting down');
		const queued = invoke('queued'); // made while reconnecting: goes to the new session
		await settle();
		const next = await reconnected();
		next.nextServerId = 500;
		next.welcome({ resumed: false, reason: 'restarted', session: 's2', seq: 0, received: 0 });

		await expect(lost).rejects.toBe('connection lost before the response to slow arrived');
		expect(onEvent.closed).toBe(true);
		next.push({ type: 'channel', channel: onEvent.id, index: 1, message: 1 });
		expect(messages).toEqual([0]);
		expect(next.invokes('plugin:event|listen').map((frame) => frame.args.event)).toEqual(['tick', RESYNC]);
		expect(next.invokes('queued')).toHaveLength(1);
		expect(received).toEqual([{ event: RESYNC, id: 1, payload: { reason: 'restarted' } }]);
		expect(states.at(-1)).toEqual({ state: 'open', code: undefined, reason: 'restarted', resumed: false });

		next.answerListens();
		next.push({ type: 'event', event: 'tick', ids: [500], payload: 'new session' });
		expect(received.at(-1)).toEqual({ event: 'tick', id: 0, payload: 'new session' });
		next.answer('queued', 'ok');
		await expect(queued).resolves.toBe('ok');

		// the next resume uses the new session, from its own seq
		next.drop(1006);
		const third = await reconnected();
		third.opened();
		expect(third.sent).toEqual([{ type: 'resume', instance: 'instance-token', session: 's2', seq: 5, batch: true, utf8: true }]);
	});

	it('every socket gets invokes in strictly increasing id order (the server ignores one not above the last it received)', async () => {
		socket.welcome();
		const ticks = listen('tick', () => {}); // 1
		await settle();
		socket.answerListens();
		await ticks;
		void invoke('in flight').catch(() => {}); // 2
		await settle();
		socket.drop(1006);
		void invoke('queued').catch(() => {}); // 3
		connection.onStateChange(({ state }) => state === 'open' && void invoke('on open').catch(() => {}));
		await settle();
		const next = await reconnected();
		next.welcome({ resumed: false, reason: 'expired', session: 's2' });
		await settle();
		const sent = next.invokes().map((frame) => [frame.id, frame.cmd]);
		expect(sent).toEqual([[3, 'queued'], [4, 'plugin:event|listen'], [5, 'on open']]);

		next.drop(1006);
		void invoke('queued again').catch(() => {}); // 6
		await settle();
		const third = await reconnected();
		third.welcome({ resumed: true, session: 's3', seq: next.nextSeq - 1, received: 4 });
		await settle();
		expect(third.invokes().map((frame) => [frame.id, frame.cmd])).toEqual([[5, 'on open'], [6, 'queued again'], [7, 'on open']]);
	});

	it('a resync listener added while reconnecting hears the resync once registered', async () => {
		socket.welcome();
		socket.drop(1006);
		const received: unknown[] = [];
		const pending = listen(RESYNC, (event) => received.push(event.payload));
		await settle();
		const next = await reconnected();
		next.welcome({ resumed: false, reason: 'expired', session: 's2' });
		expect(received).toEqual([]);
		next.answerListens();
		await pending;
		expect(received).toEqual([{ reason: 'expired' }]);
	});

	it('survives flapping: several drops in a row, one before its welcome, nothing lost or doubled', async () => {
		socket.welcome();
		const received = await listening('tick'); // seq 1
		const answer = invoke('long');
		await settle();
		socket.push(tick(1)); // 2

		// drop 1: resumed
		socket.drop(1006);
		let next = await reconnected();
		next.welcome({ resumed: true, session: 's2', seq: 2, received: 2 });
		next.push(tick(2)); // 3

		// drop 2: the resume attempt itself fails before its welcome; the next attempt waits for the backoff
		next.drop(1006);
		next = await reconnected();
		next.opened();
		expect(next.sent).toEqual([{ type: 'resume', instance: 'instance-token', session: 's2', seq: 3, batch: true, utf8: true }]);
		next.drop(1006);
		await vi.advanceTimersByTimeAsync(49);
		expect(network.sockets).toHaveLength(3);
		await vi.advanceTimersByTimeAsync(51);
		expect(network.sockets).toHaveLength(4);
		next = socket = network.last;
		next.opened();
		expect(next.sent).toEqual([{ type: 'resume', instance: 'instance-token', session: 's2', seq: 3, batch: true, utf8: true }]);
		next.welcome({ resumed: true, session: 's3', seq: 3, received: 2 });
		next.push({ seq: 3, ...tick(2) });
		next.push(tick(3)); // 4

		// drop 3 (a gap): resumed at once again, the backoff was reset
		next.push(tick('gap', 6));
		next = await reconnected();
		next.opened();
		expect(next.sent).toEqual([{ type: 'resume', instance: 'instance-token', session: 's3', seq: 4, batch: true, utf8: true }]);
		next.welcome({ resumed: true, session: 's4', seq: 4, received: 2 });
		next.push({ seq: 5, type: 'response', id: 2, ok: true, payload: 'done' });
		next.push(tick(4)); // 6

		await expect(answer).resolves.toBe('done');
		expect(received).toEqual([1, 2, 3, 4]);
		expect(network.sockets.flatMap((s) => s.invokes('long'))).toHaveLength(1);
		expect(states.filter((change) => change.state === 'open').map((change) => change.resumed)).toEqual([false, true, true, true]);
	});

	it('keeps the session secret in memory only and re-sends a binary invoke unchanged', async () => {
		const stored = new Map<string, string>();
		vi.stubGlobal('sessionStorage', { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => stored.set(key, value) });
		try {
			socket.welcome({ session: 'the-secret' });
			const upload = invoke<null>('upload', new Uint8Array([1, 2, 3]));
			await settle();
			socket.drop(1006);
			const next = await reconnected();
			next.opened();
			expect(next.sent[0]).toMatchObject({ type: 'resume', session: 'the-secret' });
			next.welcome({ resumed: true, session: 'rotated', seq: 0, received: 0 });
			const [frame] = next.invokes('upload');
			expect([frame.id, [...new Uint8Array(frame.body)]]).toEqual([1, [1, 2, 3]]);
			next.respond(1, null);
			await upload;
			expect([...stored.values()]).toEqual(['instance-token']);
		}
		finally {
			vi.unstubAllGlobals();
		}
	});

	it('after a 1009 (a frame too large for the server) the invokes it never received fail instead of looping', async () => {
		socket.welcome();
		const small = invoke('small'); // 1
		const huge = invoke('huge', new Uint8Array(8)); // 2, too large for this server
		await settle();
		socket.drop(1009, 'frame too large');
		const queued = invoke('queued'); // 3
		await settle();
		const next = await reconnected();
		next.welcome({ resumed: true, session: 's2', seq: 0, received: 1 });
		await expect(huge).rejects.toBe('connection lost before the response to huge arrived');
		expect(next.invokes().map((frame) => frame.cmd)).toEqual(['queued']);
		next.push({ seq: 1, type: 'response', id: 1, ok: true, payload: 'S' });
		next.respond(3, 'Q');
		await expect(Promise.all([small, queued])).resolves.toEqual(['S', 'Q']);
	});

	it('an intentional close ends the session: 1000, no resume', async () => {
		socket.welcome();
		const pending = invoke('x');
		await settle();
		connection.close();
		expect(socket.closedWith).toEqual({ code: 1000, reason: 'closed by the page' });
		await expect(pending).rejects.toBe('connection lost before the response to x arrived');
		await vi.advanceTimersByTimeAsync(60_000);
		expect(network.sockets).toHaveLength(1);
		expect(connection.state).toBe('closed');
	});

	it('a close code that forbids reconnecting does not resume either', async () => {
		socket.welcome();
		const pending = invoke('x');
		await settle();
		socket.drop(4000, 'replaced');
		await expect(pending).rejects.toBe('connection lost before the response to x arrived');
		await vi.advanceTimersByTimeAsync(60_000);
		expect(network.sockets).toHaveLength(1);
	});
});
