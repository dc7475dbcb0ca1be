package io.taurievents.ipc;

import io.taurievents.WebviewWindow;

/**
 * A stream of messages to one {@code Channel} of a page, like Tauri's {@code tauri::ipc::Channel}. A command
 * receives it as a parameter; the page created it with {@code new Channel()} and passed it as an invoke argument.
 * <pre>{@code
 * @TauriCommand
 * void download(String url, Channel<DownloadEvent> onEvent) {
 *     onEvent.send(new DownloadEvent.Started(url, 1, 1000));
 *     for (int chunk : new int[] { 15, 150, 35, 500, 300 }) {
 *         onEvent.send(new DownloadEvent.Progress(1, chunk));
 *     }
 *     onEvent.send(new DownloadEvent.Finished(1));
 * }   // the page's channel gets its end marker before the invoke resolves
 * }</pre>
 * <p>
 * <b>Messages</b> arrive at the page's {@code onmessage} in the order they were sent, with an index per channel
 * starting at 0. A {@code byte[]} or {@code ByteBuffer} message is sent as raw bytes in a binary frame and arrives
 * as an {@code ArrayBuffer}; anything else is serialized once with the application's {@code JsonMapper}, using
 * the channel's declared message type.
 * <p>
 * <b>Lifecycle</b>: a channel injected into a command closes when the command completes (it returns, throws, or
 * the future it returned completes): the page gets the end marker before the invoke settles. Call
 * {@link #keepOpen()} to stream after that (a subscription); such a channel lives until {@link #close()}. Every
 * channel closes when its window disconnects, after which {@code send} throws {@link ChannelClosedException}.
 * <p>
 * <b>Flow control</b>: at most {@code tauri.events.channel.window} messages are in flight (sent but not yet
 * acknowledged by the page). {@link #send} then waits for the page, at most
 * {@code tauri.events.channel.send-timeout}; {@link #trySend} returns {@code false} instead of waiting. Nothing is
 * dropped silently.
 * <p>
 * Channels are thread-safe; messages from several threads are ordered by the time each {@code send} gets its
 * turn.
 *
 * @param <T> the message type
 */
public interface Channel<T> {

	/**
	 * The page's id of this channel, the number in {@code "__CHANNEL__:<id>"}.
	 * @return the id
	 */
	long id();

	/**
	 * The window whose page receives the messages.
	 * @return the window
	 */
	WebviewWindow window();

	/**
	 * Sends a message, waiting for the page to catch up if it has the whole channel window in flight.
	 * @param message the message; {@code byte[]} and {@code ByteBuffer} go as raw bytes
	 * @throws ChannelClosedException if the channel is closed, or its window disconnects while waiting
	 * @throws ChannelTimeoutException if the page acknowledged nothing for the send timeout; the message was not
	 * sent and the channel stays open
	 */
	void send(T message);

	/**
	 * Sends a message only if that needs no waiting.
	 * @param message the message; {@code byte[]} and {@code ByteBuffer} go as raw bytes
	 * @return {@code false}, with nothing sent, when the page is behind: the channel window is in flight, the
	 * window's send buffer is full, or another thread is sending on this channel
	 * @throws ChannelClosedException if the channel is closed
	 */
	boolean trySend(T message);

	/**
	 * Keeps this channel open after the command that received it completes, so it can stream as a subscription
	 * until {@link #close()} or the window disconnects.
	 * @return this channel
	 */
	Channel<T> keepOpen();

	/**
	 * Closes the channel: the page gets the end marker after every message sent so far, and later sends throw
	 * {@link ChannelClosedException}. Closing again does nothing.
	 */
	void close();

	/**
	 * Whether the channel is closed, by {@link #close()}, the end of its command, or its window disconnecting.
	 * @return whether sends will fail
	 */
	boolean isClosed();

	/**
	 * Runs a callback once the channel is closed (at once if it already is), so a subscription's producer can
	 * stop when the window goes away.
	 * @param callback the callback
	 */
	void onClose(Runnable callback);

}
