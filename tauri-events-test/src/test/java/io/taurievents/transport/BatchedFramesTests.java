package io.taurievents.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.test.RawWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches on a real connection: a window whose page stops reading for a moment (its TCP buffers fill, so the
 * server's write stalls and frames wait in its send buffer) gets what waited as batches within
 * {@code tauri.events.batch-size}, every frame unchanged, numbered and in order; a page that did not announce
 * batching gets the same frames one by one.
 */
@SpringBootTest(classes = TransportTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.instances.mode=single", "tauri.events.send-buffer-size=16MB",
				"tauri.events.resume.buffer-size=16MB", "tauri.events.batch-size=16KB" })
class BatchedFramesTests {

	private static final int EVENTS = 2_000;

	/** Stays within the 16MB send buffer (a window past it is cut). */
	private static final int MAX_EVENTS = 12_000;

	/** Beyond ASCII, so that an encoding mistake shows: two-, three- and four-byte UTF-8 sequences. */
	private static final String DATA = "x".repeat(1000) + "é€😀";

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	AppHandle app;

	@Autowired
	TauriEventsStats stats;

	@Test
	void whatWaitsForABusyConnectionGoesAsBatchesOfUnchangedNumberedFrames() throws IOException {
		Received received = receive("batching", "{\"type\":\"hello\",\"batch\":true}");
		assertThat(received.batches).as("frames waited behind a stalled write").isPositive();
		assertThat(received.largestFrame).as("tauri.events.batch-size").isLessThanOrEqualTo(16 * 1024);
		assertThat(received.largestBatch).as("frames in one batch").isGreaterThan(1);
	}

	@Test
	void aPageThatReadsUtf8GetsTheSameFramesAsUtf8InBinaryFrames() throws IOException {
		Received received = receive("utf8", "{\"type\":\"hello\",\"batch\":true,\"utf8\":true}");
		assertThat(received.batches).as("frames waited behind a stalled write").isPositive();
		assertThat(received.binary).as("every frame binary").isEqualTo(received.frames);
	}

	@Test
	void aPageThatDoesNotAnnounceBatchingGetsEveryFrameAlone() throws IOException {
		Received received = receive("single-v2", "{\"type\":\"hello\"}");
		assertThat(received.batches).isZero();
	}

	@Test
	void aVersion1PageGetsEveryFrameAlone() throws IOException {
		Received received = receive("single-v1", null);
		assertThat(received.batches).isZero();
	}

	/**
	 * Listens, emits at least {@link #EVENTS} events while the page reads nothing, until some wait in the server's
	 * send buffer, then reads them all, checking seq order and payload order.
	 */
	private Received receive(String label, @Nullable String hello) throws IOException {
		String event = "tick-" + label;
		Received received = new Received();
		try (RawWindow window = RawWindow.connect(this.port, label, hello)) {
			JsonNode listening = window.invoke(1, "plugin:event|listen",
					"{\"event\":\"" + event + "\",\"target\":{\"kind\":\"Any\"},\"handler\":1}");
			assertThat(listening.path("ok").asBoolean()).isTrue();
			long lastSeq = listening.path("seq").asLong(0);
			// the page reads nothing meanwhile: emitters never wait, so this returns at once. It goes on until frames
			// wait behind a stalled write: how much the TCP buffers take first depends on the system (Linux grows a
			// loopback socket's send buffer to megabytes), and a container that completes a write the kernel took at
			// once (Jetty) queues nothing before they are full
			int events = 0;
			while (events < EVENTS || (this.stats.queuedBytes() < 64 * 1024 && events < MAX_EVENTS)) {
				this.app.emit(event, Map.of("i", events, "data", DATA));
				events++;
			}
			assertThat(this.stats.queuedBytes()).as("bytes waiting behind a stalled write").isPositive();
			int next = 0;
			while (next < events) {
				RawWindow.Frame frame = window.next();
				boolean utf8 = hello != null && hello.contains("utf8");
				assertThat(frame.opcode()).as(utf8 ? "UTF-8 binary frame" : "text frame").isEqualTo(utf8 ? 2 : 1);
				received.frames++;
				if (frame.opcode() == 2) {
					received.binary++;
					assertThat(frame.payload()[0]).as("a frame or a batch, no channel header").isIn((byte) '{', (byte) '[');
				}
				received.largestFrame = Math.max(received.largestFrame, frame.text().length());
				JsonNode node = json.readTree(frame.text());
				List<JsonNode> frames = new ArrayList<>();
				if (node.isArray()) {
					received.batches++;
					received.largestBatch = Math.max(received.largestBatch, node.size());
					node.forEach(frames::add);
				}
				else {
					frames.add(node);
				}
				for (JsonNode inner : frames) {
					if (hello != null && inner.has("seq")) {
						assertThat(inner.path("seq").asLong()).as("seq order").isEqualTo(lastSeq + 1);
						lastSeq++;
						assertThat(inner.propertyNames().iterator().next()).as("seq comes first").isEqualTo("seq");
					}
					if (event.equals(inner.path("event").asString(null))) {
						assertThat(inner.path("payload").path("i").asInt()).as("event order").isEqualTo(next);
						assertThat(inner.path("payload").path("data").asString()).isEqualTo(DATA);
						next++;
					}
				}
			}
		}
		return received;
	}

	private static final class Received {

		int batches;

		int largestBatch;

		int largestFrame;

		int frames;

		int binary;

	}

}
