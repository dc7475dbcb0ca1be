import { defineConfig } from 'vitest/config';

// Runs against a live server: TAURI_EVENTS_HTTP=http://localhost:PORT npm run test:integration
export default defineConfig({
	test: { include: ['test/integration/**/*.test.ts'], setupFiles: ['test/integration/one-tab.ts'], environment: 'node', testTimeout: 20_000, fileParallelism: false },
});
