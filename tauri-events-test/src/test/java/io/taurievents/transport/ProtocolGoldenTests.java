package io.taurievents.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.EventTarget;
import io.taurievents.event.ListenerRegistryTestAccess;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the wire format: the server's frames equal the golden files byte for byte, and every golden frame appears
 * verbatim in {@code docs/protocol.md}.
 */
class ProtocolGoldenTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final Frames frames = new Frames(this.jsonMapper);

	@Test
	void welcome() throws IOException {
		assertThat(this.frames.welcome(2, "main", "q0ShqMW6Qp9pQh6ZxWcnb1sC", 64)).isEqualTo(golden("welcome"));
	}

	@Test
	void welcomesOfResumableSessions() throws IOException {
		String secret = "Xq3vR9abkP2mN8sT4wY6zC1dF5gH7jL0";
		assertThat(this.frames.welcome("main", "q0ShqMW6Qp9pQh6ZxWcnb1sC", 64, secret, 5000, false, 0, 0, null))
			.isEqualTo(golden("welcome-session"));
		assertThat(this.frames.welcome("main", "q0ShqMW6Qp9pQh6ZxWcnb1sC", 64, secret, 5000, true, 1041, 17, null))
			.isEqualTo(golden("welcome-resumed"));
		assertThat(this.frames.welcome("main", "q0ShqMW6Qp9pQh6ZxWcnb1sC", 64, secret, 5000, false, 0, 0, "expired"))
			.isEqualTo(golden("welcome-not-resumed"));
	}

	@Test
	void sequenceNumbersComeFirstAndHeartbeatsHaveNone() throws IOException {
		String event = this.frames.event(ListenerRegistryTestAccess.emission("download-progress", "42"), EventTarget.any());
		assertThat(Frames.withSeq(event, 7)).isEqualTo(golden("event-seq"));
		assertThat(event).as("the shared frame is not changed").isEqualTo(golden("event-target"));
		assertThat(this.frames.heartbeat()).isEqualTo(golden("heartbeat"));
		ByteBuffer binary = (ByteBuffer) Frames.withSeq(this.frames.binaryChannelMessage(3405691582L, 2, new byte[] { 9 }), 8);
		byte[] header = new byte[binary.getInt()];
		binary.get(header);
		assertThat(new String(header, StandardCharsets.UTF_8))
			.isEqualTo("{\"seq\":8,\"type\":\"channel\",\"channel\":3405691582,\"index\":2}");
		assertThat(binary.remaining()).isEqualTo(1);
		assertThat(binary.get()).isEqualTo((byte) 9);
	}

	@Test
	void aBatchIsAJsonArrayOfUnchangedFramesWithinItsLimit() throws IOException {
		String event = (String) Frames.withSeq(
				this.frames.event(ListenerRegistryTestAccess.emission("download-progress", "42"), EventTarget.any()), 7);
		String response = (String) Frames.withSeq(this.frames.response(1, true, "\"Hello, Ada!\""), 8);
		Frames.Batch batch = new Frames.Batch(event, Frames.NO_SEQ, 1024);
		assertThat(batch.fits(response, Frames.NO_SEQ)).isTrue();
		batch.add(response, Frames.NO_SEQ);
		assertThat(batch.fits(this.frames.heartbeat(), Frames.NO_SEQ)).isTrue();
		batch.add(this.frames.heartbeat(), Frames.NO_SEQ);
		String text = batch.end();
		assertThat(text).isEqualTo(golden("batch"));
		assertThat(this.jsonMapper.readTree(text).isArray()).isTrue();
		Frames.Batch full = new Frames.Batch(event, Frames.NO_SEQ, event.length() + response.length() + 2);
		assertThat(full.fits(response, Frames.NO_SEQ)).as("'[', ',' and ']' count").isFalse();
		assertThat(new Frames.Batch(event, Frames.NO_SEQ, event.length() + response.length() + 3).fits(response, Frames.NO_SEQ)).isTrue();
	}

	@Test
	void framesNumberedOnTheirWayIntoABatchAreTheSameAsNumberedAlone() throws IOException {
		// the queue numbers frames as they are written: straight into a batch, or alone with withSeq
		String event = this.frames.event(ListenerRegistryTestAccess.emission("download-progress", "42"), EventTarget.any());
		String response = this.frames.response(1, true, "\"Hello, Ada!\"");
		Frames.Batch batch = new Frames.Batch(event, 7, 1024);
		assertThat(batch.fits(response, 8)).isTrue();
		batch.add(response, 8);
		batch.add(this.frames.heartbeat(), Frames.NO_SEQ);
		assertThat(batch.end()).isEqualTo(golden("batch"));
		String numbered = (String) Frames.withSeq(response, 1234567);
		assertThat(Frames.wireLength(response, 1234567)).isEqualTo(numbered.length());
		assertThat(Frames.wireLength(response, Frames.NO_SEQ)).isEqualTo(response.length());
		Frames.Batch exact = new Frames.Batch(event, 7, Frames.wireLength(event, 7) + numbered.length() + 3);
		assertThat(exact.fits(response, 1234567)).isTrue();
		assertThat(exact.fits(response, 12345678)).as("one digit more").isFalse();
	}

	@Test
	void responses() throws IOException {
		assertThat(this.frames.response(1, true, "\"Hello, Ada!\"")).isEqualTo(golden("response-ok"));
		assertThat(this.frames.response(2, false, "\"Command nope not found\"")).isEqualTo(golden("response-error"));
	}

	@Test
	void events() throws IOException {
		assertThat(this.frames.event(ListenerRegistryTestAccess.emission("download-progress", "42"), EventTarget.any()))
			.isEqualTo(golden("event-target"));
		assertThat(this.frames.event(ListenerRegistryTestAccess.emission("open-file", "\"/tmp/a.txt\""), new long[] { 7, 9 }))
			.isEqualTo(golden("event-ids"));
	}

	@Test
	void channels() throws IOException {
		assertThat(this.frames.channelMessage(3405691582L, 0, "{\"event\":\"started\",\"data\":{\"url\":\"…\"}}"))
			.isEqualTo(golden("channel-message"));
		assertThat(this.frames.channelEnd(3405691582L, 5)).isEqualTo(golden("channel-end"));
	}

	@Test
	void evalAndError() throws IOException {
		assertThat(this.frames.eval("console.log('hello from Rust')")).isEqualTo(golden("eval"));
		assertThat(this.frames.error("malformed-frame",
				"frame is not valid JSON: Unexpected character ('x' (code 120))"))
			.isEqualTo(golden("error"));
	}

	@Test
	void binaryFramesAreALengthPrefixedJsonHeaderAndTheBody() {
		ByteBuffer frame = this.frames.binaryResponse(4, new byte[] { 1, 2, 3 });
		int headerLength = frame.getInt();
		byte[] header = new byte[headerLength];
		frame.get(header);
		assertThat(new String(header, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"response\",\"id\":4,\"ok\":true}");
		assertThat(frame.remaining()).isEqualTo(3);
		ByteBuffer channel = this.frames.binaryChannelMessage(3405691582L, 2, new byte[0]);
		byte[] channelHeader = new byte[channel.getInt()];
		channel.get(channelHeader);
		assertThat(new String(channelHeader, StandardCharsets.UTF_8))
			.isEqualTo("{\"type\":\"channel\",\"channel\":3405691582,\"index\":2}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "welcome", "response-ok", "response-error", "event-target", "event-ids", "channel-message",
			"channel-end", "eval", "error", "hello", "invoke", "ack", "welcome-session", "welcome-resumed",
			"welcome-not-resumed", "resume", "delivered", "heartbeat", "event-seq", "batch" })
	void everyGoldenFrameIsDocumented(String name) throws IOException {
		String protocol = Files.readString(Path.of("..", "docs", "protocol.md"));
		assertThat(protocol).contains(golden(name));
	}

	@Test
	void clientFramesAreValidJsonObjects() throws IOException {
		assertThat(this.jsonMapper.readTree(golden("invoke")).get("type").asString()).isEqualTo("invoke");
		assertThat(this.jsonMapper.readTree(golden("ack")).get("next").asInt()).isEqualTo(64);
		assertThat(this.jsonMapper.readTree(golden("hello")).get("instance").asString()).hasSize(24);
		assertThat(this.jsonMapper.readTree(golden("hello")).get("batch").asBoolean()).isTrue();
		assertThat(this.jsonMapper.readTree(golden("resume")).get("batch").asBoolean()).isTrue();
		assertThat(this.jsonMapper.readTree(golden("resume")).get("seq").asLong()).isEqualTo(1041);
		assertThat(this.jsonMapper.readTree(golden("delivered")).get("seq").asLong()).isEqualTo(1041);
	}

	private static String golden(String name) throws IOException {
		return new ClassPathResource("protocol/" + name + ".json").getContentAsString(StandardCharsets.UTF_8).strip();
	}


}
