package io.taurievents.bench;

import java.nio.ByteBuffer;

/**
 * The messages every scenario sends, identical for the three servers. A JSON message is
 * {@code {"seq":N,"data":"xxx…"}}, padded to the payload size for a six-digit {@code N} (so up to 5 bytes shorter
 * for smaller ones, byte for byte the same whichever stack sends it); a binary message starts with its sequence
 * number as a big-endian {@code long}. The load client checks order and completeness by the sequence numbers.
 */
public final class Payloads {

	/** The event name (tauri) and topic stem (STOMP) the emit scenarios use. */
	public static final String EVENT = "bench";

	/** JSON overhead of {@code {"seq":N,"data":""}} for a sequence number of up to six digits. */
	private static final int JSON_OVERHEAD = 24;

	private Payloads() {
	}

	/**
	 * The padding that makes a JSON message {@code size} bytes long.
	 * @param size the payload size
	 * @return the {@code data} string
	 */
	public static String filler(int size) {
		return "x".repeat(Math.max(0, size - JSON_OVERHEAD));
	}

	/**
	 * A JSON message built by hand, as the raw server and the load client do.
	 * @param seq the sequence number
	 * @param filler the padding from {@link #filler(int)}
	 * @return the JSON text
	 */
	public static String json(long seq, String filler) {
		return new StringBuilder(filler.length() + JSON_OVERHEAD).append("{\"seq\":")
			.append(seq)
			.append(",\"data\":\"")
			.append(filler)
			.append("\"}")
			.toString();
	}

	/**
	 * A binary message.
	 * @param seq the sequence number
	 * @param size the payload size (at least 8)
	 * @return the bytes
	 */
	public static byte[] binary(long seq, int size) {
		byte[] bytes = new byte[Math.max(Long.BYTES, size)];
		ByteBuffer.wrap(bytes).putLong(seq);
		return bytes;
	}

	/**
	 * The message object the servers serialize with the application's {@code JsonMapper}.
	 * @param seq the sequence number
	 * @param data the padding
	 */
	public record Chunk(long seq, String data) {
	}

	/**
	 * A request to stream messages (the channel scenario).
	 * @param count how many messages
	 * @param size the payload size
	 * @param binary whether to send bytes instead of JSON
	 */
	public record StreamRequest(int count, int size, boolean binary) {
	}

}
