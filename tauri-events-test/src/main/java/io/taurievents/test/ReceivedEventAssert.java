package io.taurievents.test;

import java.util.function.Consumer;

import org.assertj.core.api.AbstractObjectAssert;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Assertions on one event frame a {@link TestWindow} received, from {@code assertThat(window).received(name)}.
 */
public class ReceivedEventAssert extends AbstractObjectAssert<ReceivedEventAssert, JsonNode> {

	private final String label;

	ReceivedEventAssert(String label, @Nullable JsonNode frame) {
		super(frame, ReceivedEventAssert.class);
		this.label = label;
	}

	/**
	 * Checks the payload: {@code expected} is written as JSON (records, maps, lists, numbers, strings...) and
	 * compared with the payload's JSON, so {@code withPayload(new Progress(50))} and
	 * {@code withPayload(Map.of("percent", 50))} both match {@code {"percent":50}}.
	 * @param expected the expected payload, {@code null} for a JSON {@code null} or no payload
	 * @return this
	 */
	public ReceivedEventAssert withPayload(@Nullable Object expected) {
		JsonNode payload = payload();
		JsonNode wanted = JsonValues.tree(expected);
		if (!JsonValues.same(wanted, payload)) {
			failWithMessage("Expected event '%s' in window '%s' to have payload%n  %s%nbut it had%n  %s",
					this.actual.path("event").asString(), this.label, wanted, payload);
		}
		return this;
	}

	/**
	 * Reads the payload into a type and checks it with the given assertions.
	 * @param <T> the type
	 * @param type the payload type
	 * @param requirements assertions on the payload
	 * @return this
	 */
	public <T> ReceivedEventAssert withPayload(Class<T> type, Consumer<@Nullable T> requirements) {
		requirements.accept(JsonValues.read(payload(), type));
		return this;
	}

	private JsonNode payload() {
		isNotNull();
		JsonNode payload = this.actual.get("payload");
		return (payload != null) ? payload : JsonNodeFactory.instance.nullNode();
	}

}
