/**
 * The benchmark server: one Spring Boot application started in its own JVM per stack, selected by profile
 * ({@code raw}, {@code stomp} or {@code tauri}), with the same HTTP control endpoint in each.
 */
@NullMarked
package io.taurievents.bench.server;

import org.jspecify.annotations.NullMarked;
