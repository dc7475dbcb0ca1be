package io.taurievents.test;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kit's JSON in one place: the default mapper it writes frames and reads received JSON with, and comparisons of
 * expected values with received JSON, both sides as trees.
 */
final class JsonValues {

	private static final JsonMapper json = JsonMapper.builder().build();

	private JsonValues() {
	}

	/** The default mapper, for frames and for what no application mapper reads. */
	static JsonMapper mapper() {
		return json;
	}

	static JsonNode tree(@Nullable Object value) {
		if (value instanceof JsonNode node) {
			return node;
		}
		return (value != null) ? json.valueToTree(value) : json.getNodeFactory().nullNode();
	}

	/** Whether two trees are equal, numbers compared by value ({@code 1}, {@code 1L} and {@code 1.0} match). */
	static boolean same(JsonNode expected, JsonNode actual) {
		return expected.equals((a, b) -> {
			if (a.equals(b)) {
				return 0;
			}
			return (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0) ? 0 : 1;
		}, actual);
	}

	static JsonNode parse(String text) {
		return json.readTree(text);
	}

	static JsonNode binary(byte[] bytes) {
		return json.getNodeFactory().binaryNode(bytes);
	}

	static <T> @Nullable T read(JsonNode node, Class<T> type) {
		return json.treeToValue(node, type);
	}

}
