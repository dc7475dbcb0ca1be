// The login window: seed 002's login command answers to this window only (emit_to("login", ...)).
import { byId, format, inputValue, onClick, show, showBannerWhenClosed } from './ui';
import { getConnection } from '@taurievents/api/core';
import { commands } from './generated/bindings';
import { emit, emitTo, listen, once } from '@taurievents/api/event';
import { getCurrentWebviewWindow } from '@taurievents/api/webviewWindow';
import { registerListeners } from './listeners';

showBannerWhenClosed(getConnection());
const appWebview = getCurrentWebviewWindow();
byId('label').textContent = appWebview.label;

onClick('login', () => commands.login({ user: inputValue('user'), password: inputValue('password') }));

await registerListeners({ listen, once, emit }, appWebview, {
  'login-result': async (payload) => {
    const loggedIn = payload === 'loggedIn';
    show('login-outcome', format(payload), loggedIn);
    if (loggedIn) {
      // hand the main window a session token: seed 002's `logged-in` listeners (page and backend) get it
      await emitTo('main', 'logged-in', `token-${Math.random().toString(36).slice(2, 10)}`);
    }
  },
  'private-message': (payload) => show('private-message', format(payload)),
});
