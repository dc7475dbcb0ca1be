package io.taurievents.ipc;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on frames.
 */
final class JsonNodeAssert {

	private JsonNodeAssert() {
	}

	static void eventNamed(@Nullable JsonNode frame, String event) {
		assertThat(frame).as("event frame").isNotNull();
		assertThat(frame.get("event").asString()).isEqualTo(event);
	}

}
