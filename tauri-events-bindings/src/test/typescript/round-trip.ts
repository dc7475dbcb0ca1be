// Calls every fixture command through the generated wrappers against the real server (TAURI_EVENTS_HTTP) and
// checks that what comes back is what the generated types say. Exits non-zero on the first mismatch.
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import WebSocket from 'ws';
import { Channel, connect } from '@taurievents/api/core';
import { commands, events, type Absent, type Account, type Animal, type Commands, type Expr, type Extras, type Member, type MoreUnions, type Namings, type Person, type Scalars, type Shape, type Shaped, type Sparse, type Stamped, type Tick, type TreeNode } from './bindings.js';

const http = process.env.TAURI_EVENTS_HTTP!.replace(/\/$/, '');
(globalThis as any).sessionStorage ??= { getItem: () => null, setItem: () => undefined };
const NodeWebSocket = class extends WebSocket {
	constructor(url: string) {
		super(url, { origin: http });
	}
};
const connection = connect({ url: `${http.replace(/^http/, 'ws')}/tauri`, label: `bindings-${process.pid}`, WebSocket: NodeWebSocket as any });

const scalars: Scalars = { i: 1, l: 9007199254740991, d: 1.5, f: 2.5, s: 3, b: 4, c: 'x', flag: true, boxed: 5, nullableLong: null, amount: 12.25, id: '123e4567-e89b-12d3-a456-426614174000' };
deepStrictEqual(await commands.echoScalars({ scalars }), scalars);

const person: Person = {
	name: 'Ada', e_mail: 'ada@example.com', nickname: null, middleName: null, tags: ['a', 'b'], numbers: [1],
	scores: { x: 1 }, colorNames: { RED: 'red', 'light-blue': 'sky' }, lucky: [7, 13], grid: [['a'], ['b', 'c']],
	favorite: 'light-blue', notes: ['n', null],
};
deepStrictEqual(await commands.echoPerson({ person }), person);
const nicknamed: Person = { ...person, nickname: 'Countess', middleName: 'King' };
deepStrictEqual(await commands.echoPerson({ person: nicknamed }), nicknamed);

const stamped: Stamped = { at: '2026-11-30T08:00:00Z', day: '2026-11-30', data: Buffer.from([1, 2, 3]).toString('base64') };
deepStrictEqual(await commands.echoStamped({ stamped }), stamped);

const page = await commands.pageOf({ shapes: [{ kind: 'circle', radius: 1 }, { kind: 'square', side: 2 }] });
deepStrictEqual(page, { items: [{ kind: 'circle', radius: 1 }, { kind: 'square', side: 2 }], total: 2, first: { kind: 'circle', radius: 1 } });
ok(page.first?.kind === 'circle' && page.first.radius === 1);

const animal: Animal = { '@type': 'FixtureTypes$Animal$Dog', name: 'Rex' };
deepStrictEqual(await commands.unions({ animal, vehicle: { car: { doors: 3 } } }), { animal, vehicle: { car: { doors: 3 } } });

strictEqual(await commands.optionals({ maybe: 'ab', count: 2, required: 1 }), 'abab1');
strictEqual(await commands.optionals({ required: 0 }), null);
deepStrictEqual(await commands.nullableResult({ present: true }), { a: [1, 2] });
strictEqual(await commands.nullableResult({ present: false }), null);

deepStrictEqual([...new Uint8Array(await commands.reverseBytes(new Uint8Array([1, 2, 3])))], [3, 2, 1]);

const ticks: Tick[] = [];
const onTick = new Channel<Tick>();
onTick.onmessage = (tick) => ticks.push(tick);
strictEqual(await commands.countTo({ count: 3, onTick }), 3);
await until(() => ticks.at(-1)?.last === true);
deepStrictEqual(ticks, [{ index: 1, last: false }, { index: 2, last: false }, { index: 3, last: true }]);

const chunks: number[][] = [];
const onChunk = new Channel<ArrayBuffer>();
onChunk.onmessage = (chunk) => chunks.push([...new Uint8Array(chunk)]);
strictEqual(await commands.streamBytes({ count: 2, onChunk }), 2);
await until(() => chunks.length === 2);
deepStrictEqual(chunks, [[1, 2], [2, 4]]);

try {
	await commands.failing({ code: 'E42' });
	throw new Error('failing resolved');
}
catch (caught) {
	const error = caught as Commands['failing']['error'];
	ok(typeof error === 'object');
	deepStrictEqual(error, { code: 'E42', severity: 'RED' });
}

strictEqual(await commands.snakeArguments({ first_name: 'Ada', last_name: 'Lovelace' }), 'Ada Lovelace');
strictEqual(await commands.fixtureVersion(), '1.0');
strictEqual(await commands.later({ value: 21 }), 42);

// Jackson 3's other scalars; enums by toString(), @JsonValue and index; `secret` and `internal` are not typed at all
const extras: Extras = {
	duration: 'PT1M30S', month: '2026-11', year: 2026, zone: 'Europe/Paris', date: '2026-11-30T08:00:00.000Z',
	big: 123456789, byNumber: { 1: 'one' }, byId: { '123e4567-e89b-12d3-a456-426614174000': 1 }, maybeInt: 3,
	letter: 'x', day: 'MONDAY', id: '42', level: 'high', coded: 'b', priority: 1, jakartaNullable: null,
	chars: 'abc',
};
deepStrictEqual(await commands.echoExtras({ extras }), extras);
deepStrictEqual(await commands.echoExtras({ extras: { ...extras, maybeInt: null, jakartaNullable: 'j' } }), { ...extras, maybeInt: null, jakartaNullable: 'j' });

// @JsonInclude: what the types mark optional is what Jackson leaves out
const sparse: Sparse = { text: '', items: [], count: 0 };
deepStrictEqual(await commands.echoSparse({ sparse }), { count: 0 });
const full: Sparse = { note: 'n', text: 't', items: ['i'], maybe: 'm', count: 2 };
deepStrictEqual(await commands.echoSparse({ sparse: full }), full);
const absent: Absent = { maybe: null, always: null };
deepStrictEqual(await commands.echoAbsent({ absent }), absent);
const present: Absent = { maybe: 'm', note: 'n', always: 'a' };
deepStrictEqual(await commands.echoAbsent({ absent: present }), present);

const tree: TreeNode = { name: 'root', children: [{ name: 'leaf', children: [] }] };
deepStrictEqual(await commands.echoTree({ tree }), tree);
const groups = { g: [{ value: { index: 1, last: true }, next: { value: { index: 2, last: false }, next: null } }] };
deepStrictEqual(await commands.nested({ groups }), { items: [groups], total: 1, first: groups });

const account: Account = { name: 'Ada', URL: 'https://example.com', active: true, verified: null };
deepStrictEqual(await commands.echoAccount({ account }), account);

const more: MoreUnions = {
	simple: { '@type': 'Leaf', size: 1 }, minimal: { '@c': '.FixtureTypes$Minimal$Tiny', size: 2 },
	wrapped: ['text', { value: 'v' }], existing: { type: 'named', label: 'l' },
};
deepStrictEqual(await commands.echoMoreUnions({ unions: more }), more);

// a nested sealed hierarchy, and a concrete subtype by itself, carry their type ids
const lit = (value: number): Expr => ({ op: 'lit', value });
const product: Expr = { op: 'FixtureTypes$Mul', left: lit(2), right: lit(3) };
deepStrictEqual(await commands.echoExpr({ expr: lit(1), binary: product }), { op: 'FixtureTypes$Add', left: lit(1), right: product });
deepStrictEqual(await commands.grow({ circle: { kind: 'circle', radius: 1 } }), { kind: 'circle', radius: 2 });

// @JsonNaming: the keys are Jackson's translations (acronyms, digits), and an explicit @JsonProperty wins
const namings: Namings = {
	snake: { user_url: 'a', url_value: 'b', a_b2c: 'c', simple: 'd', kept: 'e' },
	kebab: { 'user-url': 'a', 'url-value': 'b', 'a-b2c': 'c', simple: 'd' },
	upperCamel: { UserURL: 'a', Simple: 'b' },
};
deepStrictEqual(await commands.echoNamings({ namings }), namings);

// @JsonUnwrapped: the name's parts among the member's own properties
const member: Member = { first: 'Ada', last: 'Lovelace', role: 'author' };
deepStrictEqual(await commands.echoMember({ member }), member);

// @JsonFormat shapes as Jackson writes each type; JDK enums (ChronoUnit, ChronoField) by their toString()
const shaped: Shaped = {
	instant: 1796025600.5, millis: 1796025600, arrayInstant: 1796025600, day: [2026, 11, 30], epochDay: 20787,
	dateTime: [2026, 11, 30, 8, 0, 5], time: [8, 30, 15], month: [2026, 11], monthDay: [11, 30],
	offsetTime: [8, 30, 15, '+01:00'], duration: 90.5, date: 1796112000000, year: '2026', period: 'P3D',
	zone: 'Europe/Paris', text: 't', letter: 'x', flag: 1, counter: 3, weekday: 0, instants: [1796025600],
	maybeDay: [2026, 11, 30], unit: 'HalfDays', field: 'NanoOfSecond', perUnit: { HalfDays: 1, Millennia: 2 },
};
// NUMBER_INT writes an Instant in milliseconds, but Jackson reads an integer Instant as seconds
const echoedShaped = { ...shaped, millis: shaped.millis * 1000 };
deepStrictEqual(await commands.echoShaped({ shaped }), echoedShaped);
deepStrictEqual(await commands.echoShaped({ shaped: { ...shaped, maybeDay: null } }), { ...echoedShaped, maybeDay: null });

// an async result keeps the type ids of a sealed type inside a generic one
const shapes: Shape[] = [{ kind: 'circle', radius: 1 }, { kind: 'square', side: 2 }];
deepStrictEqual(await commands.laterShapes({ shapes }), shapes);

strictEqual(await commands.describeItems({ order: { name: 'pen', quantity: 2 }, invoice: { amount: 3.5 } }), '2 pen for 3.5');
strictEqual(await commands.nullables(), 'null/null');
strictEqual(await commands.nullables({ jakarta: 'a', jspecify: 'b' }), 'a/b');

const received: unknown[] = [];
await events.fixtureProgress.listen((event) => received.push(['progress', event.payload.current, event.payload.message]));
await events.fixtureProgress2.listen((event) => received.push(['progress-2', event.payload.message]));
await events.fixtureLogBatch.listen((event) => received.push(['log', event.payload.join(',')]));
await events.fixtureAnimal.listen((event) => received.push(['animal', event.payload['@type'] === 'FixtureTypes$Animal$Cat' && event.payload.lives]));
await events.fixturePing.listen((event) => received.push(['ping', event.payload]));
await events.fixtureCircle.listen((event) => received.push(['circle', event.payload.kind, event.payload.radius]));
await commands.emitEvents();
await until(() => received.length === 6);
deepStrictEqual(received, [['progress', 1, undefined], ['progress-2', 'done'], ['log', 'one,two'], ['animal', 9], ['ping', null], ['circle', 'circle', 3]]);

const echoed: string[][] = [];
await events.fixtureLogBatch.once((event) => echoed.push(event.payload));
await events.fixtureLogBatch.emit(['from', 'page']);
await until(() => echoed.length === 1);
deepStrictEqual(echoed, [['from', 'page']]);

connection.close();
console.log('round trip ok');

async function until(condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error('timed out');
		}
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
