/**
 * Inter-process communication with pages: command invocations ({@code invoke}) and {@link io.taurievents.ipc.Channel}
 * streams, like Tauri's {@code tauri::ipc}.
 */
@NullMarked
package io.taurievents.ipc;

import org.jspecify.annotations.NullMarked;
