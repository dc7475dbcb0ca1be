// npm's `prepare`: builds `dist` when the package is installed from its folder (`npm install <path>`, a git
// dependency) or packed, so a fresh clone installs. The build tools are devDependencies: when they are not
// installed yet (a fresh clone), they are installed first, from the workspace's lockfile when the package
// sits in its workspace. npm passes its own settings (`--offline`, the registry) on to the nested npm.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspace = resolve(pkg, '../..');

function isOurWorkspace() {
	try {
		const manifest = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8'));
		return existsSync(join(workspace, 'package-lock.json')) && (manifest.workspaces ?? []).includes('packages/*');
	}
	catch {
		return false;
	}
}

const inWorkspace = isOurWorkspace();

// the workspace's own `npm ci`/`npm install` runs every package's prepare; its `npm run build` builds right after
if (inWorkspace && resolve(process.env.INIT_CWD ?? '') === workspace && ['ci', 'install'].includes(process.env.npm_command)) {
	process.exit(0);
}

// the npm that runs this script (`npm_execpath`), so the nested runs match it
const npm = (args, cwd) => {
	const [command, prefix] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
	execFileSync(command, [...prefix, ...args], { cwd, stdio: 'inherit' });
};

const require = createRequire(join(pkg, 'package.json'));
const installed = (name) => {
	try {
		require.resolve(`${name}/package.json`);
		return true;
	}
	catch {
		return false;
	}
};

if (!installed('typescript') || !installed('esbuild')) {
	// --ignore-scripts: the nested install must not run this script again
	if (inWorkspace) {
		npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund'], workspace);
	}
	else {
		npm(['install', '--ignore-scripts', '--no-save', '--no-package-lock', '--include=dev', '--no-audit', '--no-fund'], pkg);
	}
}
npm(['run', 'build'], pkg);
