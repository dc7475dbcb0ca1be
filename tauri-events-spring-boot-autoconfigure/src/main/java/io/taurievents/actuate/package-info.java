/**
 * Spring Boot Actuator support: the {@code tauri} endpoint.
 */
@NullMarked
package io.taurievents.actuate;

import org.jspecify.annotations.NullMarked;
