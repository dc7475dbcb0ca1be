/**
 * Auto-configuration of tauri-events.
 */
@NullMarked
package io.taurievents.autoconfigure;

import org.jspecify.annotations.NullMarked;
