import { officialApiSuite } from './official-api-suite.js';

// the version a new Tauri app gets (the package's devDependency)
officialApiSuite('latest', () =>
	Promise.all([import('@tauri-apps/api/core'), import('@tauri-apps/api/event'), import('@tauri-apps/api/webviewWindow')]));
