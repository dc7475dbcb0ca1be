// The main window: opens the others, runs every seed example and shows what arrives live.
import { byId, format, inputValue, onClick, progress, record, show, showBannerWhenClosed } from './ui';
import { Channel, getConnection } from '@taurievents/api/core';
// generated from the Java commands when they compile (see sample-app/pom.xml): a renamed parameter fails tsc
import { commands, type AppEvent, type DownloadEvent, type SensorReading } from './generated/bindings';
import { emit, listen, once } from '@taurievents/api/event';
import { getCurrentWebviewWindow } from '@taurievents/api/webviewWindow';
import { registerListeners } from './listeners';

// --- seed 003 payload types -----------------------------------------------------------------------------------
interface ProgressEvent {
  current: number;
  total: number;
  percentage: number;
  message: string;
  speed_mbps?: number;
}

const DOWNLOAD_URL =
  'https://raw.githubusercontent.com/tauri-apps/tauri/dev/crates/tauri-schema-generator/schemas/config.schema.json';

showBannerWhenClosed(getConnection());
const appWebview = getCurrentWebviewWindow();
byId('label').textContent = appWebview.label;

// --- windows ----------------------------------------------------------------------------------------------------
for (const label of ['settings', 'login', 'file-viewer']) {
  onClick(`open-${label}`, async () => {
    window.open(`/${label}.html`, label, 'width=720,height=760');
  });
}

// --- seed 002 ----------------------------------------------------------------------------------------------------
let contentLength = 0;
let received = 0;
const downloadHandlers = {
  'download-started': (payload: unknown) => {
    received = 0;
    contentLength = typeof payload === 'object' && payload ? (payload as { contentLength: number }).contentLength : 0;
    progress('download-bar', 0, typeof payload === 'string' ? `started ${payload}` : `downloading ${contentLength} bytes`);
  },
  'download-progress': (payload: unknown) => {
    if (typeof payload === 'number') {
      progress('download-bar', payload, `${payload}%`); // plain payloads: a percentage
    } else if (payload && typeof payload === 'object' && 'chunkLength' in payload) {
      received += (payload as { chunkLength: number }).chunkLength;
      progress('download-bar', (100 * received) / contentLength, `${received} / ${contentLength} bytes`);
    } else if (payload && typeof payload === 'object' && 'percentage' in payload) {
      const event = payload as ProgressEvent; // seed 003's ProgressEvent
      progress('download-file-bar', event.percentage,
        `${event.message}${event.speed_mbps ? ` · ${event.speed_mbps.toFixed(1)} MB/s` : ''}`);
    }
  },
  'download-finished': () => byId('download-bar-label').append(' · finished'),
};

// seed 002: `listen` returns the `unlisten` function
let unlistenDownloadStarted: (() => void) | undefined;
onClick('listen-download-started', async () => {
  if (unlistenDownloadStarted) {
    unlistenDownloadStarted();
    unlistenDownloadStarted = undefined;
    byId('listen-download-started').textContent = 'listen("download-started")';
    return 'unlistened';
  }
  unlistenDownloadStarted = await listen<{ url: string; contentLength: number } | string>('download-started',
    (event) => {
      const text = typeof event.payload === 'string'
        ? `downloading from ${event.payload}`
        : `downloading ${event.payload.contentLength} bytes from ${event.payload.url}`;
      show('download-started-heard', text);
    });
  byId('listen-download-started').textContent = 'unlisten()';
  return 'listening';
});

onClick('download', () => commands.download({ url: inputValue('download-url') }));
onClick('download-plain', () => commands.downloadPlain({ url: inputValue('download-url') }));
onClick('download-channel', async () => {
  const messages: DownloadEvent[] = [];
  const onEvent = new Channel<DownloadEvent>();
  let total = 0;
  let done = 0;
  onEvent.onmessage = (message) => {
    messages.push(message);
    record('download (channel)', message, 'channel');
    if (message.event === 'started') {
      total = message.data.contentLength;
      progress('channel-bar', 0, `started ${message.data.url}`);
    } else if (message.event === 'progress') {
      done += message.data.chunkLength;
      progress('channel-bar', (100 * done) / total, `${done} / ${total} bytes`);
    } else {
      byId('channel-bar-label').append(' · finished');
    }
  };
  await commands.download({ url: inputValue('download-url'), onEvent });
  return `${messages.length} channel messages: ${messages.map((message) => message.event).join(', ')}`;
});
onClick('open-file', () => commands.openFile({ path: inputValue('file-path') }));
onClick('status-changed', () => emit('status-changed', inputValue('status')));
// seed 001: app.emit_to("settings", "settings-update", &data)
onClick('update-settings', () => commands.updateSettings({ data: { theme: inputValue('theme') } }));

// --- seed 004 ----------------------------------------------------------------------------------------------------
onClick('send-test-event', () => commands.sendTestEventFromBackend({ data: inputValue('test-data') }));
onClick('send-to-specific-window', () =>
  commands.sendToSpecificWindow({ windowLabel: inputValue('test-window'), data: inputValue('test-data') }));

// --- seed 003 ----------------------------------------------------------------------------------------------------
onClick('start-download', () => commands.startDownload({ url: inputValue('download-url') }));
onClick('download-file', () => commands.downloadFile({ url: inputValue('download-url') }));
onClick('perform-login', () =>
  commands.performLogin({ username: inputValue('username'), password: inputValue('password') }));
onClick('stream-sensor-data', () => commands.streamSensorData({ sensorId: inputValue('sensor-id') }));
onClick('stream-logs', () => {
  byId('logs').textContent = '';
  return commands.streamLogs({ logFile: inputValue('log-file') });
});
onClick('broadcast-message', () => commands.broadcastMessage({ message: inputValue('message') }));
onClick('send-to-window', () =>
  commands.sendToWindow({ targetWindow: inputValue('target-window'), message: inputValue('message') }));
onClick('relay-to-settings', () =>
  commands.relayToSettings({ data: { theme: inputValue('theme'), from: appWebview.label, at: Date.now() } }));
onClick('user-action', () =>
  emit('user-action', { action: 'button-click', button_id: 'save-button', timestamp: Date.now() }));
onClick('high-frequency-updates', () => {
  updates = 0;
  return commands.highFrequencyUpdates();
});
onClick('batch-updates', () => {
  batches = [];
  return commands.batchUpdates();
});
onClick('process-with-events', () => commands.processWithEvents());

let updates = 0;
let batches: number[] = [];
const sensorValues: number[] = [];
const advancedHandlers = {
  'app-event': (payload: unknown) => {
    const appEvent = payload as AppEvent;
    switch (appEvent.type) {
      case 'UserLoggedIn':
        show('app-event', `UserLoggedIn ${appEvent.data.username} (${appEvent.data.user_id})`);
        break;
      case 'UserLoggedOut':
        show('app-event', `UserLoggedOut ${appEvent.data.user_id}`);
        break;
      case 'DataSynced':
        show('app-event', `DataSynced ${appEvent.data.items_count} items`);
        break;
      case 'ErrorOccurred':
        show('app-event', `ErrorOccurred ${appEvent.data.code}: ${appEvent.data.message}`, false);
        break;
    }
  },
  'sensor-reading': (payload: unknown) => {
    const reading = payload as SensorReading;
    sensorValues.push(reading.value);
    show('sensor', `${sensorValues.length} readings · ${reading.value} ${reading.unit}`);
    drawSparkline(sensorValues.slice(-100));
  },
  'sensor-stream-ended': (payload: unknown) => show('sensor', `${byId('sensor').textContent} · ${format(payload)} ended`),
  'log-batch': (payload: unknown) => {
    const lines = payload as string[];
    byId('logs').textContent += `── batch of ${lines.length}\n${lines.join('\n')}\n`;
  },
  update: (payload: unknown) => show('updates', `${++updates} updates, last ${format(payload)}`),
  'batch-update': (payload: unknown) => {
    batches.push((payload as number[]).length);
    show('batches', `batches of ${batches.join(' + ')} items`);
  },
  'processing-started': (payload: unknown) => show('processing', format(payload)),
  'processing-complete': (payload: unknown) => show('processing', format(payload)),
  'private-message': (payload: unknown) => show('private-message', format(payload)),
  broadcast: (payload: unknown) => show('broadcast', format(payload)),
};

function drawSparkline(values: number[]) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const points = values
    .map((value, i) => `${(i / 99) * 300},${38 - ((value - min) / (max - min || 1)) * 36}`)
    .join(' ');
  byId('sparkline-line').setAttribute('points', points);
}

// --- everyone on the server: the AppHandle bean ---------------------------------------------------------------
interface Announcement {
  text: string;
  from: string;
}
onClick('broadcast-announcement', () => commands.broadcastAnnouncement({ text: inputValue('announcement-text') }));

// --- seed 000 ----------------------------------------------------------------------------------------------------
let processEvents = 0;
onClick('init-process', () => commands.initProcess());
onClick('stop-process', () => commands.stopProcess());
onClick('click', () => emit('click', { theMessage: 'Tauri is awesome!' }));

// --- backend activity, session token, periodic events ------------------------------------------------------------
let periodic = 0;
const backendLog = byId('backend');
await registerListeners({ listen, once, emit }, appWebview, {
  ...downloadHandlers,
  ...advancedHandlers,
  'backend-activity': (payload) => {
    const row = document.createElement('li');
    row.textContent = format(payload);
    backendLog.prepend(row);
  },
  'test-event': (payload, scope) => {
    const data = (payload as { data: string }).data;
    if (data.startsWith('periodic')) {
      if (scope === 'global') {
        show('periodic', `${++periodic} periodic events · last: ${data}`);
      }
    } else {
      // a global listen hears every test-event; this window's own listener only emit and emit_to('main')
      show(scope === 'global' ? 'test-event' : 'test-event-window', data);
    }
  },
  'event-name': (payload) => show('process', `${++processEvents} × ${format(payload)}`),
  // seed 002: appWebview.listen('logged-in', ...) stores the session token
  'logged-in': (payload) => {
    localStorage.setItem('session-token', format(payload));
    show('session', `session token ${format(payload)}`);
  },
  'open-file': (payload) => show('open-file-seen', `main opened ${format(payload)}`),
  announcement: (payload) => {
    const { text, from } = payload as Announcement;
    show('announcement', `${text} (from a ${from} window)`);
  },
});
