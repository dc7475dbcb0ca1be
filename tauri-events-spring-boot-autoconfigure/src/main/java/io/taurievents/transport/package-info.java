/**
 * The raw WebSocket transport: one connection per window, the frames of {@code docs/protocol.md}, and an ordered,
 * bounded, asynchronous outbound queue per connection.
 */
@NullMarked
package io.taurievents.transport;

import org.jspecify.annotations.NullMarked;
