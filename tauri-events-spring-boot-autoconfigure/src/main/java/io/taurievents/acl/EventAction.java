package io.taurievents.acl;

/**
 * What a page does with an event, each gated like Tauri's {@code core:event:allow-*} permissions.
 */
public enum EventAction {

	/** {@code listen} and {@code once} ({@code plugin:event|listen}). */
	LISTEN("listen"),

	/** {@code unlisten} ({@code plugin:event|unlisten}). */
	UNLISTEN("unlisten"),

	/** {@code emit} ({@code plugin:event|emit}). */
	EMIT("emit"),

	/** {@code emitTo} ({@code plugin:event|emit_to}). */
	EMIT_TO("emit_to");

	private final String command;

	EventAction(String command) {
		this.command = command;
	}

	/**
	 * The built-in command that performs it.
	 * @return for example {@code plugin:event|listen}
	 */
	public String command() {
		return "plugin:event|" + this.command;
	}

	/**
	 * The permission name as in {@code core:event:allow-<name>}.
	 * @return for example {@code emit-to}
	 */
	String permissionName() {
		return this.command.replace('_', '-');
	}

}
