/**
 * What every benchmark page shares: the measurements the Java runner calls through Selenium
 * (`window.bench.events(...)` etc.), each a promise of a {@link Result}, and the bookkeeping a real page does
 * per message: its sequence number must be the next expected one, surplus arrivals are recorded as strays.
 * Each page supplies a {@link Stack} that speaks its protocol and hands parsed messages back.
 */

/** A message as the page sees it once parsed: only its sequence number matters here. */
export interface Parsed {
	seq: number;
}

/** How one page talks to its server. */
export interface Stack {
	/** Resolves once connected and subscribed to the benchmark event. */
	ready(): Promise<void>;
	/** Called by the stack with each parsed event. Set by the harness. */
	onEvent: (seq: number) => void;
	/** One request/reply round trip carrying `payload`; resolves with the reply's sequence number. */
	echo(payload: { seq: number; data: string }): Promise<number>;
	/**
	 * Asks the server to stream `count` messages of `size` bytes and calls `onMessage` with each one's
	 * sequence number; resolves when the stack considers the stream finished on its side (tauri: the
	 * command's response), which may be before or after the last message.
	 */
	stream(count: number, size: number, binary: boolean, onMessage: (seq: number) => void): Promise<void>;
}

/** What a measurement returns to the runner. */
export interface Result {
	/** Milliseconds from the request to the last arrival, or `null` when it failed. */
	elapsedMs: number | null;
	/** Round-trip times in milliseconds (invoke only). */
	latenciesMs?: number[];
	failure?: string;
	/** Whether `performance.now()` has its fine resolution (the page is cross-origin isolated). */
	isolated: boolean;
}

/** The padding of a `size`-byte JSON message, as the servers build it (`Payloads.filler`). */
export function filler(size: number): string {
	return 'x'.repeat(Math.max(0, size - 24));
}

/** The sequence number at the start of a binary message (a big-endian long, below 2^53 here). */
export function binarySeq(bytes: ArrayBuffer | ArrayBufferView): number {
	const view = bytes instanceof ArrayBuffer
		? new DataView(bytes)
		: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return view.getUint32(0) * 2 ** 32 + view.getUint32(4);
}

/** Counts arrivals in order; settles once `expected` have come, fails on the first gap or reorder. */
class Counter {
	private next = 0;

	private lastAt = 0;

	private readonly settled: Promise<number>;

	private resolve!: (at: number) => void;

	private reject!: (why: Error) => void;

	constructor(private readonly expected: number) {
		this.settled = new Promise((resolve, reject) => {
			this.resolve = resolve;
			this.reject = reject;
		});
		if (expected === 0) {
			this.resolve(performance.now());
		}
	}

	arrived(seq: number): boolean {
		if (this.next >= this.expected) {
			return false;
		}
		if (seq !== this.next) {
			this.fail(`expected sequence number ${this.next}, got ${seq}`);
			this.next = this.expected;
			return true;
		}
		this.next++;
		if (this.next === this.expected) {
			this.lastAt = performance.now();
			this.resolve(this.lastAt);
		}
		return true;
	}

	fail(why: string): void {
		this.reject(new Error(why));
	}

	get count(): number {
		return this.next;
	}

	get done(): Promise<number> {
		return this.settled;
	}
}

/** Installs `window.bench` for the runner. */
export function install(stack: Stack): void {
	const strays: string[] = [];
	let current: Counter | null = null;
	stack.onEvent = (seq) => {
		if (current === null || !current.arrived(seq)) {
			strays.push(`event ${seq}`);
		}
	};

	async function timed(timeoutMs: number, work: () => Promise<Omit<Result, 'isolated'>>): Promise<Result> {
		if (strays.length > 0) {
			return failed(`unexpected arrivals before the run: ${strays.splice(0).slice(0, 5).join(', ')}`);
		}
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`
				+ (current ? ` with ${current.count} messages` : ''))), timeoutMs);
		});
		try {
			const result = await Promise.race([work(), timeout]);
			if (strays.length > 0) {
				return failed(`unexpected arrivals: ${strays.splice(0).slice(0, 5).join(', ')}`);
			}
			return { ...result, isolated: crossOriginIsolated };
		}
		catch (ex) {
			return failed(String(ex));
		}
		finally {
			clearTimeout(timer);
			current = null;
		}
	}

	const bench = {
		ready: () => stack.ready().then(() => ({ isolated: crossOriginIsolated })),

		/** Triggers `count` emits of `size` bytes (the same HTTP trigger the load client uses) and counts them. */
		events: (count: number, size: number, timeoutMs: number) => timed(timeoutMs, async () => {
			const counter = new Counter(count);
			current = counter;
			const start = performance.now();
			const trigger = fetch(`/bench/emit?count=${count}&size=${size}`, { method: 'POST' }).then((response) => {
				if (!response.ok) {
					throw new Error(`emit trigger answered ${response.status}`);
				}
			});
			const [end] = await Promise.all([counter.done, trigger]);
			return { elapsedMs: end - start };
		}),

		/** `count` sequential round trips, one in flight at a time. */
		invoke: (count: number, size: number, timeoutMs: number) => timed(timeoutMs, async () => {
			const data = filler(size);
			const latencies = new Array<number>(count);
			const start = performance.now();
			for (let seq = 0; seq < count; seq++) {
				const sent = performance.now();
				const reply = await stack.echo({ seq, data });
				latencies[seq] = performance.now() - sent;
				if (reply !== seq) {
					throw new Error(`echo ${seq} answered with ${reply}`);
				}
			}
			return { elapsedMs: performance.now() - start, latenciesMs: latencies };
		}),

		/** One stream of `count` messages into the page, complete when every message and the stack's end arrived. */
		stream: (count: number, size: number, binary: boolean, timeoutMs: number) => timed(timeoutMs, async () => {
			const counter = new Counter(count);
			current = counter;
			const start = performance.now();
			const finished = stack.stream(count, size, binary, (seq) => {
				if (!counter.arrived(seq)) {
					strays.push(`stream message ${seq}`);
				}
			}).then(() => performance.now());
			const [last, end] = await Promise.all([counter.done, finished]);
			return { elapsedMs: Math.max(last, end) - start };
		}),
	};
	(globalThis as unknown as { bench: typeof bench }).bench = bench;
	document.title = 'bench page loaded';
}

function failed(why: string): Result {
	return { elapsedMs: null, failure: why, isolated: crossOriginIsolated };
}
