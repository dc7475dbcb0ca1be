package io.taurievents.bindings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runtime's name conversions ({@code io.taurievents.ipc.CommandNames}, Tauri's {@code heck} rules), repeated
 * here because the processor has no dependency on the starter; {@code NamesTests} checks both agree.
 */
final class Names {

	private Names() {
	}

	/**
	 * The snake_case form of a name: {@code sendToSpecificWindow} is {@code send_to_specific_window}.
	 * @param name a method or parameter name
	 * @return the snake_case name
	 */
	static String snakeCase(String name) {
		return String.join("_", words(name));
	}

	/**
	 * The lowerCamelCase form of a name: {@code invoke_message} is {@code invokeMessage}.
	 * @param name a method or parameter name
	 * @return the lowerCamelCase name
	 */
	static String camelCase(String name) {
		StringBuilder result = new StringBuilder(name.length());
		for (String word : words(name)) {
			result.append(result.isEmpty() ? word : capitalize(word));
		}
		return result.toString();
	}

	/**
	 * The UpperCamelCase form of a name: {@code download_file} is {@code DownloadFile}.
	 * @param name a name
	 * @return the UpperCamelCase name
	 */
	static String pascalCase(String name) {
		StringBuilder result = new StringBuilder(name.length());
		for (String word : words(name)) {
			result.append(capitalize(word));
		}
		return result.toString();
	}

	private static String capitalize(String word) {
		return Character.toUpperCase(word.charAt(0)) + word.substring(1);
	}

	private static List<String> words(String name) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '_' || c == '-' || Character.isWhitespace(c)) {
				flush(word, words);
				continue;
			}
			if (Character.isUpperCase(c) && !word.isEmpty()) {
				char previous = name.charAt(i - 1);
				boolean nextIsLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
				// "sendTo" splits before the upper case; "XMLHttp" splits before the last upper case of an acronym
				if (!Character.isUpperCase(previous) || nextIsLower) {
					flush(word, words);
				}
			}
			word.append(c);
		}
		flush(word, words);
		return words;
	}

	private static void flush(StringBuilder word, List<String> words) {
		if (!word.isEmpty()) {
			words.add(word.toString().toLowerCase(Locale.ROOT));
			word.setLength(0);
		}
	}

}
