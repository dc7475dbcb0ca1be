/**
 * The event system behind {@link io.taurievents.AppHandle}: name rules, the listener registry shared by server
 * and window listeners, and routing by the matching table. Used by the transport; applications use the
 * interfaces of {@code io.taurievents} instead.
 */
@NullMarked
package io.taurievents.event;

import org.jspecify.annotations.NullMarked;
