// Node has no sessionStorage: give each test file one, so the file's connections behave like the windows of one
// browser tab and share one app instance (its label namespace), as the sample's pages do.
if (!('sessionStorage' in globalThis)) {
	const items = new Map<string, string>();
	(globalThis as any).sessionStorage = {
		getItem: (key: string) => items.get(key) ?? null,
		setItem: (key: string, value: string) => void items.set(key, String(value)),
	};
}
