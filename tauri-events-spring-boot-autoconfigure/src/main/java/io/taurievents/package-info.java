/**
 * The Tauri v2 event system for Spring: {@link io.taurievents.AppHandle}, {@link io.taurievents.Emitter},
 * {@link io.taurievents.Listener}, {@link io.taurievents.EventTarget}, {@link io.taurievents.Event},
 * {@link io.taurievents.WebviewWindow} and the {@link io.taurievents.TauriCommand},
 * {@link io.taurievents.TauriEventListener} and {@link io.taurievents.TauriEvent} annotations.
 */
@NullMarked
package io.taurievents;

import org.jspecify.annotations.NullMarked;
