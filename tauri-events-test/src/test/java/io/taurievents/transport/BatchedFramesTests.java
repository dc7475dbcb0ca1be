package io.taurievents.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches on a real connection: a window whose page stops reading for a moment (its TCP buffers fill, so the
 * server's write stalls and frames wait in its send buffer) gets what waited as batches within
 * {@code tauri.events.batch-size}, every frame unchanged, numbered and in order; a page that did not announce
 * batching gets the same frames one by one.
 */
@SpringBootTest(classes = TransportTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.instances.mode=single", "tauri.events.batch-size=16KB" })
class BatchedFramesTests {

	/**
	 * The most a loopback connection's kernel buffers hold of what the page has not read: Linux grows a socket's
	 * send buffer up to {@code tcp_wmem}'s maximum (4 MB by default, more on a tuned machine), and the page's
	 * receive buffer is small ({@link RawWindow}). An emitter that goes past it makes frames wait in the server's
	 * send buffer for certain; one that stops at a fixed count is at the mercy of the machine (frames queued
	 * because the writer thread lags behind are written a moment later, and on a machine with larger buffers a
	 * fixed count fits in the kernel).
	 */
	private static final long KERNEL_BYTES = kernelSendBufferMax() + 1024 * 1024;

	@DynamicPropertySource
	static void buffers(DynamicPropertyRegistry registry) {
		// room for everything emitted, so that no window is cut (send buffer) or its session ended (resume buffer)
		String room = (2 * KERNEL_BYTES + 16 * 1024 * 1024) + "B";
		registry.add("tauri.events.send-buffer-size", () -> room);
		registry.add("tauri.events.resume.buffer-size", () -> room);
		registry.add("tauri.events.resume.max-total", () -> (4 * (2 * KERNEL_BYTES + 16 * 1024 * 1024)) + "B");
	}

	private static long kernelSendBufferMax() {
		try {
			String[] wmem = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
			return Long.parseLong(wmem[2]);
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: 8 MB is more than macOS and Windows take by default
			return 8 * 1024 * 1024;
		}
	}

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
	 * Listens, emits more than {@link #KERNEL_BYTES} while the page reads nothing, so that some wait in the server's
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
			// the page reads nothing meanwhile: emitters never wait, so this returns at once. It goes past what the
			// kernel can hold (counted in characters, fewer than the bytes written), so frames wait behind a stalled
			// write whatever the container and the machine
			int events = 0;
			for (long emitted = 0; emitted <= KERNEL_BYTES; emitted += DATA.length()) {
				this.app.emit(event, Map.of("i", events, "data", DATA));
				events++;
			}
			assertThat(queuedBytes(label)).as("bytes waiting behind a stalled write").isPositive();
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

	/** This window's queue alone: the window of a test before may still be draining. */
	private long queuedBytes(String label) {
		return this.stats.windowStats()
			.stream()
			.filter((window) -> window.label().equals(label))
			.mapToLong(TauriEventsStats.WindowStats::queuedBytes)
			.sum();
	}

	private static final class Received {

		int batches;

		int largestBatch;

		int largestFrame;

		int frames;

		int binary;

	}

}
