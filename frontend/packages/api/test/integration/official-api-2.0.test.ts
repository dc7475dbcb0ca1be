import { officialApiSuite } from './official-api-suite.js';

// the first stable release, whose Channel reads `{ message, id }` (until 2.4)
officialApiSuite('2.0.0', () =>
	Promise.all([import('tauri-api-2.0.0/core'), import('tauri-api-2.0.0/event'), import('tauri-api-2.0.0/webviewWindow')]));
