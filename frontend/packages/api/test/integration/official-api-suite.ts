import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Core from '@tauri-apps/api/core';
import type * as Event from '@tauri-apps/api/event';
import type * as WebviewWindow from '@tauri-apps/api/webviewWindow';
import type { Connection } from '../../src/connection.js';
import { installTauriInternals } from '../../src/shim.js';
import { NodeWebSocket, uniqueLabel, URL } from './server.js';

/** The modules of one version of the official package that the suite uses. */
export type OfficialApi = [typeof Core, typeof Event, typeof WebviewWindow];

/**
 * The official package, unchanged, as a page would use it, against the real server: it reads
 * `window.__TAURI_INTERNALS__`, which the shim defines before the package is loaded. Run once per version
 * (a file each, so each loads its own copy): a page pinned to an older `@tauri-apps/api` runs unchanged too.
 * @param version the version under test, for the report
 * @param load imports the version's `core`, `event` and `webviewWindow`
 */
export function officialApiSuite(version: string, load: () => Promise<unknown[]>): void {
	(globalThis as any).window = globalThis;
	const label = uniqueLabel('official');
	let connection: Connection;
	let core: typeof Core;
	let event: typeof Event;
	let webviewWindow: typeof WebviewWindow;

	beforeAll(async () => {
		connection = installTauriInternals({ url: URL, label, WebSocket: NodeWebSocket });
		[core, event, webviewWindow] = (await load()) as OfficialApi;
	});

	afterAll(() => connection.close());

	describe(`the official @tauri-apps/api ${version} through the shim, against the real server`, () => {
		it('listen + invoke: a backend emit reaches the handler', async () => {
			const received: unknown[] = [];
			const unlisten = await event.listen<{ data: string }>('test-event', (e) => received.push(e.payload));
			await core.invoke('send_test_event_from_backend', { data: 'official' });
			await vi.waitFor(() => expect(received).toContainEqual({ data: 'official' }));
			unlisten();
		});

		it('emit reaches this window; unlisten stops delivery', async () => {
			const received: unknown[] = [];
			const barrier: unknown[] = [];
			const unlisten = await event.listen('official-echo', (e) => received.push(e.payload));
			await event.listen('official-barrier', (e) => barrier.push(e.payload));
			await event.emit('official-echo', 1);
			await vi.waitFor(() => expect(received).toEqual([1]));
			await unlisten();
			await event.emit('official-echo', 2);
			await event.emit('official-barrier', 'done');
			await vi.waitFor(() => expect(barrier).toEqual(['done']));
			expect(received).toEqual([1]);
		});

		it('emitTo this label reaches getCurrentWebviewWindow().listen; emitTo another label does not', async () => {
			const received: unknown[] = [];
			const current = webviewWindow.getCurrentWebviewWindow();
			expect(current.label).toBe(label);
			const unlisten = await current.listen<string>('official-targeted', (e: { payload: string }) => received.push(e.payload));
			await event.emitTo('someone-else', 'official-targeted', 'not for me');
			await event.emitTo(label, 'official-targeted', 'for me');
			await vi.waitFor(() => expect(received).toEqual(['for me']));
			unlisten();
		});

		it('once fires once', async () => {
			const received: unknown[] = [];
			await event.once('official-once', (e) => received.push(e.payload));
			await event.emit('official-once', 'a');
			await event.emit('official-once', 'b');
			await vi.waitFor(() => expect(received).toEqual(['a']));
			// an awaited emit resolves after the server has sent this window every frame of that emission
			await event.emit('official-once', 'c');
			expect(received).toEqual(['a']);
		});

		it('invoke rejections arrive as Tauri gives them', async () => {
			await expect(core.invoke('no_such_command')).rejects.toBe('Command no_such_command not found');
		});

		it('a Channel streams the download in order', async () => {
			const messages: Array<{ event: string }> = [];
			const onEvent = new core.Channel<{ event: string }>();
			onEvent.onmessage = (message) => messages.push(message);
			await core.invoke('download', { url: 'https://example.com/official.zip', onEvent });
			await vi.waitFor(() => expect(messages.at(-1)?.event).toBe('finished'));
			expect(messages[0].event).toBe('started');
			expect(messages.slice(1, -1).every((message) => message.event === 'progress')).toBe(true);
			await vi.waitFor(() => expect((globalThis as any).__TAURI_INTERNALS__.callbacks.has(onEvent.id)).toBe(false));
		});
	});
}
