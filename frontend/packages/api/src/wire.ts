/** A frame as decoded from the socket: the JSON object and, for binary frames, the body bytes. */
export interface Frame {
	[member: string]: any;
	type: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Builds a binary frame: `[u32 BE header length][JSON header][body]`. */
export function encodeBinary(header: object, body: Uint8Array): Uint8Array {
	const json = encoder.encode(JSON.stringify(header));
	const frame = new Uint8Array(4 + json.length + body.length);
	new DataView(frame.buffer).setUint32(0, json.length);
	frame.set(json, 4);
	frame.set(body, 4 + json.length);
	return frame;
}

/**
 * Reads a text or binary frame; the body of a binary frame becomes `body` (an `ArrayBuffer`). A text frame that is
 * a JSON array is a batch: its frames, in order. A binary frame that starts with `{` or `[` is a text frame sent as
 * UTF-8 (announced with `utf8` in the hello); a channel's binary frame starts with its header length, whose first
 * byte is 0.
 */
export function decodeFrame(data: unknown): Frame | Frame[] {
	if (typeof data === 'string') {
		return JSON.parse(data);
	}
	const bytes = ArrayBuffer.isView(data)
		? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
		: new Uint8Array(data as ArrayBuffer);
	if (bytes[0]) {
		return JSON.parse(decoder.decode(bytes));
	}
	const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
	const frame = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length)));
	frame.body = bytes.slice(4 + length).buffer;
	return frame;
}

/** Tauri's raw-body rule: an `ArrayBuffer`, any typed array or any plain array is sent as bytes. */
export function rawBody(args: unknown): Uint8Array | undefined {
	if (args instanceof ArrayBuffer) {
		return new Uint8Array(args);
	}
	if (ArrayBuffer.isView(args)) {
		return new Uint8Array(args.buffer, args.byteOffset, args.byteLength);
	}
	return Array.isArray(args) ? Uint8Array.from(args) : undefined;
}

/**
 * The key under which Tauri objects provide their IPC form (`Channel`, dpi classes): an object with a
 * method under this key is sent as that method's result.
 *
 * @example
 * ```ts
 * class Point {
 *   constructor(readonly x: number, readonly y: number) {}
 *   [SERIALIZE_TO_IPC_FN]() { return [this.x, this.y]; }
 * }
 * await invoke('move_to', { point: new Point(1, 2) }); // args {"point":[1,2]}
 * ```
 */
export const SERIALIZE_TO_IPC_FN = '__TAURI_TO_IPC_KEY__';

/** JSON replacer with Tauri's IPC conversions: IPC-serializable objects, `Map`s and nested bytes. */
export function ipcReplacer(this: unknown, _key: string, value: any): unknown {
	if (value && typeof value === 'object') {
		if (typeof value[SERIALIZE_TO_IPC_FN] === 'function') {
			return value[SERIALIZE_TO_IPC_FN]();
		}
		if (value instanceof Map) {
			return Object.fromEntries(value);
		}
		if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
			return Array.from(rawBody(value)!);
		}
	}
	return value;
}
