package io.taurievents.ipc;

/**
 * Handles the application's commands (everything that is not a built-in {@code plugin:event|...} command).
 * The transport calls it on the WebSocket thread; implementations hand slow work to an executor and must settle
 * every {@link Invocation} exactly once.
 */
@FunctionalInterface
public interface CommandHandler {

	/**
	 * Handles an invoke.
	 * @param invocation the invocation to settle
	 */
	void handle(Invocation invocation);

	/**
	 * A handler that knows no command: every invoke rejects with Tauri's {@code Command <cmd> not found}.
	 * @return the handler
	 */
	static CommandHandler none() {
		return (invocation) -> invocation.reject(notFound(invocation.command()));
	}

	/**
	 * Tauri's rejection text for an unknown command.
	 * @param command the command name
	 * @return {@code Command <command> not found}
	 */
	static String notFound(String command) {
		return "Command " + command + " not found";
	}

}
