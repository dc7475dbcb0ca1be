package io.taurievents.limits;

import java.time.Duration;

/**
 * Every text a client sees when it hits a limit, in one place (docs/security.md lists them). Each names the property
 * that sets the limit, so the operator who reads it in a browser console knows what to raise.
 */
public final class LimitRejections {

	private LimitRejections() {
	}

	/**
	 * An invoke of a window whose running and waiting slots are all taken.
	 * @param command the command name
	 * @param label the window's label
	 * @param running the running slots
	 * @param waiting the waiting slots
	 * @return the rejection
	 */
	public static String commandQueueFull(String command, String label, int running, int waiting) {
		return rejected(command, "too many invokes from window '" + label + "': " + running + " running and " + waiting
				+ " waiting");
	}

	/**
	 * An invoke of a window that closed before it could run.
	 * @param command the command name
	 * @param label the window's label
	 * @return the rejection
	 */
	public static String windowClosed(String command, String label) {
		return rejected(command, "window '" + label + "' is closed");
	}

	/**
	 * An invoke the command executor refused.
	 * @param command the command name
	 * @return the rejection
	 */
	public static String executorBusy(String command) {
		return rejected(command, "the server is busy");
	}

	/**
	 * An invoke that did not settle in time.
	 * @param command the command name
	 * @param timeout the timeout
	 * @return the rejection
	 */
	public static String timedOut(String command, Duration timeout) {
		return "command " + command + " timed out after " + format(timeout) + " (" + Limit.COMMAND_TIMEOUT.property()
				+ ")";
	}

	/**
	 * An invoke or emit beyond the window's rate.
	 * @param command the command name
	 * @param label the window's label
	 * @param limit {@link Limit#EMITS_PER_SECOND} or {@link Limit#INVOKES_PER_SECOND}
	 * @param perSecond the rate
	 * @return the rejection
	 */
	public static String tooFast(String command, String label, Limit limit, int perSecond) {
		String what = (limit == Limit.EMITS_PER_SECOND) ? "emits" : "invokes";
		return rejected(command, "window '" + label + "' sent more than " + perSecond + " " + what + " per second ("
				+ limit.property() + ")");
	}

	/**
	 * A name longer than allowed. Short enough for a WebSocket close reason (123 bytes), and free of the name itself,
	 * which is long by definition.
	 * @param what {@code event name}, {@code label} or {@code command name}
	 * @param length the name's length
	 * @param max the limit
	 * @return the rejection
	 */
	public static String nameTooLong(String what, int length, int max) {
		return what + " is " + length + " characters long, more than " + max + " ("
				+ Limit.NAME_LENGTH.property() + ")";
	}

	/**
	 * A listen call beyond the window's listener count.
	 * @param label the window's label
	 * @param max the limit
	 * @return the rejection
	 */
	public static String tooManyListeners(String label, int max) {
		return "too many listeners in window '" + label + "' (" + Limit.LISTENERS_PER_WINDOW.property() + "=" + max
				+ "); unlisten the ones you no longer need";
	}

	/**
	 * A listen call beyond the bytes of event names a window may listen to.
	 * @param label the window's label
	 * @param maxBytes the limit
	 * @return the rejection
	 */
	public static String tooManyListenerBytes(String label, long maxBytes) {
		return "too many listeners in window '" + label + "': their event names would take more than " + maxBytes
				+ " bytes (" + Limit.LISTENER_BYTES_PER_WINDOW.property() + "); unlisten the ones you no longer need";
	}

	/**
	 * A connection refused at the handshake (the body of the HTTP 429 response).
	 * @param limit one of the {@code CONNECTIONS*} limits
	 * @param max its value
	 * @return the refusal
	 */
	public static String tooManyConnections(Limit limit, int max) {
		String scope = switch (limit) {
			case CONNECTIONS_PER_PRINCIPAL -> "too many windows of this user";
			case CONNECTIONS_PER_ADDRESS -> "too many anonymous windows from this address";
			default -> "too many windows";
		};
		return scope + " (" + limit.property() + "=" + max + ")";
	}

	private static String rejected(String command, String reason) {
		return "command " + command + " was rejected: " + reason;
	}

	private static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
