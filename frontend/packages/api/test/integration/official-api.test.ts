import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { officialApiSuite } from './official-api-suite.js';

// the version a new Tauri app gets (the package's devDependency)
const { version } = createRequire(import.meta.url)('@tauri-apps/api/package.json') as { version: string };

it('loads the version it names', () => {
	expect(version).toMatch(/^2\.\d+\.\d+$/);
});

officialApiSuite(version, () =>
	Promise.all([import('@tauri-apps/api/core'), import('@tauri-apps/api/event'), import('@tauri-apps/api/webviewWindow')]));
