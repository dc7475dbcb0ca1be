package io.taurievents.bench.server;

import io.taurievents.TauriCommand;
import io.taurievents.bench.Payloads;
import io.taurievents.bench.Payloads.Chunk;
import io.taurievents.ipc.Channel;

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

	/**
	 * {@code invoke('bench_stream', {onEvent, count, size, binary})}: streams {@code count} messages to the page's
	 * channel; bytes go as binary frames.
	 */
	@TauriCommand("bench_stream")
	void stream(Channel<Object> onEvent, int count, int size, boolean binary) {
		String filler = Payloads.filler(size);
		for (int i = 0; i < count; i++) {
			onEvent.send(binary ? Payloads.binary(i, size) : new Chunk(i, filler));
		}
	}

}
