package io.taurievents.ipc;

/**
 * Thrown by {@link Channel#send} when the page acknowledged none of the messages in flight within
 * {@code tauri.events.channel.send-timeout}. The message was not sent; the channel stays open, so the producer may
 * retry, slow down or {@link Channel#close() close} it.
 */
public class ChannelTimeoutException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message the reason
	 */
	public ChannelTimeoutException(String message) {
		super(message);
	}

}
