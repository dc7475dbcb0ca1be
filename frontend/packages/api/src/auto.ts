// Browser entry `tauri-internals.js`: a classic script that installs the shim on load, so a page can add
// `<script src="/tauri-events/tauri-internals.js"></script>` before its own modules and stay unchanged.
import { installTauriInternals } from './shim.js';

installTauriInternals();
