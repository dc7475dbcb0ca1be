package io.taurievents.bench.client;

import io.netty.buffer.ByteBuf;

/**
 * How the load client speaks to one server stack. Implementations turn frames into the window's
 * {@code on*} calls and the scenario's requests into frames.
 */
interface Stack {

	/** @return {@code raw}, {@code stomp} or {@code tauri} */
	String name();

	/** @return the path and query to connect a window with this label */
	String path(String label);

	/** The WebSocket handshake completed: complete {@link Window#markReady()} when the stack's own handshake has. */
	void opened(Window window);

	/** Subscribes the window to the benchmark event (its label and broadcasts). */
	void subscribe(Window window);

	/** Subscribes the window to request/reply and stream replies, where the stack needs that. */
	default void prepareRequests(Window window) {
	}

	void onText(Window window, ByteBuf frame);

	void onBinary(Window window, ByteBuf frame);

	/** Sends one echo request whose payload is {@code json} with sequence number {@code seq}. */
	void echo(Window window, long seq, String json);

	/** Asks the server to stream {@code count} messages of {@code size} bytes to this window. */
	void stream(Window window, long channelId, int count, int size, boolean binary);

	/** A streamed message was delivered; {@code next} messages in total so far (flow control acknowledgements). */
	default void streamed(Window window, long next) {
	}

	/** @return whether a stream that delivered every message is complete given end marker and command result */
	default boolean streamComplete(boolean ended, boolean settled) {
		return true;
	}

}
