import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { officialApiSuite } from './official-api-suite.js';

// the first stable release, whose Channel reads `{ message, id }` (until 2.4)
const { version } = createRequire(import.meta.url)('tauri-api-2.0.0/package.json') as { version: string };

it('loads the version it names', () => {
	expect(version).toBe('2.0.0');
});

officialApiSuite(version, () =>
	Promise.all([import('tauri-api-2.0.0/core'), import('tauri-api-2.0.0/event'), import('tauri-api-2.0.0/webviewWindow')]));
