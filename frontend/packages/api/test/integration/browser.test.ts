import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP, uniqueLabel } from './server.js';

// Real Chromium (Debian's), the minified browser bundles from `npm run build`, the real server. The pages
// are served by the test (request interception) under the server's origin, so only the WebSocket goes
// to the server.
const bundles = fileURLToPath(new URL('../../dist/browser/', import.meta.url));
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	// pages fulfilled by interception have no address space of their own; let them reach the local server
	'--disable-features=LocalNetworkAccessChecks'];

let browser: Browser;

async function pageScript(source: string): Promise<string> {
	const result = await build({
		stdin: { contents: source, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
		bundle: true, format: 'esm', write: false, target: 'es2020', external: ['/tauri-events/*'],
	});
	return result.outputFiles[0].text;
}

async function open(html: string, script: string, label: string): Promise<Page> {
	return openPage(await browser.newPage(), html, script, label);
}

async function openPage(page: Page, html: string, script: string, label: string): Promise<Page> {
	page.on('pageerror', (error) => console.error('page error:', error));
	page.on('console', (message) => ['error', 'warning'].includes(message.type()) && console.log('page:', message.text()));
	page.on('requestfailed', (request) => console.log('failed:', request.url()));
	await page.route(`${HTTP}/__it/**`, (route) => {
		const path = new URL(route.request().url()).pathname;
		return route.fulfill(path.endsWith('.js')
			? { contentType: 'text/javascript', body: script }
			: { contentType: 'text/html', body: html });
	});
	await page.route(`${HTTP}/tauri-events/*.js`, (route) => route.fulfill({
		contentType: 'text/javascript',
		body: readFileSync(bundles + new URL(route.request().url()).pathname.split('/').pop()),
	}));
	await page.goto(`${HTTP}/__it/page.html?label=${label}`);
	return page;
}

async function results(page: Page, timeout = 15_000): Promise<any> {
	await page.waitForFunction(() => (window as any).__results || (window as any).__error, undefined, { timeout });
	const error = await page.evaluate(() => (window as any).__error);
	expect(error).toBeUndefined();
	return page.evaluate(() => (window as any).__results);
}

const SCENARIO = `
const until = (condition) => new Promise((resolve) => {
	const check = () => (condition() ? resolve() : setTimeout(check, 10));
	check();
});
async function scenario({ listen, once, emit, emitTo, invoke, Channel, getCurrentWebviewWindow }) {
	const received = [];
	await listen('test-event', (event) => received.push(event.payload));
	await invoke('send_test_event_from_backend', { data: 'from the browser' });
	const onceReceived = [];
	await once('browser-once', (event) => onceReceived.push(event.payload));
	await emit('browser-once', 1);
	await emit('browser-once', 2);
	const targeted = [];
	const appWindow = getCurrentWebviewWindow();
	await appWindow.listen('browser-targeted', (event) => targeted.push(event.payload));
	await emitTo('elsewhere', 'browser-targeted', 'not for me');
	await emitTo(appWindow.label, 'browser-targeted', 'for me');
	const messages = [];
	const onEvent = new Channel();
	onEvent.onmessage = (message) => messages.push(message.event);
	await invoke('download', { url: 'https://example.com/browser.zip', onEvent });
	await until(() => received.length > 0 && messages.at(-1) === 'finished' && targeted.length > 0);
	let rejection;
	try {
		await invoke('no_such_command');
	} catch (error) {
		rejection = error;
	}
	return { label: appWindow.label, received, onceReceived, targeted, messages, rejection };
}
`;

const EXPECTED = (label: string) => ({
	label,
	received: [{ data: 'from the browser' }],
	onceReceived: [1],
	targeted: ['for me'],
	messages: ['started', 'progress', 'progress', 'progress', 'progress', 'progress', 'finished'],
	rejection: 'Command no_such_command not found',
});

beforeAll(async () => {
	if (!existsSync(bundles + 'index.js')) {
		throw new Error(`no browser bundles in ${bundles}: run npm run build first`);
	}
	browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: flags });
});

afterAll(async () => {
	await browser?.close();
});

describe('in Chromium against the real server', () => {
	it('our ES module bundle /tauri-events/index.js runs the documentation examples', async () => {
		const label = uniqueLabel('browser');
		const script = await pageScript(`
			import * as api from '/tauri-events/index.js';
			${SCENARIO}
			scenario(api).then((results) => (window.__results = results), (error) => (window.__error = String(error)));
		`);
		const page = await open('<!doctype html><script type="module" src="/__it/page.js"></script>', script, label);
		expect(await results(page)).toEqual(EXPECTED(label));
		await page.close();
	});

	it('the official @tauri-apps/api runs unchanged after /tauri-events/tauri-internals.js', async () => {
		const label = uniqueLabel('official-browser');
		const script = await pageScript(`
			import { invoke, Channel } from '@tauri-apps/api/core';
			import { listen, once, emit, emitTo } from '@tauri-apps/api/event';
			import { getCurrentWebviewWindow } from '@tauri-apps/api/webviewWindow';
			${SCENARIO}
			scenario({ listen, once, emit, emitTo, invoke, Channel, getCurrentWebviewWindow })
				.then((results) => (window.__results = results), (error) => (window.__error = String(error)));
		`);
		const page = await open(
			'<!doctype html><script src="/tauri-events/tauri-internals.js"></script><script type="module" src="/__it/page.js"></script>',
			script, label);
		expect(await results(page)).toEqual(EXPECTED(label));
		await page.close();
	});

	it('a page whose network is away for 5 seconds loses nothing of a stream of events and of downloads', async () => {
		const label = uniqueLabel('outage');
		const script = await pageScript(`
			import { listen, emit, invoke, Channel, getConnection } from '/tauri-events/index.js';
			const received = [];
			const downloads = [];
			const states = [];
			getConnection().onStateChange(({ state, resumed }) => states.push(state + (resumed ? ':resumed' : '')));
			const until = (condition) => new Promise((resolve) => {
				const check = () => (condition() ? resolve() : setTimeout(check, 20));
				check();
			});
			(async () => {
				await listen('it-outage', (event) => received.push(event.payload));
				window.__started = true;
				const work = [];
				for (let n = 0; n < 300; n++) {
					work.push(emit('it-outage', n));
					if (n % 25 === 0) {
						const messages = [];
						const onEvent = new Channel();
						onEvent.onmessage = (message) => messages.push(message.event);
						downloads.push(messages);
						work.push(invoke('download', { url: 'https://example.com/' + n + '.zip', onEvent }));
					}
					await new Promise((resolve) => setTimeout(resolve, 25));
				}
				await Promise.all(work);
				await until(() => received.length >= 300 && downloads.every((messages) => messages.at(-1) === 'finished'));
				window.__results = { received, downloads, states };
			})().catch((error) => (window.__error = String(error)));
		`);
		// the network goes away: the sockets open then forward nothing any more, either way, and say nothing
		// (no FIN, no RST: a dead NAT or a lost Wi-Fi); new sockets fail at once until it comes back
		let outage = false;
		const routes: WebSocketRoute[] = [];
		const dead = new Set<WebSocketRoute>();
		const page = await browser.newPage();
		await page.routeWebSocket(/\/tauri\?/, (ws) => {
			if (outage) {
				ws.close({ code: 4999, reason: 'network unreachable' });
				return;
			}
			const server = ws.connectToServer();
			routes.push(ws);
			ws.onMessage((message) => !dead.has(ws) && server.send(message));
			server.onMessage((message) => !dead.has(ws) && ws.send(message));
			server.onClose((code, reason) => !dead.has(ws) && ws.close({ code, reason }));
			ws.onClose((code, reason) => !dead.has(ws) && server.close({ code, reason }));
		});
		await openPage(page, '<!doctype html><script type="module" src="/__it/page.js"></script>', script, label);
		await page.waitForFunction(() => (window as any).__started, undefined, { timeout: 15_000 });
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		outage = true;
		routes.forEach((ws) => dead.add(ws));
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		outage = false;
		const { received, downloads, states } = await results(page, 45_000);
		// the page noticed the dead connection, and came back to the same session
		expect(states).toContain('reconnecting');
		expect(states.at(-1)).toBe('open:resumed');
		expect(received).toEqual([...Array(300).keys()]);
		expect(downloads).toHaveLength(12);
		for (const messages of downloads) {
			expect(messages).toEqual(['started', 'progress', 'progress', 'progress', 'progress', 'progress', 'finished']);
		}
		await page.close();
	}, 90_000);
});
