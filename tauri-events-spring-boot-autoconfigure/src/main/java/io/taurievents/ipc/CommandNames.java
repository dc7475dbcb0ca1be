package io.taurievents.ipc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tauri's name conversions (the {@code heck} crate's rules): {@code _}, {@code -}, spaces and lower-to-upper
 * transitions separate words, acronyms are lowered ({@code XMLHttpRequest} is {@code xmlHttpRequest}) and leading
 * underscores disappear.
 */
final class CommandNames {

	private CommandNames() {
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
			if (result.isEmpty()) {
				result.append(word);
			}
			else {
				result.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
			}
		}
		return result.toString();
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
