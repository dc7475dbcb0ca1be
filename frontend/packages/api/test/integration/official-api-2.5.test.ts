import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { officialApiSuite } from './official-api-suite.js';

// the first whose Channel reads `{ message, index }` and an end marker
const { version } = createRequire(import.meta.url)('tauri-api-2.5.0/package.json') as { version: string };

it('loads the version it names', () => {
	expect(version).toBe('2.5.0');
});

officialApiSuite(version, () =>
	Promise.all([import('tauri-api-2.5.0/core'), import('tauri-api-2.5.0/event'), import('tauri-api-2.5.0/webviewWindow')]));
