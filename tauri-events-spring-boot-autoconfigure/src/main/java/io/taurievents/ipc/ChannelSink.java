package io.taurievents.ipc;

/**
 * Where a window's {@link Channel channels} send their frames; implemented by the transport's window, so
 * {@link ChannelFactory} needs nothing but the calling {@link io.taurievents.WebviewWindow}.
 */
public interface ChannelSink {

	/**
	 * Messages one channel may have in flight before it waits for an acknowledgement; the page was told this
	 * number when it connected.
	 * @return the channel window
	 */
	int channelWindow();

	/**
	 * Registers an open channel so it receives the page's acknowledgements and learns when the window disconnects.
	 * If the window is already closed, {@link Peer#windowClosed()} runs at once.
	 * @param channel the page's channel id
	 * @param peer the channel
	 * @return {@code false} if a channel with this id is already open on this window
	 */
	boolean openChannel(long channel, Peer peer);

	/**
	 * Forgets a channel registered with {@link #openChannel}, so its id may be used again.
	 * @param channel the page's channel id
	 */
	void closeChannel(long channel);

	/**
	 * Queues a message frame.
	 * @param channel the page's channel id
	 * @param index the message index
	 * @param message JSON text ({@code String}) or raw bytes ({@code byte[]})
	 * @param wait whether to wait for room in the window's send buffer (as long as the transport's
	 * {@code send-time-limit}, after which the window is disconnected)
	 * @return whether the frame was queued; {@code false} when there was no room or the window is closed
	 */
	boolean sendChannelMessage(long channel, long index, Object message, boolean wait);

	/**
	 * Queues the end marker of a channel.
	 * @param channel the page's channel id
	 * @param index the number of messages sent
	 */
	void sendChannelEnd(long channel, long index);

	/**
	 * Whether the window is still connected.
	 * @return whether frames can still reach the page
	 */
	boolean isOpen();

	/**
	 * The channel side of {@link ChannelSink}: what the window tells an open channel.
	 */
	interface Peer {

		/**
		 * The page has handed every message with an index below {@code next} to its {@code onmessage}.
		 * @param next the index of the first message not yet acknowledged
		 */
		void acknowledged(long next);

		/**
		 * The window disconnected.
		 */
		void windowClosed();

	}

}
