package io.taurievents.event;

/**
 * Tauri's rule for event names and window labels: every character is Unicode-alphanumeric or one of
 * {@code -}, {@code /}, {@code :} and {@code _}. The empty name is valid, as in Tauri.
 */
public final class EventNames {

	/**
	 * The rule as Tauri words it; the wire rejection for a bad name ends with it.
	 */
	public static final String RULE = "Event name must include only alphanumeric characters, `-`, `/`, `:` and `_`.";

	private EventNames() {
	}

	/**
	 * Whether the name follows the rule.
	 * @param name an event name or window label
	 * @return whether it is valid
	 */
	public static boolean isValid(String name) {
		for (int i = 0; i < name.length();) {
			int codePoint = name.codePointAt(i);
			if (!isAllowed(codePoint)) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

	/**
	 * Checks an event name.
	 * @param name the event name
	 * @return the name
	 * @throws IllegalArgumentException naming the allowed characters if the name is invalid
	 */
	public static String validate(String name) {
		if (name == null || !isValid(name)) {
			throw new IllegalArgumentException(
					"Invalid event name \"" + name + "\": " + RULE.replace('`', '\''));
		}
		return name;
	}

	private static boolean isAllowed(int codePoint) {
		if (codePoint == '-' || codePoint == '/' || codePoint == ':' || codePoint == '_') {
			return true;
		}
		// Rust's char::is_alphanumeric: Alphabetic, or a numeric category (Nd, Nl, No)
		if (Character.isAlphabetic(codePoint)) {
			return true;
		}
		int type = Character.getType(codePoint);
		return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
				|| type == Character.OTHER_NUMBER;
	}

}
