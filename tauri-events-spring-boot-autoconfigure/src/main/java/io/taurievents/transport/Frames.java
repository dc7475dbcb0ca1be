package io.taurievents.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.EventTarget;
import io.taurievents.event.Emission;

/**
 * Builds the server's frames of {@code docs/protocol.md}. Payloads arrive already serialized and are spliced in
 * as they are, so a payload is never serialized twice.
 */
final class Frames {

	static final int VERSION = 2;

	/** The target of every plain {@code emit}, the most common frame. */
	private static final String ANY_TARGET = "{\"kind\":\"Any\"}";

	private final JsonMapper jsonMapper;

	Frames(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	String welcome(int version, String label, String instanceToken, int channelWindow) {
		return "{\"type\":\"welcome\",\"version\":" + version + ",\"label\":" + quote(label) + ",\"instance\":"
				+ quote(instanceToken) + ",\"channelWindow\":" + channelWindow + "}";
	}

	String event(Emission emission, long[] ids) {
		StringBuilder frame = new StringBuilder(emission.payloadJson().length() + 64);
		frame.append("{\"type\":\"event\",\"event\":").append(quote(emission.event())).append(",\"ids\":[");
		for (int i = 0; i < ids.length; i++) {
			if (i > 0) {
				frame.append(',');
			}
			frame.append(ids[i]);
		}
		return frame.append("],\"payload\":").append(emission.payloadJson()).append('}').toString();
	}

	String event(Emission emission, EventTarget target) {
		String payload = emission.payloadJson();
		return new StringBuilder(payload.length() + 96).append("{\"type\":\"event\",\"event\":")
			.append(quote(emission.event()))
			.append(",\"target\":")
			.append((target instanceof EventTarget.Any) ? ANY_TARGET : this.jsonMapper.writeValueAsString(target))
			.append(",\"payload\":")
			.append(payload)
			.append('}')
			.toString();
	}

	String response(long id, boolean ok, String json) {
		return new StringBuilder(json.length() + 48).append("{\"type\":\"response\",\"id\":")
			.append(id)
			.append(ok ? ",\"ok\":true,\"payload\":" : ",\"ok\":false,\"error\":")
			.append(json)
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
			.append(json)
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
		return quoted.append('"').toString();
	}

	private static ByteBuffer binary(String header, byte[] body) {
		byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
		ByteBuffer frame = ByteBuffer.allocate(4 + headerBytes.length + body.length);
		frame.putInt(headerBytes.length).put(headerBytes).put(body).flip();
		return frame;
	}

}
