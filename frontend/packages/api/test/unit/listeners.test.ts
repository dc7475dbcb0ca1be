import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../../src/core.js';
import { emit, emitTo, getCurrent, listen, once, WebviewWindow, type Event } from '../../src/event.js';
import { getCurrentWebviewWindow } from '../../src/webviewWindow.js';
import { FakeNetwork, settle, type FakeSocket } from './fake-socket.js';

let network: FakeNetwork;
let connection: Connection;
let socket: FakeSocket;

beforeEach(() => {
	network = new FakeNetwork();
	connection = connect({ url: 'ws://server/tauri', label: 'main', WebSocket: network.WebSocket });
	socket = network.last;
	socket.open();
});

afterEach(() => connection.close());

describe('listen', () => {
	it('resolves only once the server has the registration', async () => {
		let resolved = false;
		const pending = listen('tick', () => {}).then(() => (resolved = true));
		await settle();
		expect(socket.invokes('plugin:event|listen')).toEqual([
			expect.objectContaining({ args: { event: 'tick', target: { kind: 'Any' }, handler: 0 } }),
		]);
		expect(resolved).toBe(false);
		socket.answerListens();
		await pending;
		expect(resolved).toBe(true);
	});

	it('delivers an event that arrives between the server registration and its answer', async () => {
		const received: Event<unknown>[] = [];
		const pending = listen('tick', (event) => received.push(event));
		await settle();
		const [listenFrame] = socket.invokes('plugin:event|listen');
		socket.push({ type: 'event', event: 'tick', target: { kind: 'Any' }, payload: 1 });
		socket.push({ type: 'event', event: 'tick', ids: [7], payload: 2 });
		expect(received).toEqual([]);
		socket.respond(listenFrame.id, 7);
		await pending;
		expect(received).toEqual([
			{ event: 'tick', id: 0, payload: 1 },
			{ event: 'tick', id: 0, payload: 2 },
		]);
	});

	it('does not hand a new listener events that arrived before it existed', async () => {
		const first = listen('tick', () => {});
		await settle();
		socket.push({ type: 'event', event: 'tick', target: { kind: 'Any' }, payload: 'early' });
		const late: unknown[] = [];
		const second = listen('tick', (event) => late.push(event.payload));
		await settle();
		socket.answerListens();
		await Promise.all([first, second]);
		socket.push({ type: 'event', event: 'tick', target: { kind: 'Any' }, payload: 'later' });
		expect(late).toEqual(['later']);
	});

	it('uses the target option: a string means AnyLabel', async () => {
		const pending = [listen('x', () => {}, { target: 'settings' }), getCurrentWebviewWindow().listen('y', () => {})];
		await settle();
		expect(socket.invokes('plugin:event|listen').map((frame) => frame.args.target)).toEqual([
			{ kind: 'AnyLabel', label: 'settings' },
			{ kind: 'WebviewWindow', label: 'main' },
		]);
		socket.answerListens();
		await Promise.all(pending);
	});

	it('passes the server rejection value through unchanged', async () => {
		const pending = listen('bad.name', () => {});
		await settle();
		const error = "invalid args `event` for command `listen`: Event name must include only alphanumeric characters, `-`, `/`, `:` and `_`.";
		socket.reject(socket.invokes('plugin:event|listen')[0].id, error);
		await expect(pending).rejects.toBe(error);
	});
});

describe('unlisten', () => {
	it('stops delivery at once and tells the server with its id', async () => {
		const received: unknown[] = [];
		const pending = listen('tick', (event) => received.push(event.payload));
		await settle();
		socket.answerListens();
		const unlisten = await pending;
		const done = unlisten();
		socket.push({ type: 'event', event: 'tick', target: { kind: 'Any' }, payload: 'after' });
		expect(received).toEqual([]);
		expect(socket.invokes('plugin:event|unlisten').map((frame) => frame.args)).toEqual([{ event: 'tick', eventId: 100 }]);
		socket.answer('plugin:event|unlisten');
		await expect(done).resolves.toBeUndefined();
	});

	it('is idempotent: a second call sends nothing and resolves', async () => {
		const pending = listen('tick', () => {});
		await settle();
		socket.answerListens();
		const unlisten = await pending;
		const first = unlisten();
		const second = unlisten();
		socket.answer('plugin:event|unlisten');
		await Promise.all([first, second, unlisten()]);
		expect(socket.invokes('plugin:event|unlisten')).toHaveLength(1);
	});

	it('is safe before the registration completes and removes it when the id arrives', async () => {
		const received: unknown[] = [];
		const registration = connection.listen('tick', { kind: 'Any' }, (event) => received.push(event));
		const done = registration.unlisten();
		await settle();
		expect(socket.invokes('plugin:event|unlisten')).toHaveLength(0);
		socket.push({ type: 'event', event: 'tick', ids: [100], payload: 'racing' });
		socket.answerListens();
		await settle();
		expect(socket.invokes('plugin:event|unlisten').map((frame) => frame.args)).toEqual([{ event: 'tick', eventId: 100 }]);
		socket.answer('plugin:event|unlisten');
		await done;
		await expect(registration.ready).resolves.toBeUndefined();
		expect(received).toEqual([]);
	});
});

describe('once', () => {
	it('fires exactly once under a burst and unlistens', async () => {
		const received: unknown[] = [];
		const pending = once('burst', (event) => received.push(event.payload));
		await settle();
		socket.answerListens();
		await pending;
		for (let i = 0; i < 50; i++) {
			socket.push({ type: 'event', event: 'burst', target: { kind: 'Any' }, payload: i });
			socket.push({ type: 'event', event: 'burst', ids: [100], payload: i });
		}
		expect(received).toEqual([0]);
		expect(socket.invokes('plugin:event|unlisten').map((frame) => frame.args)).toEqual([{ event: 'burst', eventId: 100 }]);
	});
});

describe('event frames', () => {
	it('delivers by the matching table to each matching listener of this page', async () => {
		const received: string[] = [];
		const record = (name: string) => () => received.push(name);
		const registrations = [
			listen('e', record('any')),
			listen('e', record('anyLabel-main'), { target: 'main' }),
			listen('e', record('app'), { target: { kind: 'App' } }),
			getCurrentWebviewWindow().listen('e', record('webviewWindow-main')),
			listen('e', record('window-main'), { target: { kind: 'Window', label: 'main' } }),
			listen('other', record('other-name')),
		];
		await settle();
		socket.answerListens();
		await Promise.all(registrations);
		const deliver = (target: object) => {
			received.length = 0;
			socket.push({ type: 'event', event: 'e', target, payload: null });
			return [...received].sort();
		};
		expect(deliver({ kind: 'Any' })).toEqual(['any', 'anyLabel-main', 'app', 'webviewWindow-main', 'window-main']);
		expect(deliver({ kind: 'App' })).toEqual(['any', 'app']);
		expect(deliver({ kind: 'AnyLabel', label: 'main' })).toEqual(['any', 'anyLabel-main', 'webviewWindow-main', 'window-main']);
		expect(deliver({ kind: 'AnyLabel', label: 'other' })).toEqual(['any']);
		expect(deliver({ kind: 'WebviewWindow', label: 'main' })).toEqual(['any', 'anyLabel-main', 'webviewWindow-main']);
		expect(deliver({ kind: 'Window', label: 'main' })).toEqual(['any', 'anyLabel-main', 'window-main']);
		expect(deliver({ kind: 'Webview', label: 'main' })).toEqual(['any', 'anyLabel-main']);
	});

	it('delivers `ids` frames to exactly those listeners, payload null when omitted', async () => {
		const received: Event<unknown>[] = [];
		const a = listen('e', (event) => received.push(event));
		const b = listen('e', (event) => received.push(event));
		await settle();
		socket.answerListens();
		await Promise.all([a, b]);
		socket.push({ type: 'event', event: 'e', ids: [101] });
		expect(received).toEqual([{ event: 'e', id: 1, payload: null }]);
	});

	it('keeps delivering to other listeners when one throws', async () => {
		const received: string[] = [];
		const errors: unknown[] = [];
		const onError = (error: unknown) => errors.push(error);
		process.on('uncaughtException', onError);
		try {
			const a = listen('e', () => {
				throw new Error('boom');
			});
			const b = listen('e', () => received.push('b'));
			await settle();
			socket.answerListens();
			await Promise.all([a, b]);
			socket.push({ type: 'event', event: 'e', target: { kind: 'Any' } });
			await settle();
			expect(received).toEqual(['b']);
			expect(errors).toEqual([new Error('boom')]);
		}
		finally {
			process.off('uncaughtException', onError);
		}
	});
});

describe('emit', () => {
	it('sends emit and emit_to with a string target turned into AnyLabel', async () => {
		const emitted = emit('greeting', { text: 'hi' });
		const targeted = emitTo('settings', 'data-update', 1);
		await settle();
		expect(socket.invokes().map((frame) => [frame.cmd, frame.args])).toEqual([
			['plugin:event|emit', { event: 'greeting', payload: { text: 'hi' } }],
			['plugin:event|emit_to', { target: { kind: 'AnyLabel', label: 'settings' }, event: 'data-update', payload: 1 }],
		]);
		socket.answer('plugin:event|emit');
		socket.answer('plugin:event|emit_to');
		await expect(Promise.all([emitted, targeted])).resolves.toEqual([undefined, undefined]);
	});

	it('runs the v1 documentation example: getCurrent().emit and new WebviewWindow(label).emit are global emits', async () => {
		expect(getCurrent().label).toBe('main');
		const fromCurrent = getCurrent().emit('event', { message: 'Tauri is awesome!' });
		const fromOther = new WebviewWindow('window').emit('event');
		const targeted = new WebviewWindow('window').emitTo('window', 'event', 1);
		await settle();
		expect(socket.invokes().map((frame) => [frame.cmd, frame.args])).toEqual([
			['plugin:event|emit', { event: 'event', payload: { message: 'Tauri is awesome!' } }],
			['plugin:event|emit', { event: 'event' }],
			['plugin:event|emit_to', { target: { kind: 'AnyLabel', label: 'window' }, event: 'event', payload: 1 }],
		]);
		socket.answer('plugin:event|emit');
		socket.answer('plugin:event|emit_to');
		await Promise.all([fromCurrent, fromOther, targeted]);
	});
});
