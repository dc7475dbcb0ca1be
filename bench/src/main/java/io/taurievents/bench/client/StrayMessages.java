package io.taurievents.bench.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Anything that arrived when no scenario expected it (a surplus message, an error frame, a closed connection):
 * any of these fails the run.
 */
final class StrayMessages {

	private final List<String> messages = new CopyOnWriteArrayList<>();

	void add(String message) {
		if (this.messages.size() < 20) {
			this.messages.add(message);
		}
	}

	List<String> drain() {
		List<String> copy = List.copyOf(this.messages);
		this.messages.clear();
		return copy;
	}

}
