/**
 * Micrometer Observation support: every application invoke is a {@code tauri.invoke} observation that continues the
 * page's trace ({@code traceparent} in its invoke headers) and runs the command inside its scope.
 */
@NullMarked
package io.taurievents.observation;

import org.jspecify.annotations.NullMarked;
