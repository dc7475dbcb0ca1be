import { officialApiSuite } from './official-api-suite.js';

// the first whose Channel reads `{ message, index }` and an end marker
officialApiSuite('2.5.0', () =>
	Promise.all([import('tauri-api-2.5.0/core'), import('tauri-api-2.5.0/event'), import('tauri-api-2.5.0/webviewWindow')]));
