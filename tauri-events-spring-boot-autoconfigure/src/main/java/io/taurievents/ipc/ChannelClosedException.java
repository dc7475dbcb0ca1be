package io.taurievents.ipc;

/**
 * Thrown when sending on a {@link Channel} that is closed: it was closed, its command completed without
 * {@link Channel#keepOpen()}, or its window disconnected. Producers stop on it.
 */
public class ChannelClosedException extends IllegalStateException {

	/**
	 * Creates an exception.
	 * @param message the reason
	 */
	public ChannelClosedException(String message) {
		super(message);
	}

}
