package io.taurievents.transport;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.TauriEventListener;
import io.taurievents.ipc.Channel;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several connections send thousands of generated malformed frames while a witness window receives a steady event
 * stream and invokes commands: the server stays up, the witness loses nothing, every invoke settles, fuzzing
 * connections are closed only where the protocol says so, nothing is logged as an ERROR and the heap stays
 * bounded. The seed is printed; {@code -Dfuzz.seed=...} replays a run.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ProtocolFuzzTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.max-frame-size=64KB", "tauri.events.max-listeners-per-window=500",
				"tauri.events.send-time-limit=5s" })
class ProtocolFuzzTests {

	private static final int CONNECTIONS = 4;

	private static final int FRAMES_PER_CONNECTION = 2_600;

	/** Frames between two round trips, so a fuzzer never runs far ahead of the server. */
	private static final int SYNC_EVERY = 50;

	/** The only close codes a fuzzing connection may get: too big (1009) and invalid UTF-8 text (1007). */
	private static final Set<Integer> ALLOWED_CLOSES = Set.of(1009, 1007);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final java.util.regex.Pattern LONE_SURROGATE = java.util.regex.Pattern
		.compile("[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]");

	@LocalServerPort
	int port;

	@Autowired
	AppHandle app;

	private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();

	private final Map<Integer, AtomicInteger> closes = new ConcurrentHashMap<>();

	@Test
	void malformedFramesHurtNoOneElse(CapturedOutput output) throws Exception {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		System.out.println("ProtocolFuzzTests seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
		long heapBefore = usedHeap();
		TestWindow witness = TestWindow.connect(this.port, "witness");
		witness.listen("witness", Map.of("kind", "Any"));
		AtomicBoolean fuzzing = new AtomicBoolean(true);
		AtomicLong emitted = new AtomicLong();
		Thread stream = new Thread(() -> {
			while (fuzzing.get()) {
				this.app.emit("witness", Map.of("seq", emitted.getAndIncrement()));
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			}
		});
		stream.start();
		List<Thread> fuzzers = new ArrayList<>();
		List<Fuzzer> clients = new ArrayList<>();
		List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		for (int i = 0; i < CONNECTIONS; i++) {
			Fuzzer fuzzer = new Fuzzer("fuzz-" + i, new Random(seed + i));
			clients.add(fuzzer);
			Thread thread = new Thread(fuzzer::run, "fuzzer-" + i);
			thread.setUncaughtExceptionHandler((t, ex) -> failures.add(ex));
			fuzzers.add(thread);
			thread.start();
		}
		int invokes = 0;
		long heapEarly = -1;
		while (fuzzers.stream().anyMatch(Thread::isAlive)) {
			if (heapEarly < 0 && this.sent.values().stream().mapToInt(AtomicInteger::get).sum() > 4_000) {
				// once every connection is busy: what grows after this would grow with the number of frames
				heapEarly = usedHeap();
			}
			JsonNode echo = witness.invoke("echo", Map.of("value", "witness-" + invokes));
			assertThat(echo.path("payload").asString()).as("witness echo %s", echo).isEqualTo("witness-" + invokes);
			invokes++;
			// a well-behaved page: on an idle machine this loop alone would pass the window's own
			// invokes-per-second limit (1000) and be rejected as too fast, which is not what this test is about
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}
		fuzzing.set(false);
		stream.join();
		assertThat(failures).isEmpty();
		long total = emitted.get();
		await().atMost(Duration.ofSeconds(30)).until(() -> witness.events().size() >= total);
		List<JsonNode> events = witness.events();
		for (int i = 0; i < total; i++) {
			assertThat(events.get(i).get("payload").get("seq").asLong()).as("witness event %d", i).isEqualTo(i);
		}
		assertThat(witness.isOpen()).isTrue();
		witness.close();
		long heapAfter = usedHeap();

		Map<String, Long> received = new TreeMap<>();
		clients.forEach((client) -> client.received.forEach((type, count) -> received.merge(type, count.get(), Long::sum)));
		int frames = this.sent.values().stream().mapToInt(AtomicInteger::get).sum();
		System.out.println("ProtocolFuzzTests frames sent by category: " + new TreeMap<>(this.sent));
		System.out.println("ProtocolFuzzTests " + frames + " frames; frames received by type: " + received
				+ "; closes by code: " + this.closes);
		System.out.println("ProtocolFuzzTests witness: " + total + " events in order, " + invokes
				+ " invokes settled; used heap " + (heapBefore >> 20) + " MB before, " + (heapEarly >> 20)
				+ " MB after 4,000 frames, " + (heapAfter >> 20) + " MB at the end");
		assertThat(frames).isGreaterThanOrEqualTo(10_000);
		assertThat(this.closes.keySet()).isSubsetOf(ALLOWED_CLOSES);
		assertThat(output.getAll().lines().filter((line) -> line.contains(" ERROR ")).toList()).isEmpty();
		assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(128L * 1024 * 1024);
		assertThat(heapAfter - heapEarly).as("heap growth after 4,000 frames").isLessThan(48L * 1024 * 1024);
		assertThat(received.getOrDefault("response", 0L)).isPositive();
		assertThat(received.getOrDefault("error", 0L)).isPositive();
	}

	private static long usedHeap() {
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		return runtime.totalMemory() - runtime.freeMemory();
	}

	/** One fuzzing connection; reconnects when the server closes it for a reason the protocol gives. */
	final class Fuzzer extends AbstractWebSocketHandler {

		final Map<String, AtomicLong> received = new ConcurrentHashMap<>();

		private final String label;

		private final Random random;

		private final Set<Long> responses = ConcurrentHashMap.newKeySet();

		private volatile WebSocketSession session;

		private volatile CloseStatus closed;

		private long syncId = 1L << 50;

		Fuzzer(String label, Random random) {
			this.label = label;
			this.random = random;
		}

		void run() {
			try {
				connect();
				for (int i = 1; i <= FRAMES_PER_CONNECTION; i++) {
					Category category = CATEGORIES.get(this.random.nextInt(CATEGORIES.size()));
					for (Object frame : category.generator().apply(this.random)) {
						send(frame);
						ProtocolFuzzTests.this.sent.computeIfAbsent(category.name(), (key) -> new AtomicInteger())
							.incrementAndGet();
					}
					if (i % SYNC_EVERY == 0 || this.closed != null) {
						sync();
					}
				}
				sync();
				this.session.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		private void connect() throws Exception {
			this.closed = null;
			this.session = new StandardWebSocketClient()
				.execute(this, new WebSocketHttpHeaders(),
						URI.create("ws://localhost:" + ProtocolFuzzTests.this.port + "/tauri?label=" + this.label))
				.get(10, TimeUnit.SECONDS);
			this.session.setTextMessageSizeLimit(1024 * 1024);
			this.session.setBinaryMessageSizeLimit(1024 * 1024);
		}

		private void send(Object frame) throws Exception {
			if (this.closed != null) {
				return;
			}
			try {
				// a WebSocket text frame is UTF-8: cut pairs become '?' (escaped surrogates are fuzzed as such)
				this.session.sendMessage((frame instanceof String text) ? new TextMessage(LONE_SURROGATE.matcher(text).replaceAll("?"))
						: new BinaryMessage((byte[]) frame));
			}
			catch (Exception ex) {
				// closed by the server meanwhile: sync() reconnects and checks why
				await().atMost(Duration.ofSeconds(10)).until(() -> this.closed != null);
			}
		}

		/** A round trip: the server has handled everything sent so far. */
		private void sync() throws Exception {
			if (this.closed != null) {
				ProtocolFuzzTests.this.closes.computeIfAbsent(this.closed.getCode(), (key) -> new AtomicInteger())
					.incrementAndGet();
				connect();
			}
			long id = this.syncId++;
			// the server may have closed the connection for the frames just sent before this side has seen the
			// close: send() then waits for it, and the round trip is retried on a new connection
			send("{\"type\":\"invoke\",\"id\":" + id + ",\"cmd\":\"echo\",\"args\":{\"value\":\"sync\"}}");
			await().atMost(Duration.ofSeconds(20)).until(() -> this.responses.contains(id) || this.closed != null);
			if (!this.responses.contains(id)) {
				sync();
			}
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			JsonNode frame = json.readTree(message.getPayload());
			String type = frame.path("type").asString();
			this.received.computeIfAbsent(type, (key) -> new AtomicLong()).incrementAndGet();
			if ("response".equals(type) && frame.path("id").canConvertToLong()) {
				this.responses.add(frame.path("id").asLong());
			}
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
			this.received.computeIfAbsent("binary", (key) -> new AtomicLong()).incrementAndGet();
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			if (session == this.session) {
				this.closed = status;
			}
		}

	}

	record Category(String name, Function<Random, List<Object>> generator) {
	}

	private static final String[] COMMANDS = { "plugin:event|listen", "plugin:event|unlisten", "plugin:event|emit",
			"plugin:event|emit_to", "echo", "ticks", "nope", "plugin:event|nope", "plugin:x|listen", "" };

	private static final String[] BAD_NAMES = { "player.state", "a b", "", "é.x", "\\ud800", "x\\udc00y",
			"\\ud83d\\ude00", "tauri://", "../..", "a\\u0000b", "<script>", "名前", "x".repeat(300) };

	private static final String[] ODD_VALUES = { "null", "true", "false", "0", "-1", "1.5", "-0", "1e400",
			"123456789012345678901234567890", "-9223372036854775809", "9223372036854775807", "\"\"", "\"x\"", "[]",
			"{}", "[1,2,3]", "{\"a\":{\"b\":1}}", "\"\\ud800\"", "\"\\udfff\\ud800\"", "NaN", "1e-400" };

	static final List<Category> CATEGORIES = List.of(new Category("invalid-json", ProtocolFuzzTests::invalidJson),
			new Category("unpaired-surrogates", ProtocolFuzzTests::surrogates),
			new Category("wrong-types", ProtocolFuzzTests::wrongTypes),
			new Category("huge-numbers", ProtocolFuzzTests::hugeNumbers),
			new Category("huge-strings", ProtocolFuzzTests::hugeStrings),
			new Category("deep-nesting", ProtocolFuzzTests::deepNesting),
			new Category("bad-binary", ProtocolFuzzTests::badBinary),
			new Category("unknown-commands-and-types", ProtocolFuzzTests::unknown),
			new Category("invalid-names-labels-targets", ProtocolFuzzTests::invalidNames),
			new Category("channel-values", ProtocolFuzzTests::channelValues),
			new Category("duplicate-ids", ProtocolFuzzTests::duplicateIds),
			new Category("payload-mismatch", ProtocolFuzzTests::payloadMismatch),
			new Category("flood", ProtocolFuzzTests::flood));

	private static String pick(Random random, String... values) {
		return values[random.nextInt(values.length)];
	}

	private static String invoke(long id, String cmd, String args) {
		return "{\"type\":\"invoke\",\"id\":" + id + ",\"cmd\":\"" + cmd + "\",\"args\":" + args + "}";
	}

	private static List<Object> invalidJson(Random random) {
		String valid = invoke(random.nextInt(1000), pick(random, COMMANDS),
				"{\"event\":\"e\",\"payload\":{\"x\":[1,2,\"\ud83d\ude00\"]}}");
		return List.of(switch (random.nextInt(6)) {
			case 0 -> valid.substring(0, random.nextInt(valid.length()));
			case 1 -> valid.substring(random.nextInt(valid.length()));
			case 2 -> pick(random, "{", "}", "", " ", "{\"type\":", "{type:\"invoke\"}", "{\"a\":1,}", "'x'",
					"{\"a\":\ud83d\ude00}", "{\ud83d\ude00:1}", "\ud83d\ude00", "[", "nul", "{\"type\":\"invoke\"}}",
					"{\"type\":\"invoke\",\"id\":1,\"id\":2}", "\u0000", "{\"a\":\"\u0001\"}");
			case 3 -> valid.replace(pick(random, "\"", ":", ",", "{", "}"), "");
			case 4 -> {
				char[] chars = valid.toCharArray();
				for (int i = 0; i < 3; i++) {
					chars[random.nextInt(chars.length)] = (char) (0x20 + random.nextInt(0x3000));
				}
				yield new String(chars).replaceAll("[\ud800-\udfff]", "?");
			}
			default -> valid + pick(random, "x", "{}", ",", "]", "\"");
		});
	}

	private static List<Object> surrogates(Random random) {
		String lone = pick(random, "\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\udc00\\ud800", "\\ud83d",
				"\\ud83d\\ude00\\ud83d");
		return List.of(switch (random.nextInt(5)) {
			case 0 -> invoke(random.nextInt(1000), "plugin:event|emit",
					"{\"event\":\"fuzz-" + random.nextInt(5) + "\",\"payload\":\"a" + lone + "b\"}");
			case 1 -> invoke(random.nextInt(1000), "nope" + lone, "{}");
			case 2 -> invoke(random.nextInt(1000), "plugin:event|listen",
					"{\"event\":\"e" + lone + "\",\"target\":{\"kind\":\"Any\"}}");
			case 3 -> invoke(random.nextInt(1000), "plugin:event|emit_to",
					"{\"event\":\"fuzz-1\",\"target\":\"m" + lone + "\",\"payload\":1}");
			default -> invoke(random.nextInt(1000), "echo", "{\"value\":\"" + lone + "\"}");
		});
	}

	private static List<Object> wrongTypes(Random random) {
		String odd = pick(random, ODD_VALUES);
		return List.of(switch (random.nextInt(9)) {
			case 0 -> "{\"type\":" + odd + ",\"id\":1}";
			case 1 -> "{\"type\":\"invoke\",\"id\":" + odd + ",\"cmd\":\"echo\",\"args\":{\"value\":\"x\"}}";
			case 2 -> "{\"type\":\"invoke\",\"id\":3,\"cmd\":" + odd + "}";
			case 3 -> "{\"type\":\"invoke\",\"id\":4,\"cmd\":\"" + pick(random, COMMANDS) + "\",\"args\":" + odd + "}";
			case 4 -> invoke(5, pick(random, COMMANDS), "{\"event\":" + odd + ",\"target\":" + pick(random, ODD_VALUES)
					+ ",\"eventId\":" + pick(random, ODD_VALUES) + ",\"payload\":" + odd + "}");
			case 5 -> "{\"type\":\"invoke\",\"id\":6,\"cmd\":\"echo\",\"args\":{\"value\":\"x\"},\"headers\":" + odd + "}";
			case 6 -> "{\"type\":\"ack\",\"channel\":" + odd + ",\"next\":" + pick(random, ODD_VALUES) + "}";
			case 7 -> invoke(8, "echo", "{\"value\":" + odd + "}");
			default -> invoke(9, "ticks", "{\"count\":" + odd + ",\"onEvent\":\"__CHANNEL__:" + random.nextInt(50) + "\"}");
		});
	}

	private static List<Object> hugeNumbers(Random random) {
		String number = pick(random, "1" + "0".repeat(400), "-" + "9".repeat(100), "1e999999999", "0." + "0".repeat(500) + "1",
				"18446744073709551616", "4294967296", "1.7976931348623157E309", "-1e-999999");
		return List.of(switch (random.nextInt(4)) {
			case 0 -> "{\"type\":\"invoke\",\"id\":" + number + ",\"cmd\":\"echo\",\"args\":{\"value\":\"x\"}}";
			case 1 -> "{\"type\":\"ack\",\"channel\":" + number + ",\"next\":" + number + "}";
			case 2 -> invoke(11, "plugin:event|unlisten", "{\"event\":\"e\",\"eventId\":" + number + "}");
			default -> invoke(12, "ticks", "{\"count\":" + number + ",\"onEvent\":\"__CHANNEL__:" + number + "\"}");
		});
	}

	private static List<Object> hugeStrings(Random random) {
		// mostly just under max-frame-size (64 KB), rarely over it (the protocol closes with 1009)
		int size = (random.nextInt(40) == 0) ? 70_000 : 1_000 + random.nextInt(60_000);
		String big = "ab\u00e9\ud83d\ude00".repeat(size / 5);
		return List.of(switch (random.nextInt(4)) {
			case 0 -> invoke(13, "plugin:event|emit", "{\"event\":\"fuzz-2\",\"payload\":\"" + big + "\"}");
			case 1 -> invoke(14, big.substring(0, Math.min(big.length(), 20_000)), "{}");
			case 2 -> invoke(15, "plugin:event|listen", "{\"event\":\"" + big + "\",\"target\":{\"kind\":\"Any\"}}");
			default -> "{\"type\":\"" + big + "\"}";
		});
	}

	private static List<Object> deepNesting(Random random) {
		int depth = 50 + random.nextInt(5_000);
		boolean arrays = random.nextBoolean();
		String nested = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
		return List.of(switch (random.nextInt(3)) {
			case 0 -> invoke(16, "plugin:event|emit", "{\"event\":\"fuzz-3\",\"payload\":" + nested + "}");
			case 1 -> invoke(17, "echo", "{\"value\":" + nested + "}");
			default -> nested;
		});
	}

	private static List<Object> badBinary(Random random) {
		byte[] header = invoke(18, pick(random, "echo", "nope", "plugin:event|emit"), "{}").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[random.nextInt(64)];
		random.nextBytes(body);
		byte[] frame = switch (random.nextInt(7)) {
			case 0 -> body;
			case 1 -> ByteBuffer.allocate(4 + body.length).putInt(-1 - random.nextInt(1000)).put(body).array();
			case 2 -> ByteBuffer.allocate(4 + body.length).putInt(body.length + 1 + random.nextInt(1 << 20)).put(body).array();
			case 3 -> {
				byte[] invalid = { (byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF, '{' };
				yield ByteBuffer.allocate(4 + invalid.length + body.length).putInt(invalid.length).put(invalid).put(body).array();
			}
			case 4 -> {
				byte[] notObject = pick(random, ODD_VALUES).getBytes(StandardCharsets.UTF_8);
				yield ByteBuffer.allocate(4 + notObject.length).putInt(notObject.length).put(notObject).array();
			}
			case 5 -> ByteBuffer.allocate(4 + header.length + body.length).putInt(header.length).put(header).put(body).array();
			default -> new byte[random.nextInt(4)];
		};
		return List.of(frame);
	}

	private static List<Object> unknown(Random random) {
		return List.of(switch (random.nextInt(3)) {
			case 0 -> "{\"type\":\"" + pick(random, "subscribe", "event", "response", "welcome", "INVOKE", "", "channel")
					+ "\",\"id\":1}";
			case 1 -> invoke(random.nextInt(1000), "cmd_" + Long.toHexString(random.nextLong()), "{}");
			default -> invoke(random.nextInt(1000), "plugin:" + Long.toHexString(random.nextLong()) + "|listen", "{}");
		});
	}

	private static List<Object> invalidNames(Random random) {
		String name = pick(random, BAD_NAMES);
		return List.of(switch (random.nextInt(4)) {
			case 0 -> invoke(19, pick(random, "plugin:event|listen", "plugin:event|emit", "plugin:event|unlisten"),
					"{\"event\":\"" + name + "\",\"target\":{\"kind\":\"Any\"},\"eventId\":1}");
			case 1 -> invoke(20, "plugin:event|emit_to", "{\"event\":\"fuzz-4\",\"target\":{\"kind\":\""
					+ pick(random, "Any", "App", "Tray", "", "WebviewWindow", "AnyLabel") + "\",\"label\":\"" + name
					+ "\"},\"payload\":1}");
			case 2 -> invoke(21, "plugin:event|emit_to", "{\"event\":\"fuzz-4\",\"target\":\"" + name + "\"}");
			default -> invoke(22, "plugin:event|listen", "{\"event\":\"fuzz-" + random.nextInt(5)
					+ "\",\"target\":{\"kind\":\"Window\",\"label\":" + pick(random, ODD_VALUES) + "}}");
		});
	}

	private static List<Object> channelValues(Random random) {
		String value = pick(random, "\"__CHANNEL__:abc\"", "\"__CHANNEL__:\"", "12", "{}", "\"__CHANNEL__:-1\"",
				"\"__CHANNEL__:1e3\"", "\"__CHANNEL__:99999999999999999999999\"", "\"CHANNEL:1\"", "null",
				"\"__CHANNEL__:" + random.nextInt(20) + "\"", "\"__CHANNEL__:\\ud800\"");
		// two invokes on one channel id at once: the second is rejected while the first uses it
		return List.of(invoke(23, "ticks", "{\"count\":2,\"onEvent\":" + value + "}"),
				invoke(24, "ticks", "{\"count\":2,\"onEvent\":" + value + "}"));
	}

	private static List<Object> duplicateIds(Random random) {
		long id = random.nextInt(3);
		return List.of(invoke(id, "echo", "{\"value\":\"a\"}"), invoke(id, "nope", "{}"),
				invoke(id, "plugin:event|emit", "{\"event\":\"fuzz-0\",\"payload\":1}"));
	}

	private static List<Object> payloadMismatch(Random random) {
		return List.of(invoke(25, "plugin:event|emit",
				"{\"event\":\"typed\",\"payload\":" + pick(random, ODD_VALUES) + "}"));
	}

	private static List<Object> flood(Random random) {
		List<Object> frames = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			frames.add(switch (i % 4) {
				case 0 -> invoke(30 + i, "plugin:event|listen", "{\"event\":\"fuzz-" + (i % 5) + "\",\"target\":{\"kind\":\"Any\"}}");
				case 1 -> invoke(30 + i, "plugin:event|emit", "{\"event\":\"fuzz-" + (i % 5) + "\",\"payload\":" + i + "}");
				case 2 -> invoke(30 + i, "plugin:event|unlisten", "{\"event\":\"fuzz-" + (i % 5) + "\",\"eventId\":" + i + "}");
				default -> "{\"type\":\"ack\",\"channel\":" + i + ",\"next\":" + i + "}";
			});
		}
		return frames;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Commands fuzzCommands() {
			return new Commands();
		}

		static class Commands {

			@TauriCommand
			String echo(String value) {
				return value;
			}

			@TauriCommand
			int ticks(int count, Channel<Integer> onEvent) {
				for (int i = 0; i < Math.min(count, 3); i++) {
					onEvent.send(i);
				}
				return count;
			}

			@TauriEventListener("typed")
			void typed(Point point) {
			}

		}

		record Point(int x, int y) {
		}

	}

}
