import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
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
	const page = await browser.newPage();
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

async function results(page: Page): Promise<any> {
	await page.waitForFunction(() => (window as any).__results || (window as any).__error, undefined, { timeout: 15_000 });
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
});
