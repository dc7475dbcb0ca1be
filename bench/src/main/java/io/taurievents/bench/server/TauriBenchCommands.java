package io.taurievents.bench.server;

import io.taurievents.TauriCommand;
import io.taurievents.bench.Payloads.Chunk;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The tauri stack's commands, written as a user writes them.
 */
@Component
@Profile("tauri")
class TauriBenchCommands {

	/**
	 * {@code invoke('bench_echo', {payload})}: the round trip.
	 */
	@TauriCommand("bench_echo")
	Chunk echo(Chunk payload) {
		return payload;
	}

}
