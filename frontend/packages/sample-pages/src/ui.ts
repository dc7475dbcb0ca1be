// What a page shows and what the browser tests read: every event, channel message and console line a page
// receives is recorded in `window.sample` and shown in the page's live feed. No tauri-events import here, so
// the page written against the official @tauri-apps/api uses it too.

export type Scope = 'global' | 'window' | 'once' | 'channel' | 'console';

export interface Received {
  event: string;
  payload: unknown;
  scope: Scope;
  at: number;
}

interface SampleState {
  received: Received[];
  ready: boolean;
}

declare global {
  interface Window {
    sample: SampleState;
  }
}

const state: SampleState = { received: [], ready: false };
window.sample = state;

const MAX_FEED_ROWS = 150;

/** Records something the page received and adds it to the live feed. */
export function record(event: string, payload: unknown, scope: Scope): void {
  state.received.push({ event, payload, scope, at: Date.now() });
  const feed = document.getElementById('feed');
  if (!feed) {
    return;
  }
  const row = document.createElement('li');
  row.className = `scope-${scope}`;
  const time = new Date().toLocaleTimeString();
  row.append(span('time', time), span('scope', scope), span('event', event), span('payload', format(payload)));
  feed.prepend(row);
  while (feed.childElementCount > MAX_FEED_ROWS) {
    feed.lastElementChild?.remove();
  }
  const count = document.getElementById('feed-count');
  if (count) {
    count.textContent = String(state.received.length);
  }
}

/** Marks the page as set up: every listener is registered. */
export function markReady(): void {
  state.ready = true;
  document.body.dataset.ready = 'true';
}

// `eval` from the backend runs console.log('hello from Rust'): keep what it prints
const originalLog = console.log.bind(console);
console.log = (...args: unknown[]) => {
  record('console.log', args.map((arg) => (typeof arg === 'string' ? arg : format(arg))).join(' '), 'console');
  originalLog(...args);
};

export function format(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function span(className: string, text: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`no element #${id}`);
  }
  return element as T;
}

export function inputValue(id: string): string {
  return byId<HTMLInputElement>(id).value;
}

/** Shows an outcome next to a control: `ok` green, otherwise red. */
export function show(id: string, text: string, ok = true): void {
  const element = byId(id);
  element.textContent = text;
  element.classList.toggle('error', !ok);
  element.classList.toggle('ok', ok);
}

/**
 * Runs `action` when the button is clicked and shows how its promise settled in `#<id>-result`, if present: the
 * resolved value, or the rejection exactly as the backend sent it. The button's `data-result` keeps the outcome
 * (`ok: <value>` or `error: <rejection>`) for the browser tests.
 */
export function onClick(id: string, action: () => Promise<unknown>): void {
  const button = byId(id);
  button.addEventListener('click', async () => {
    delete button.dataset.result;
    const resultId = `${id}-result`;
    try {
      const value = await action();
      button.dataset.result = `ok: ${format(value ?? null)}`;
      if (document.getElementById(resultId)) {
        show(resultId, value === undefined || value === null ? '✓ done' : `✓ ${format(value)}`);
      }
    } catch (error) {
      button.dataset.result = `error: ${format(error)}`;
      if (document.getElementById(resultId)) {
        show(resultId, `✗ ${format(error)}`, false);
      }
    }
  });
}

/** Sets a progress bar (a `<progress>` element) and its label. */
export function progress(id: string, percent: number, label: string): void {
  byId<HTMLProgressElement>(id).value = percent;
  const text = document.getElementById(`${id}-label`);
  if (text) {
    text.textContent = label;
  }
}

/** What a page learns when its connection changes state (the shape both packages' connections share). */
interface ConnectionStates {
  onStateChange(callback: (change: { state: string; code?: number; reason?: string }) => void): unknown;
}

// why the server closed a window for good, in words (docs/client.md lists what a page should do)
const CLOSE_EXPLANATIONS: Record<number, string> = {
  1000: 'closed normally',
  4000: 'replaced by a new connection with the same label',
  4001: 'the label is in use in this app instance',
  4002: 'invalid window label',
  4003: "this window's app instance belongs to another user; reload to start a new one",
  4004: 'sign-in required',
  4401: 'your sign-in ended; sign in again and reload',
};

/**
 * Shows a banner when the connection is closed for good (a close code the client does not retry), so a stale
 * window says why it stopped working instead of silently showing old data.
 */
export function showBannerWhenClosed(connection: ConnectionStates): void {
  connection.onStateChange(({ state, code, reason }) => {
    if (state !== 'closed') {
      return;
    }
    const banner = document.getElementById('closed-banner') ?? document.createElement('div');
    banner.id = 'closed-banner';
    banner.className = 'closed-banner';
    banner.setAttribute('role', 'alert');
    banner.dataset.code = String(code);
    const why = (code !== undefined && CLOSE_EXPLANATIONS[code]) || reason || `close code ${code}`;
    banner.textContent = `This window was closed by the server: ${why}${code !== undefined ? ` (${code})` : ''}`;
    document.body.prepend(banner);
  });
}
