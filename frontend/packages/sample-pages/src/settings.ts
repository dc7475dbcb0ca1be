// The settings window: receives relay_to_settings' data-update and seed 001's settings-update.
import { byId, format, show, showBannerWhenClosed } from './ui';
import { getConnection } from '@taurievents/api/core';
import { emit, listen, once } from '@taurievents/api/event';
import { getCurrentWebviewWindow } from '@taurievents/api/webviewWindow';
import { registerListeners } from './listeners';

showBannerWhenClosed(getConnection());
const appWebview = getCurrentWebviewWindow();
byId('label').textContent = appWebview.label;

await registerListeners({ listen, once, emit }, appWebview, {
  // seed 003's "Window B (receiver - settings)"
  'data-update': (payload) => {
    console.log('Received from main window:', payload);
    show('settings', format(payload));
    const theme = (payload as { theme?: string }).theme;
    if (theme) {
      document.body.dataset.theme = theme;
    }
  },
  'settings-update': (payload) => show('settings', `settings-update: ${format(payload)}`),
  'private-message': (payload) => show('private-message', format(payload)),
});
