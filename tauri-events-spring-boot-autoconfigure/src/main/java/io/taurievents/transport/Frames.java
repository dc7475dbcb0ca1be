package io.taurievents.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.EventTarget;
import io.taurievents.event.Emission;

/**
 * Builds the server's frames of {@code docs/protocol.md}. Payloads arrive already serialized and are spliced in
 * as they are, so a payload is never serialized twice.
 * <p>
 * Every frame leaves here as text that encodes to UTF-8: a Java (or JavaScript) string may hold an unpaired
 * surrogate, which JSON writers copy as it is, and which no UTF-8 encoder accepts, so the container would fail
 * the write and close the connection. {@link #wire(String)} writes such a character as its JSON escape
 * (a backslash, {@code u} and four hex digits), which {@code JSON.parse} turns back into the same string.
 */
final class Frames {

	static final int VERSION = 2;

	/** The sequence number of a frame that goes unnumbered (a session without resume). */
	static final long NO_SEQ = -1;

	/** Recent UTF-8 encodings of frames, by identity: see {@link #utf8}. */
	private static final int ENCODED_SLOTS = 16;

	/** Below this, encoding again costs less than looking up. */
	private static final int ENCODED_MIN_CHARS = 256;

	private static final int ENCODED_MAX_CHARS = 128 * 1024;

	private static final AtomicReferenceArray<@Nullable Encoded> ENCODED = new AtomicReferenceArray<>(ENCODED_SLOTS);


	/** The target of every plain {@code emit}, the most common frame. */
	private static final String ANY_TARGET = "{\"kind\":\"Any\"}";

	private static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";

	private final JsonMapper jsonMapper;

	Frames(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	String welcome(int version, String label, String instanceToken, int channelWindow) {
		return "{\"type\":\"welcome\",\"version\":" + version + ",\"label\":" + quote(label) + ",\"instance\":"
				+ quote(instanceToken) + ",\"channelWindow\":" + channelWindow + "}";
	}

	/**
	 * The welcome of a resumable session (protocol version 2 with resume enabled).
	 * @param reason why an attempted resume failed, or {@code null}
	 */
	String welcome(String label, String instanceToken, int channelWindow, String session, long heartbeatMillis,
			boolean resumed, long seq, long received, @Nullable String reason) {
		return "{\"type\":\"welcome\",\"version\":" + VERSION + ",\"label\":" + quote(label) + ",\"instance\":"
				+ quote(instanceToken) + ",\"channelWindow\":" + channelWindow + ",\"session\":" + quote(session)
				+ ",\"heartbeat\":" + heartbeatMillis + ",\"resumed\":" + resumed + ",\"seq\":" + seq
				+ ",\"received\":" + received + ((reason != null) ? ",\"reason\":" + quote(reason) : "") + "}";
	}

	String heartbeat() {
		return HEARTBEAT;
	}

	/**
	 * A frame with its sequence number as first member: frames are stored without it (one copy however many windows
	 * hold a shared frame) and get it on their way out.
	 * @param frame a text ({@code String}) or binary ({@code ByteBuffer}) frame, left unchanged
	 * @param seq the sequence number
	 * @return the frame to write
	 */
	static Object withSeq(Object frame, long seq) {
		if (frame instanceof String text) {
			// every frame starts with '{"type"': the seq goes in front of it. Two array copies: JDK 17 appends a
			// part of a string to a builder char by char, which cost more than the rest of the write path together
			return seqPrefix(seq).concat(text.substring(1));
		}
		ByteBuffer source = ((ByteBuffer) frame).duplicate();
		int headerLength = source.getInt();
		byte[] prefix = seqPrefix(seq).getBytes(StandardCharsets.US_ASCII);
		ByteBuffer result = ByteBuffer.allocate(source.remaining() + 4 + prefix.length - 1);
		result.putInt(headerLength + prefix.length - 1).put(prefix);
		source.position(source.position() + 1);
		return result.put(source).flip();
	}

	/**
	 * A text frame with its sequence number as first member, as UTF-8 for a binary frame: the frame's own bytes
	 * are shared by every window it goes to (see {@link #utf8}), so this is one array copy.
	 * @param frame a text frame as stored (without a seq)
	 * @param seq the sequence number
	 * @return the bytes to write
	 */
	static ByteBuffer utf8WithSeq(String frame, long seq) {
		byte[] body = utf8(frame);
		byte[] prefix = seqPrefix(seq).getBytes(StandardCharsets.US_ASCII);
		byte[] numbered = new byte[prefix.length + body.length - 1];
		System.arraycopy(prefix, 0, numbered, 0, prefix.length);
		System.arraycopy(body, 1, numbered, prefix.length, body.length - 1);
		return ByteBuffer.wrap(numbered);
	}

	/**
	 * A text frame as UTF-8. The frames of one emission are written to many windows one after the other, so the
	 * last few encodings are kept by identity: a fan-out encodes its frame once, not once per window. Bounded:
	 * {@value #ENCODED_SLOTS} entries of at most {@value #ENCODED_MAX_CHARS} characters, never more.
	 * @param frame a text frame (every frame from here encodes to UTF-8, see {@link #wire})
	 * @return its bytes, shared: never to be changed
	 */
	static byte[] utf8(String frame) {
		if (frame.length() < ENCODED_MIN_CHARS || frame.length() > ENCODED_MAX_CHARS) {
			return frame.getBytes(StandardCharsets.UTF_8);
		}
		int slot = System.identityHashCode(frame) & (ENCODED_SLOTS - 1);
		Encoded encoded = ENCODED.get(slot);
		if (encoded != null && encoded.frame() == frame) {
			return encoded.utf8();
		}
		byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
		ENCODED.set(slot, new Encoded(frame, utf8));
		return utf8;
	}

	private record Encoded(String frame, byte[] utf8) {
	}

	/** What goes in front of a frame's members when it is numbered, in place of its opening brace. */
	private static String seqPrefix(long seq) {
		return "{\"seq\":" + seq + ",";
	}

	/**
	 * The characters a text frame takes on the wire.
	 * @param frame the frame as stored
	 * @param seq its sequence number, or {@link #NO_SEQ} when it goes unnumbered
	 * @return its length with the seq, if any
	 */
	static int wireLength(String frame, long seq) {
		if (seq == NO_SEQ) {
			return frame.length();
		}
		int digits = 1;
		for (long rest = seq / 10; rest > 0; rest /= 10) {
			digits++;
		}
		return frame.length() + 7 + digits;
	}

	/**
	 * Text frames joined into one batch frame, for a page that announced {@code batch}: a JSON array of the frames,
	 * in order, each unchanged (with its seq). A page splits it with one {@code JSON.parse}.
	 */
	static final class Batch {

		private final StringBuilder text;

		private final int limit;

		/**
		 * Starts a batch with a frame that gets its sequence number on the way in.
		 * @param first its first frame, as stored (without a seq)
		 * @param seq the frame's sequence number, or {@link #NO_SEQ} to add it unnumbered
		 * @param limit the most characters it may hold
		 */
		Batch(String first, long seq, int limit) {
			this.limit = limit;
			this.text = new StringBuilder(Math.min(limit, first.length() * 8) + 32).append('[');
			append(first, seq);
		}

		/**
		 * Whether a frame still fits once numbered.
		 * @param frame a text frame, as stored
		 * @param seq its sequence number, or {@link #NO_SEQ} when it goes unnumbered
		 * @return whether the batch stays within its limit with it
		 */
		boolean fits(String frame, long seq) {
			return this.text.length() + wireLength(frame, seq) + 2 <= this.limit;
		}

		/**
		 * Adds a frame, numbering it on the way in: one copy of it, into the batch.
		 * @param frame a text frame, as stored
		 * @param seq its sequence number, or {@link #NO_SEQ} to add it unnumbered
		 */
		void add(String frame, long seq) {
			append(this.text.append(','), frame, seq);
		}

		private void append(String frame, long seq) {
			append(this.text, frame, seq);
		}

		private static void append(StringBuilder text, String frame, long seq) {
			int at = text.length();
			text.append(frame);
			if (seq != NO_SEQ) {
				// a whole string is appended as one array copy; the brace is then replaced by the seq in place
				text.replace(at, at + 1, seqPrefix(seq));
			}
		}

		/**
		 * Ends the batch.
		 * @return the batch frame
		 */
		String end() {
			return this.text.append(']').toString();
		}

	}

	String event(Emission emission, long[] ids) {
		// the payload is prepared once per emission, whatever the number of windows
		String payload = emission.wirePayload();
		if (payload == null) {
			payload = wire(emission.payloadJson());
			emission.wirePayload(payload);
		}
		StringBuilder frame = new StringBuilder(payload.length() + 64);
		frame.append("{\"type\":\"event\",\"event\":").append(quote(emission.event())).append(",\"ids\":[");
		for (int i = 0; i < ids.length; i++) {
			if (i > 0) {
				frame.append(',');
			}
			frame.append(ids[i]);
		}
		return frame.append("],\"payload\":").append(payload).append('}').toString();
	}

	String event(Emission emission, EventTarget target) {
		String payload = emission.payloadJson();
		// built once per emission and shared by every window, so this is one pass per emission
		return wire(new StringBuilder(payload.length() + 96).append("{\"type\":\"event\",\"event\":")
			.append(quote(emission.event()))
			.append(",\"target\":")
			.append((target instanceof EventTarget.Any) ? ANY_TARGET : this.jsonMapper.writeValueAsString(target))
			.append(",\"payload\":")
			.append(payload)
			.append('}')
			.toString());
	}

	String response(long id, boolean ok, String json) {
		return new StringBuilder(json.length() + 48).append("{\"type\":\"response\",\"id\":")
			.append(id)
			.append(ok ? ",\"ok\":true,\"payload\":" : ",\"ok\":false,\"error\":")
			.append(wire(json))
			.append('}')
			.toString();
	}

	ByteBuffer binaryResponse(long id, byte[] body) {
		return binary("{\"type\":\"response\",\"id\":" + id + ",\"ok\":true}", body);
	}

	String channelMessage(long channel, long index, String json) {
		return new StringBuilder(json.length() + 64).append("{\"type\":\"channel\",\"channel\":")
			.append(channel)
			.append(",\"index\":")
			.append(index)
			.append(",\"message\":")
			.append(wire(json))
			.append('}')
			.toString();
	}

	ByteBuffer binaryChannelMessage(long channel, long index, byte[] body) {
		return binary("{\"type\":\"channel\",\"channel\":" + channel + ",\"index\":" + index + "}", body);
	}

	String channelEnd(long channel, long index) {
		return "{\"type\":\"channel\",\"channel\":" + channel + ",\"index\":" + index + ",\"end\":true}";
	}

	String eval(String script) {
		return "{\"type\":\"eval\",\"script\":" + quote(script) + "}";
	}

	String error(String code, String message) {
		return "{\"type\":\"error\",\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}";
	}

	static String quote(String value) {
		StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
		JsonStringEncoder.getInstance().quoteAsString(value, quoted);
		return wire(quoted.append('"').toString());
	}

	/**
	 * Escapes every unpaired surrogate of a JSON text, so that it encodes to UTF-8. Surrogates only occur inside
	 * JSON strings (everything else is ASCII), where the escape means the same character.
	 * @param json JSON text
	 * @return the same text when it has no unpaired surrogate (the common case: one scan, no copy)
	 */
	static String wire(String json) {
		int length = json.length();
		int i = 0;
		while (i < length) {
			char c = json.charAt(i);
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(json.charAt(i + 1))) {
					i += 2;
					continue;
				}
				return escapeFrom(json, i);
			}
			i++;
		}
		return json;
	}

	private static String escapeFrom(String json, int start) {
		int length = json.length();
		StringBuilder escaped = new StringBuilder(length + 16).append(json, 0, start);
		int i = start;
		while (i < length) {
			char c = json.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(json.charAt(i + 1))) {
				escaped.append(c).append(json.charAt(i + 1));
				i += 2;
				continue;
			}
			if (Character.isSurrogate(c)) {
				escaped.append("\\u").append(Integer.toHexString(c));
			}
			else {
				escaped.append(c);
			}
			i++;
		}
		return escaped.toString();
	}

	private static ByteBuffer binary(String header, byte[] body) {
		byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
		ByteBuffer frame = ByteBuffer.allocate(4 + headerBytes.length + body.length);
		frame.putInt(headerBytes.length).put(headerBytes).put(body).flip();
		return frame;
	}

}
