import { describe, expect, it } from 'vitest';
import { reaches, toTarget, type EventTarget } from '../../src/targets.js';

const any: EventTarget = { kind: 'Any' };
const app: EventTarget = { kind: 'App' };
const labeled = (kind: 'AnyLabel' | 'Window' | 'Webview' | 'WebviewWindow', label = 'main') => ({ kind, label }) as EventTarget;

// listener targets, in the order of the expected strings below
const listeners: Array<[string, EventTarget]> = [
	['Any', any],
	['App', app],
	['AnyLabel', labeled('AnyLabel')],
	['Window', labeled('Window')],
	['Webview', labeled('Webview')],
	['WebviewWindow', labeled('WebviewWindow')],
	['AnyLabel other', labeled('AnyLabel', 'other')],
	['Window other', labeled('Window', 'other')],
];

// the matching table of docs/protocol.md (Tauri >= 2.1), one row per emission target
const table: Array<[EventTarget, string[]]> = [
	[any, ['Any', 'App', 'AnyLabel', 'Window', 'Webview', 'WebviewWindow', 'AnyLabel other', 'Window other']],
	[app, ['Any', 'App']],
	[labeled('AnyLabel'), ['Any', 'AnyLabel', 'Window', 'Webview', 'WebviewWindow']],
	[labeled('Window'), ['Any', 'AnyLabel', 'Window']],
	[labeled('Webview'), ['Any', 'AnyLabel', 'Webview']],
	[labeled('WebviewWindow'), ['Any', 'AnyLabel', 'WebviewWindow']],
];

describe('reaches', () => {
	for (const [emission, expected] of table) {
		it(`an emission to ${JSON.stringify(emission)} reaches ${expected.join(', ')}`, () => {
			const reached = listeners.filter(([, listener]) => reaches(emission, listener)).map(([name]) => name);
			expect(reached).toEqual(expected);
		});
	}
});

describe('toTarget', () => {
	it('turns a string into AnyLabel, nothing into Any and keeps objects', () => {
		expect(toTarget('main')).toEqual({ kind: 'AnyLabel', label: 'main' });
		expect(toTarget(undefined)).toEqual({ kind: 'Any' });
		expect(toTarget(app)).toBe(app);
	});
});
