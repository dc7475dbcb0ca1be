package io.taurievents.limits;

/**
 * The limits tauri-events enforces, each with the property that sets it. {@link LimitStats} counts the rejections of
 * each, for a metrics binder or a health check.
 */
public enum Limit {

	/** Event names, window labels and command names longer than {@code tauri.events.limits.max-name-length}. */
	NAME_LENGTH("tauri.events.limits.max-name-length"),

	/** Listeners of one window beyond {@code tauri.events.max-listeners-per-window}. */
	LISTENERS_PER_WINDOW("tauri.events.max-listeners-per-window"),

	/** Bytes of the event names one window listens to beyond the limit. */
	LISTENER_BYTES_PER_WINDOW("tauri.events.limits.max-listener-bytes-per-window"),

	/** Connections beyond the total limit, refused at the handshake. */
	CONNECTIONS("tauri.events.limits.max-connections"),

	/** Connections of one authenticated principal beyond the limit, refused at the handshake. */
	CONNECTIONS_PER_PRINCIPAL("tauri.events.limits.max-connections-per-principal"),

	/** Anonymous connections from one address beyond the limit, refused at the handshake. */
	CONNECTIONS_PER_ADDRESS("tauri.events.limits.max-connections-per-address"),

	/** Page emits of one window beyond the rate limit. */
	EMITS_PER_SECOND("tauri.events.limits.emits-per-second"),

	/** Invokes (other than emits) of one window beyond the rate limit. */
	INVOKES_PER_SECOND("tauri.events.limits.invokes-per-second"),

	/** Invokes of one window beyond its running and waiting slots. */
	COMMANDS_PER_WINDOW("tauri.events.command.max-queued-per-window"),

	/** Invokes that did not settle within the command timeout. */
	COMMAND_TIMEOUT("tauri.events.command.timeout"),

	/** Invokes the command executor refused (it was shut down). */
	COMMAND_EXECUTOR("tauri.events.command.max-threads");

	private final String property;

	Limit(String property) {
		this.property = property;
	}

	/**
	 * The property that sets the limit.
	 * @return the full property name
	 */
	public String property() {
		return this.property;
	}

}
