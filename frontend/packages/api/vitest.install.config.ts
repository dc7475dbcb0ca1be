import { defineConfig } from 'vitest/config';

// Installs the package from a fresh copy of the repository into empty projects, offline (npm's cache must
// hold the lockfile's packages, as after `npm ci`): npm run test:install
export default defineConfig({
	test: { include: ['test/install/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 300_000 },
});
