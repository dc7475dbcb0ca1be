/**
 * Benchmarks of tauri-events against a raw Spring WebSocket handler and Spring STOMP: the payloads both sides
 * share. See {@code bench/README.md}.
 */
@NullMarked
package io.taurievents.bench;

import org.jspecify.annotations.NullMarked;
