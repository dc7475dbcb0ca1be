package io.taurievents.bindings;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Reads {@code spring.jackson.property-naming-strategy} from an application's {@code application.properties} or
 * {@code application.yml} text, as Spring Boot binds it: any relaxed form of the key ({@code propertyNamingStrategy},
 * {@code property_naming_strategy}), in the first document only (later ones are profile-specific), and in YAML only
 * under {@code spring} / {@code jackson}. Not a full parser: a value it cannot read at build time (a placeholder) is
 * reported as such.
 */
final class NamingConfiguration {

	/** The key in Spring's canonical form (lower case, no separators). */
	private static final String KEY = "springjacksonpropertynamingstrategy";

	private NamingConfiguration() {
	}

	/**
	 * The value in a properties file.
	 * @param text the file
	 * @return the value, {@code null} when the key is absent or empty
	 */
	static String fromProperties(String text) {
		for (String line : text.split("\\R")) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#---") || trimmed.startsWith("!---")) {
				break;
			}
			if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
				continue;
			}
			int separator = indexOfSeparator(trimmed);
			String key = ((separator < 0) ? trimmed : trimmed.substring(0, separator)).strip();
			if (canonical(key).equals(KEY)) {
				String value = (separator < 0) ? "" : trimmed.substring(separator + 1).strip();
				return unquote(value);
			}
		}
		return null;
	}

	/**
	 * The value in a YAML file.
	 * @param text the file
	 * @return the value, {@code null} when the key is absent or empty
	 */
	static String fromYaml(String text) {
		// the keys above the current line, by indentation
		Deque<int[]> indents = new ArrayDeque<>();
		Deque<String> keys = new ArrayDeque<>();
		for (String line : text.split("\\R")) {
			if (line.startsWith("---")) {
				break;
			}
			String content = line.strip();
			if (content.isEmpty() || content.startsWith("#") || content.startsWith("- ")) {
				continue;
			}
			int colon = content.indexOf(':');
			if (colon < 0) {
				continue;
			}
			int indent = line.length() - line.stripLeading().length();
			while (!indents.isEmpty() && indents.peek()[0] >= indent) {
				indents.pop();
				keys.pop();
			}
			String key = content.substring(0, colon).strip();
			String value = content.substring(colon + 1).strip();
			StringBuilder path = new StringBuilder();
			keys.descendingIterator().forEachRemaining(path::append);
			path.append(key);
			if (canonical(path.toString()).equals(KEY)) {
				int comment = value.indexOf(" #");
				return unquote((comment < 0) ? value : value.substring(0, comment).strip());
			}
			indents.push(new int[] { indent });
			keys.push(key + ".");
		}
		return null;
	}

	/** Spring's relaxed form of a key: lower case, without dashes, underscores or dots. */
	private static String canonical(String key) {
		return key.replaceAll("[-_.\\[\\]\"']", "").toLowerCase(Locale.ROOT);
	}

	private static int indexOfSeparator(String line) {
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '=' || c == ':' || c == ' ' || c == '\t') {
				// "key = value", "key: value", "key value"
				int end = i;
				while (end < line.length() && (line.charAt(end) == ' ' || line.charAt(end) == '\t')) {
					end++;
				}
				return (end < line.length() && (line.charAt(end) == '=' || line.charAt(end) == ':')) ? end : i;
			}
		}
		return -1;
	}

	private static String unquote(String value) {
		String unquoted = value;
		if (unquoted.length() >= 2 && (unquoted.startsWith("\"") && unquoted.endsWith("\"")
				|| unquoted.startsWith("'") && unquoted.endsWith("'"))) {
			unquoted = unquoted.substring(1, unquoted.length() - 1).strip();
		}
		return unquoted.isEmpty() ? null : unquoted;
	}

}
