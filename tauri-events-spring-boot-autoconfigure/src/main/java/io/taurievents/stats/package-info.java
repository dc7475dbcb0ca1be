/**
 * Operational statistics of tauri-events: the {@link io.taurievents.stats.TauriEventsStats} bean that the transport
 * updates with plain counters, for meters, the Actuator endpoint or your own reporting.
 */
@NullMarked
package io.taurievents.stats;

import org.jspecify.annotations.NullMarked;
