// The file viewer, written purely against the official `@tauri-apps/api` package: the same code runs in Tauri.
// `installTauriInternals()` is the only line that knows about the Spring backend.
import { installTauriInternals } from '@taurievents/api/shim';
import { invoke } from '@tauri-apps/api/core';
import { emit, listen, once } from '@tauri-apps/api/event';
import { getCurrentWebviewWindow } from '@tauri-apps/api/webviewWindow';
import { byId, format, onClick, show, showBannerWhenClosed } from './ui';
import { registerListeners } from './listeners';

showBannerWhenClosed(installTauriInternals());

const appWebview = getCurrentWebviewWindow();
byId('label').textContent = appWebview.label;

onClick('broadcast', () => invoke('broadcast_message', { message: `hello from ${appWebview.label}` }));

await registerListeners({ listen, once, emit }, appWebview, {
  // emit_filter("open-file", ...) reaches this window's webview-window listener
  'open-file': (payload) => show('file', format(payload)),
  broadcast: (payload) => show('broadcast-seen', format(payload)),
  'private-message': (payload) => show('private-message', format(payload)),
});
