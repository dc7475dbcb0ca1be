// The same generated wrappers, generated with `-Atauri.bindings.module=@tauri-apps/api`, on the official package
// (through the shim) against the real server (TAURI_EVENTS_HTTP).
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import WebSocket from 'ws';
import { installTauriInternals } from '@taurievents/api/shim';
import type { MoreUnions, Person, Shape, Tick } from './bindings.js';

const http = process.env.TAURI_EVENTS_HTTP!.replace(/\/$/, '');
(globalThis as any).window = globalThis;
(globalThis as any).sessionStorage ??= { getItem: () => null, setItem: () => undefined };
const NodeWebSocket = class extends WebSocket {
	constructor(url: string) {
		super(url, { origin: http });
	}
};
const connection = installTauriInternals({ url: `${http.replace(/^http/, 'ws')}/tauri`, label: `official-${process.pid}`, WebSocket: NodeWebSocket as any });
// the official package reads window.__TAURI_INTERNALS__, which the shim has just defined
const { commands, events } = await import('./bindings.js');
const { Channel } = await import('@tauri-apps/api/core');

const person: Person = {
	name: 'Ada', e_mail: 'ada@example.com', nickname: 'Countess', middleName: null, tags: [], numbers: [], scores: {},
	colorNames: {}, lucky: [], grid: [], favorite: 'GREEN', notes: [],
};
deepStrictEqual(await commands.echoPerson({ person }), person);

const ticks: Tick[] = [];
const onTick = new Channel<Tick>();
onTick.onmessage = (tick) => ticks.push(tick);
strictEqual(await commands.countTo({ count: 2, onTick }), 2);
await until(() => ticks.length === 2);
deepStrictEqual(ticks, [{ index: 1, last: false }, { index: 2, last: true }]);

// raw bytes through the official Channel, unions and optional arguments, as with @taurievents/api
const chunks: number[][] = [];
const onChunk = new Channel<ArrayBuffer>();
onChunk.onmessage = (chunk) => chunks.push([...new Uint8Array(chunk)]);
strictEqual(await commands.streamBytes({ count: 2, onChunk }), 2);
await until(() => chunks.length === 2);
deepStrictEqual(chunks, [[1, 2], [2, 4]]);
const shapes: Shape[] = [{ kind: 'circle', radius: 1 }, { kind: 'square', side: 2 }];
deepStrictEqual(await commands.laterShapes({ shapes }), shapes);
const more: MoreUnions = {
	simple: { '@type': 'Leaf', size: 1 }, minimal: { '@c': '.FixtureTypes$Minimal$Tiny', size: 2 },
	wrapped: ['text', { value: 'v' }], existing: { type: 'named', label: 'l' },
};
deepStrictEqual(await commands.echoMoreUnions({ unions: more }), more);
strictEqual(await commands.nullables(), 'null/null');

const rejected = await commands.failing({ code: 'E7' }).catch((error: unknown) => error);
deepStrictEqual(rejected, { code: 'E7', severity: 'RED' });

const lines: string[][] = [];
const unlisten = await events.fixtureLogBatch.listen((event) => lines.push(event.payload));
await commands.emitEvents();
await until(() => lines.length === 1);
deepStrictEqual(lines, [['one', 'two']]);
unlisten();

connection.close();
console.log('official round trip ok');

async function until(condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error('timed out');
		}
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
