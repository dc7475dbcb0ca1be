/**
 * The sample application: every example of the Tauri event documentation, as commands, listeners and pages.
 */
@NullMarked
package io.taurievents.sample;

import org.jspecify.annotations.NullMarked;
