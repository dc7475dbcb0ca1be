import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect, invoke, type Connection, type ConnectionStateChange } from '../../src/core.js';
import { installTauriInternals } from '../../src/shim.js';
import { FakeNetwork, settle } from './fake-socket.js';

const KEY = 'tauri-events.instance';

/** A tab's `sessionStorage`: just what the client uses. */
class MemoryStorage {
	readonly items = new Map<string, string>();

	getItem(key: string): string | null {
		return this.items.get(key) ?? null;
	}

	setItem(key: string, value: string): void {
		this.items.set(key, value);
	}

	removeItem(key: string): void {
		this.items.delete(key);
	}
}

let network: FakeNetwork;
let tab: MemoryStorage;
let connection: Connection | undefined;

function open(options: { reconnect?: false } = {}): Connection {
	connection = connect({ url: 'ws://server/tauri', label: 'main', WebSocket: network.WebSocket, reconnect: { initialDelay: 100, maxDelay: 100 }, ...options });
	return connection;
}

beforeEach(() => {
	network = new FakeNetwork();
	tab = new MemoryStorage();
	vi.stubGlobal('sessionStorage', tab);
});

afterEach(() => {
	connection?.close();
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe('the hello frame', () => {
	it('is the first frame, without an instance when the tab has no token', async () => {
		open();
		void invoke('early').catch(() => {});
		await settle();
		network.last.opened();
		expect(network.last.sent).toEqual([{ type: 'hello', batch: true, utf8: true }]);
		network.last.push({ type: 'welcome', version: 2, label: 'main', instance: 'new-token', channelWindow: 64 });
		expect(network.last.sent.map((frame) => frame.type)).toEqual(['hello', 'invoke']);
	});

	it('names the token this tab keeps in sessionStorage, and never puts it in the URL', () => {
		tab.setItem(KEY, 'tab-token');
		open();
		network.last.opened();
		expect(network.last.sent).toEqual([{ type: 'hello', instance: 'tab-token', batch: true, utf8: true }]);
		expect(network.last.url).toBe('ws://server/tauri?label=main&v=2');
	});

	it('joins the opener\'s instance when this tab has no token yet', () => {
		const openerTab = new MemoryStorage();
		openerTab.setItem(KEY, 'opener-token');
		vi.stubGlobal('opener', { sessionStorage: openerTab });
		open();
		network.last.opened();
		expect(network.last.hellos()).toEqual([{ type: 'hello', instance: 'opener-token', batch: true, utf8: true }]);
	});

	it('prefers this tab\'s token over the opener\'s', () => {
		const openerTab = new MemoryStorage();
		openerTab.setItem(KEY, 'opener-token');
		vi.stubGlobal('opener', { sessionStorage: openerTab });
		tab.setItem(KEY, 'tab-token');
		open();
		network.last.opened();
		expect(network.last.hellos()).toEqual([{ type: 'hello', instance: 'tab-token', batch: true, utf8: true }]);
	});

	it('starts without a token when the opener is another origin or storage is unavailable', () => {
		vi.stubGlobal('opener', {
			get sessionStorage(): never {
				throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
			},
		});
		vi.stubGlobal('sessionStorage', undefined);
		open();
		network.last.opened();
		expect(network.last.hellos()).toEqual([{ type: 'hello', batch: true, utf8: true }]);
	});
});

describe('the v2 welcome', () => {
	it('opens the connection and saves the token in this tab', () => {
		const states: ConnectionStateChange[] = [];
		open().onStateChange((change) => states.push(change));
		network.last.open(64, 'new-token');
		expect(states.map((change) => change.state)).toEqual(['open']);
		expect(tab.getItem(KEY)).toBe('new-token');
	});

	it('replaces a stale token: an unknown one made the server start a new instance', () => {
		tab.setItem(KEY, 'expired-token');
		open();
		network.last.open(64, 'fresh-token');
		expect(network.last.hellos()).toEqual([{ type: 'hello', instance: 'expired-token', batch: true, utf8: true }]);
		expect(tab.getItem(KEY)).toBe('fresh-token');
	});

	it('a v1 welcome (no instance) leaves the saved token alone', () => {
		tab.setItem(KEY, 'kept-token');
		open();
		network.last.opened();
		network.last.push({ type: 'welcome', version: 1, label: 'main', channelWindow: 64 });
		expect(connection!.state).toBe('open');
		expect(tab.getItem(KEY)).toBe('kept-token');
	});

	it('a reconnect rejoins the instance of the last welcome, even without sessionStorage', async () => {
		vi.useFakeTimers();
		vi.stubGlobal('sessionStorage', undefined);
		open();
		network.last.open(64, 'first-token');
		network.last.drop(1006);
		await vi.advanceTimersByTimeAsync(100);
		expect(network.sockets).toHaveLength(2);
		network.last.open(64, 'first-token');
		expect(network.last.hellos()).toEqual([{ type: 'hello', instance: 'first-token', batch: true, utf8: true }]);
	});

	it('a reconnect uses the connection\'s own token over one another window wrote since', async () => {
		vi.useFakeTimers();
		open();
		network.last.open(64, 'mine');
		tab.setItem(KEY, 'written-later');
		network.last.drop(1001);
		await vi.advanceTimersByTimeAsync(100);
		network.last.opened();
		expect(network.last.hellos()).toEqual([{ type: 'hello', instance: 'mine', batch: true, utf8: true }]);
	});

	it('works the same through the shim', () => {
		(globalThis as any).window = globalThis;
		tab.setItem(KEY, 'tab-token');
		connection = installTauriInternals({ url: 'ws://server/tauri', label: 'file-viewer', WebSocket: network.WebSocket });
		network.last.open(64, 'tab-token');
		expect(network.last.hellos()).toEqual([{ type: 'hello', instance: 'tab-token', batch: true, utf8: true }]);
		expect(connection.state).toBe('open');
	});
});

describe('close codes about the instance', () => {
	for (const [code, reason] of [
		[4003, 'instance belongs to another user'],
		[4004, 'sign-in required'],
	] as const) {
		it(`${code} closes for good and tells the page why`, async () => {
			vi.useFakeTimers();
			const states: ConnectionStateChange[] = [];
			let invokedOnClose: Promise<unknown> | undefined;
			open().onStateChange((change) => {
				states.push(change);
				invokedOnClose = invoke('on-close').catch((error) => error);
			});
			network.last.opened();
			network.last.drop(code, reason);
			await vi.advanceTimersByTimeAsync(60_000);
			expect(network.sockets).toHaveLength(1);
			expect(states).toEqual([{ state: 'closed', code, reason }]);
			const why = `connection to ws://server/tauri?label=main&v=2 is closed (${code} ${reason})`;
			expect(await invokedOnClose).toBe(why);
			await expect(invoke('after')).rejects.toBe(why);
		});
	}
});

describe('a token of another user (4003)', () => {
	it('is forgotten, so a reload of the tab starts a new instance', () => {
		tab.setItem(KEY, 'someone-elses-token');
		open();
		network.last.opened();
		network.last.drop(4003, 'instance belongs to another user');
		expect(tab.getItem(KEY)).toBeNull();
		open();
		network.last.opened();
		expect(network.last.hellos()).toEqual([{ type: 'hello', batch: true, utf8: true }]);
	});

	it('survives the other closes for good', () => {
		tab.setItem(KEY, 'my-token');
		open();
		network.last.open(64, 'my-token');
		network.last.drop(4004, 'sign-in required');
		expect(tab.getItem(KEY)).toBe('my-token');
	});
});

describe('invoke timeout', () => {
	beforeEach(() => vi.useFakeTimers());

	it('rejects after the per-invoke timeout and ignores the late response', async () => {
		open();
		network.last.open();
		const slow = invoke('slow_report', {}, { timeout: 500 });
		const outcome = slow.then((value) => ({ value }), (error) => ({ error }));
		await vi.advanceTimersByTimeAsync(499);
		await settle();
		let settled = false;
		void outcome.then(() => (settled = true));
		await settle();
		expect(settled).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(await outcome).toEqual({ error: 'invoke slow_report timed out after 500 ms' });
		const [frame] = network.last.invokes('slow_report');
		network.last.respond(frame.id, 'too late');
		const next = invoke('next');
		await settle();
		network.last.answer('next', 'fine');
		await expect(next).resolves.toBe('fine');
	});

	it('uses the connection-wide invokeTimeout unless the invoke gives its own', async () => {
		connection = connect({ url: 'ws://server/tauri', WebSocket: network.WebSocket, invokeTimeout: 1000 });
		network.last.open();
		const byDefault = invoke('a').catch((error) => error);
		const ownTimeout = invoke('b', {}, { timeout: 3000 }).catch((error) => error);
		await vi.advanceTimersByTimeAsync(1000);
		expect(await byDefault).toBe('invoke a timed out after 1000 ms');
		network.last.answer('b', 'in time');
		expect(await ownTimeout).toBe('in time');
	});

	it('counts from the call, also while the connection is still opening', async () => {
		open();
		const queued = invoke('queued', {}, { timeout: 200 }).catch((error) => error);
		await vi.advanceTimersByTimeAsync(200);
		expect(await queued).toBe('invoke queued timed out after 200 ms');
		network.last.open();
		expect(network.last.invokes('queued')).toEqual([]);
	});

	it('has no limit by default', async () => {
		open();
		network.last.open();
		const patient = invoke('patient');
		await vi.advanceTimersByTimeAsync(600_000);
		network.last.answer('patient', 'finally');
		await expect(patient).resolves.toBe('finally');
	});
});
