package io.taurievents.bench.server;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What the control endpoint asks of a stack. Every stack runs the same tight loop shape: build message
 * {@code i}, hand it to the stack's own way of sending, next.
 */
interface BenchBackend {

	/**
	 * Emits {@code count} messages of {@code size} bytes with sequence numbers from 0, to every subscribed
	 * window or to the one with the given label.
	 * @param count the number of messages
	 * @param size the payload size
	 * @param label the target window, or {@code null} for all
	 */
	void emit(int count, int size, @Nullable String label);

	/**
	 * How many windows are subscribed to the benchmark event, so the client knows when to start.
	 * @return the number of subscribed windows
	 */
	int subscribers();

	/**
	 * The optional scenarios this server implements.
	 * @return scenario names, such as {@code channel}
	 */
	Set<String> features();

}
