package io.taurievents.ipc;

/**
 * Thrown when an invoke argument cannot become a {@link Channel}: the key is missing, the value is not
 * {@code "__CHANNEL__:<id>"}, or the page's channel is already in use by another invoke. The message is the text
 * the invoke rejects with.
 */
public class InvalidChannelException extends IllegalArgumentException {

	/**
	 * Creates an exception.
	 * @param message the rejection text
	 */
	public InvalidChannelException(String message) {
		super(message);
	}

}
