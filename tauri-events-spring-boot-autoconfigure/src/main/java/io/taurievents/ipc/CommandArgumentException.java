package io.taurievents.ipc;

/**
 * An argument the framework could not provide; its message is the rejection text the page receives.
 */
final class CommandArgumentException extends RuntimeException {

	CommandArgumentException(String message) {
		super(message, null, false, false);
	}

	/**
	 * Tauri's wording for an argument that cannot be read from the invoke.
	 */
	static CommandArgumentException invalid(String key, String command, String detail) {
		return new CommandArgumentException("invalid args `" + key + "` for command `" + command + "`: " + detail);
	}

	static CommandArgumentException missing(String key, String command) {
		return invalid(key, command, "command " + command + " missing required key " + key);
	}

	static CommandArgumentException bytesPayload(String key, String command) {
		return invalid(key, command,
				"command " + command + " expected a value for key " + key + " but the IPC call used a bytes payload");
	}

}
