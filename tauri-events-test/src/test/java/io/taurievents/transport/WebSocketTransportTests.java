package io.taurievents.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The transport on a real Tomcat at a random port, with real WebSocket clients as windows.
 */
@SpringBootTest(classes = TransportTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.instances.mode=single", "tauri.events.send-buffer-size=256KB",
				"tauri.events.send-time-limit=2s",
				"tauri.events.max-frame-size=64KB", "tauri.events.eval.enabled=true",
				"tauri.events.max-listeners-per-window=50" })
class WebSocketTransportTests {

	private static final Map<String, String> ANY = Map.of("kind", "Any");

	@LocalServerPort
	int port;

	@Autowired
	AppHandle app;

	@Autowired
	TransportTestApplication.Recorder recorder;

	private final List<TestWindow> windows = new ArrayList<>();

	@AfterEach
	void closeWindows() {
		this.windows.forEach(TestWindow::close);
		await().until(() -> this.app.webviewWindows().isEmpty());
		this.recorder.clicks.clear();
		this.recorder.lifecycle.clear();
	}

	private TestWindow open(String label) {
		TestWindow window = TestWindow.connect(this.port, label);
		this.windows.add(window);
		await().until(() -> this.app.getWebviewWindow(label).isPresent());
		return window;
	}

	/** Sends a sentinel event to everyone and waits for it, so any earlier frame has arrived. */
	private void flush(TestWindow... targets) {
		for (TestWindow window : targets) {
			window.listen("sentinel", ANY);
		}
		this.app.emit("sentinel", "flush");
		for (TestWindow window : targets) {
			window.nextEvent("sentinel");
		}
	}

	@Test
	void welcomeAnnouncesTheLabelAndTheProtocolVersion() {
		TestWindow window = TestWindow.connect(this.port, "main", new WebSocketHttpHeaders(), false);
		this.windows.add(window);
		JsonNode welcome = window.next((frame) -> true);
		assertThat(welcome.path("instance").asString()).matches("[A-Za-z0-9_-]{24}");
		assertThat(welcome.toString()).isEqualTo("{\"type\":\"welcome\",\"version\":1,\"label\":\"main\",\"instance\":"
				+ welcome.get("instance") + ",\"channelWindow\":64}");
	}

	@Test
	void labelDefaultsToMain() {
		this.windows.add(TestWindow.connect(this.port, null));
		await().until(() -> this.app.getWebviewWindow("main").isPresent());
		assertThat(this.app.webviewWindows()).containsOnlyKeys("main");
	}

	@Test
	void pageEmitsReachEveryListeningWindowTheEmitterAndServerListeners() {
		TestWindow main = open("main");
		TestWindow settings = open("settings");
		long mainId = main.listen("click", ANY);
		long settingsId = settings.listen("click", ANY);
		settings.emit("click", Map.of("theMessage", "Tauri is awesome!"));
		JsonNode inMain = main.nextEvent("click");
		assertThat(inMain.get("target").toString()).isEqualTo("{\"kind\":\"Any\"}");
		assertThat(inMain.get("payload").toString()).isEqualTo("{\"theMessage\":\"Tauri is awesome!\"}");
		assertThat(settings.nextEvent("click").get("payload").get("theMessage").asString()).isEqualTo("Tauri is awesome!");
		assertThat(settingsId).isGreaterThan(mainId);
		await().until(() -> this.recorder.clicks.contains("settings:{theMessage=Tauri is awesome!}:click"));
	}

	@Test
	void omittedPayloadsArriveAsNull() {
		TestWindow main = open("main");
		main.listen("ping", ANY);
		main.resolve("plugin:event|emit", Map.of("event", "ping"));
		assertThat(main.nextEvent("ping").get("payload").isNull()).isTrue();
	}

	@Test
	void emitToALabelReachesOnlyThatWindowsTargetedListeners() {
		TestWindow main = open("main");
		TestWindow login = open("login");
		TestWindow settings = open("settings");
		main.listen("login-result", Map.of("kind", "WebviewWindow", "label", "main"));
		login.listen("login-result", Map.of("kind", "WebviewWindow", "label", "login"));
		settings.listen("login-result", "settings");
		this.app.emitTo("login", "login-result", "loggedIn");
		assertThat(login.nextEvent("login-result").get("payload").asString()).isEqualTo("loggedIn");
		flush(main, settings);
		assertThat(main.eventNames()).doesNotContain("login-result");
		assertThat(settings.eventNames()).doesNotContain("login-result");
	}

	@Test
	void pagesEmitToTargetsLikeTheServer() {
		TestWindow main = open("main");
		TestWindow login = open("login");
		login.listen("private", Map.of("kind", "WebviewWindow", "label", "login"));
		main.listen("private", Map.of("kind", "WebviewWindow", "label", "main"));
		main.resolve("plugin:event|emit_to",
				Map.of("target", Map.of("kind", "AnyLabel", "label", "login"), "event", "private", "payload", 1));
		main.resolve("plugin:event|emit_to", Map.of("target", "login", "event", "private", "payload", 2));
		assertThat(login.nextEvent("private").get("payload").asInt()).isEqualTo(1);
		assertThat(login.nextEvent("private").get("payload").asInt()).isEqualTo(2);
		flush(main);
		assertThat(main.eventNames()).doesNotContain("private");
	}

	@Test
	void theDefaultPageListenerHearsEmitsAimedAtOtherWindows() {
		// Tauri's documented surprise (#10182): a plain listen() has the target Any
		TestWindow main = open("main");
		main.listen("test-event", ANY);
		this.app.emitTo("settings", "test-event", Map.of("data", "x"));
		assertThat(main.nextEvent("test-event").get("payload").get("data").asString()).isEqualTo("x");
	}

	@Test
	void emitFilterDeliversToTheChosenListenerIds() {
		TestWindow main = open("main");
		TestWindow viewer = open("file-viewer");
		TestWindow settings = open("settings");
		long mainId = main.listen("open-file", Map.of("kind", "WebviewWindow", "label", "main"));
		long viewerId = viewer.listen("open-file", Map.of("kind", "WebviewWindow", "label", "file-viewer"));
		settings.listen("open-file", Map.of("kind", "WebviewWindow", "label", "settings"));
		this.app.emitFilter("open-file", "/tmp/a.txt", (target) -> target instanceof EventTarget.WebviewWindow w
				&& (w.label().equals("main") || w.label().equals("file-viewer")));
		assertThat(main.nextEvent("open-file").get("ids").toString()).isEqualTo("[" + mainId + "]");
		assertThat(viewer.nextEvent("open-file").get("ids").toString()).isEqualTo("[" + viewerId + "]");
		flush(settings);
		assertThat(settings.eventNames()).doesNotContain("open-file");
	}

	@Test
	void unlistenStopsDeliveryAndIsIdempotent() {
		TestWindow main = open("main");
		long id = main.listen("tick", ANY);
		main.resolve("plugin:event|unlisten", Map.of("event", "tick", "eventId", id));
		main.resolve("plugin:event|unlisten", Map.of("event", "tick", "eventId", id));
		main.resolve("plugin:event|unlisten", Map.of("event", "never", "eventId", 12345));
		this.app.emit("tick", 1);
		flush(main);
		assertThat(main.eventNames()).doesNotContain("tick");
	}

	@Test
	void serverListenersOfAnnotatedMethods() {
		TestWindow main = open("main");
		main.emit("logged-in", "session-token");
		await().until(() -> this.recorder.loggedIn.contains("session-token"));
		this.app.emit("ready", "first");
		main.emit("ready", "second");
		this.app.emit("click", Map.of("x", 1));
		await().until(() -> this.recorder.clicks.contains("server:{x=1}:click"));
		assertThat(this.recorder.readies).containsExactly("\"first\"");
	}

	@Test
	void windowLifecycleEventsReachPagesServerListenersAndSpring() {
		TestWindow main = open("main");
		main.listen("tauri://window-created", ANY);
		main.listen("tauri://destroyed", Map.of("kind", "Window", "label", "settings"));
		List<String> destroyed = new java.util.concurrent.CopyOnWriteArrayList<>();
		long id = this.app.listenAny("tauri://destroyed", (event) -> destroyed.add(event.payload()));
		TestWindow settings = open("settings");
		assertThat(main.nextEvent("tauri://window-created").get("payload").toString()).isEqualTo("{\"label\":\"settings\"}");
		settings.close();
		assertThat(main.nextEvent("tauri://destroyed").get("payload").isNull()).isTrue();
		await().until(() -> destroyed.size() == 1);
		this.app.unlisten(id);
		assertThat(this.recorder.lifecycle).contains("created:main", "created:settings", "destroyed:settings:1000");
	}

	@Test
	void serverListenersOfAWindowAreRemovedWhenItDisconnects() {
		TestWindow settings = open("settings");
		WebviewWindow window = this.app.getWebviewWindow("settings").orElseThrow();
		List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		window.listen("data-update", (event) -> received.add(event.payload()));
		this.app.emitTo("settings", "data-update", 1);
		assertThat(received).containsExactly("1");
		settings.close();
		await().until(() -> !window.isOpen());
		this.app.emitTo("settings", "data-update", 2);
		assertThat(received).containsExactly("1");
	}

	@Test
	void aReloadedPageReplacesTheOldConnection() {
		TestWindow first = open("main");
		WebviewWindow before = this.app.getWebviewWindow("main").orElseThrow();
		TestWindow second = TestWindow.connect(this.port, "main");
		this.windows.add(second);
		CloseStatus status = first.awaitClose();
		assertThat(status.getCode()).isEqualTo(4000);
		assertThat(status.getReason()).contains("main");
		await().until(() -> this.app.getWebviewWindow("main").filter((w) -> w != before).isPresent());
		second.listen("after-reload", ANY);
		this.app.emit("after-reload", true);
		assertThat(second.nextEvent("after-reload").get("payload").asBoolean()).isTrue();
	}

	@Test
	void invalidLabelsAreClosedWithACodeThePageCanSee() {
		TestWindow bad = TestWindow.connect(this.port, "bad label", new WebSocketHttpHeaders(), false);
		this.windows.add(bad);
		CloseStatus status = bad.awaitClose();
		assertThat(status.getCode()).isEqualTo(4002);
		assertThat(status.getReason()).contains("bad label");
		assertThat(this.app.webviewWindows()).isEmpty();
	}

	@Test
	void foreignOriginsAreRefusedAtTheHandshake() {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.setOrigin("http://evil.example");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> new StandardWebSocketClient()
			.execute(new TextWebSocketHandler(), headers, java.net.URI.create("ws://localhost:" + this.port + "/tauri"))
			.get(10, TimeUnit.SECONDS));
	}

	@Test
	void unknownCommandsRejectWithTaurisText() {
		TestWindow main = open("main");
		assertThat(main.reject("nope", Map.of()).asString()).isEqualTo("Command nope not found");
	}

	@Test
	void badInputGetsClearErrorsAndTheWindowKeepsWorking() {
		TestWindow main = open("main");
		TestWindow other = open("other");
		other.listen("still-alive", ANY);

		main.sendText("{not json");
		assertThat(main.next((frame) -> "error".equals(frame.path("type").asString())).get("code").asString())
			.isEqualTo("malformed-frame");
		main.sendText("[1,2]");
		assertThat(main.next((frame) -> "error".equals(frame.path("type").asString())).get("message").asString())
			.isEqualTo("frame must be a JSON object");
		main.sendText("{\"type\":\"subscribe\"}");
		assertThat(main.next((frame) -> "error".equals(frame.path("type").asString())).get("code").asString())
			.isEqualTo("unknown-frame-type");
		main.sendText("{\"type\":\"invoke\",\"cmd\":\"x\"}");
		assertThat(main.next((frame) -> "error".equals(frame.path("type").asString())).get("code").asString())
			.isEqualTo("missing-field");
		main.sendText("{\"type\":\"invoke\",\"id\":99}");
		assertThat(main.response(99).get("error").asString()).isEqualTo("invoke frame needs a string `cmd`");
		main.sendText("{\"type\":\"invoke\",\"id\":100,\"cmd\":\"plugin:event|emit\",\"args\":[1]}");
		assertThat(main.response(100).get("error").asString()).contains("expected a JSON object");
		main.sendBinary(new byte[] { 0, 0 });
		assertThat(main.next((frame) -> "error".equals(frame.path("type").asString())).get("message").asString())
			.contains("shorter than its 4-byte header length");
		main.sendBinary(ByteBuffer.allocate(8).putInt(1000).array());
		assertThat(main.next((frame) -> "error".equals(frame.path("type").asString())).get("message").asString())
			.contains("exceeds the frame");

		assertThat(main.reject("plugin:event|listen", Map.of("target", ANY)).asString())
			.isEqualTo("invalid args `event` for command `listen`: command listen missing required key event");
		assertThat(main.reject("plugin:event|listen", Map.of("event", "player.state", "target", ANY)).asString())
			.isEqualTo("invalid args `event` for command `listen`: Event name must include only alphanumeric "
					+ "characters, `-`, `/`, `:` and `_`.");
		assertThat(main.reject("plugin:event|emit", Map.of("event", "a b")).asString())
			.startsWith("invalid args `event` for command `emit`: Event name must include only");
		assertThat(main.reject("plugin:event|listen", Map.of("event", "e", "target", Map.of("kind", "Tray"))).asString())
			.isEqualTo("invalid args `target` for command `listen`: unknown variant `Tray`, expected one of `Any`, "
					+ "`AnyLabel`, `App`, `Window`, `Webview`, `WebviewWindow`");
		assertThat(main.reject("plugin:event|listen", Map.of("event", "e", "target", Map.of("kind", "Window"))).asString())
			.isEqualTo("invalid args `target` for command `listen`: missing or invalid field `label`");
		assertThat(main.reject("plugin:event|listen", Map.of("event", "e", "target", Map.of("label", "x"))).asString())
			.isEqualTo("invalid args `target` for command `listen`: missing field `kind`");
		assertThat(main.reject("plugin:event|listen", Map.of("event", "e")).asString())
			.isEqualTo("invalid args `target` for command `listen`: command listen missing required key target");
		assertThat(main.reject("plugin:event|unlisten", Map.of("event", "e", "eventId", "seven")).asString())
			.startsWith("invalid args `eventId` for command `unlisten`: invalid type");
		assertThat(main.reject("plugin:event|emit_to", Map.of("event", "e", "target", 5)).asString())
			.startsWith("invalid args `target` for command `emit_to`: invalid type");

		// the same connection still works, and so does every other window
		main.listen("still-alive", ANY);
		this.app.emit("still-alive", "yes");
		assertThat(main.nextEvent("still-alive").get("payload").asString()).isEqualTo("yes");
		assertThat(other.nextEvent("still-alive").get("payload").asString()).isEqualTo("yes");
	}

	@Test
	void framesLargerThanTheContainersBufferArriveWhole() {
		TestWindow main = open("main");
		main.listen("big", ANY);
		String data = "é".repeat(40_000);
		main.emit("big", Map.of("data", data));
		assertThat(main.nextEvent("big").get("payload").get("data").asString()).isEqualTo(data);
		byte[] body = new byte[50_000];
		body[49_999] = 7;
		byte[] header = "{\"type\":\"invoke\",\"id\":77,\"cmd\":\"upload\"}".getBytes(StandardCharsets.UTF_8);
		main.sendBinary(ByteBuffer.allocate(4 + header.length + body.length).putInt(header.length).put(header).put(body).array());
		assertThat(main.response(77).get("error").asString()).isEqualTo("Command upload not found");
	}

	@Test
	void oversizedFramesCloseOnlyThatConnection() {
		TestWindow main = open("main");
		TestWindow other = open("other");
		other.listen("still-alive", ANY);
		main.sendText("{\"type\":\"invoke\",\"id\":1,\"cmd\":\"x\",\"args\":{\"big\":\"" + "x".repeat(70_000) + "\"}}");
		assertThat(main.awaitClose().getCode()).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
		this.app.emit("still-alive", 1);
		assertThat(other.nextEvent("still-alive").get("payload").asInt()).isEqualTo(1);
	}

	@Test
	void aPageThatKeepsSendingAfterAnOversizedFrameStillGetsItsCloseCode() throws Exception {
		// the close must not race the page's next frames: a connection dropped with unread input is reset, and
		// the page would see 1006 instead of the code the protocol promises
		String small = "{\"type\":\"invoke\",\"id\":2,\"cmd\":\"x\",\"args\":{\"pad\":\"" + "y".repeat(16_000) + "\"}}";
		for (int attempt = 0; attempt < 10; attempt++) {
			TestWindow main = open("main");
			Thread sender = new Thread(() -> {
				main.sendText("{\"type\":\"invoke\",\"id\":1,\"cmd\":\"x\",\"args\":{\"big\":\"" + "x".repeat(70_000) + "\"}}");
				try {
					while (main.isOpen()) {
						main.sendText(small);
					}
				}
				catch (IllegalStateException ex) {
					// the server closed the connection meanwhile
				}
			});
			sender.start();
			assertThat(main.awaitClose().getCode()).as("attempt %d", attempt)
				.isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
			sender.join();
			await().until(() -> this.app.webviewWindows().isEmpty());
		}
	}

	@Test
	void aPageCannotRegisterListenersWithoutBound() {
		TestWindow main = open("main");
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			ids.add(main.listen("e" + i, ANY));
		}
		assertThat(main.reject("plugin:event|listen", Map.of("event", "one-too-many", "target", ANY)).asString())
			.startsWith("too many listeners in window 'main' (tauri.events.max-listeners-per-window=50)");
		main.resolve("plugin:event|unlisten", Map.of("event", "e0", "eventId", ids.get(0)));
		long again = main.listen("one-more", ANY);
		assertThat(again).isGreaterThan(ids.get(49));
	}

	@Test
	void emitsFromOneThreadArriveInOrder() {
		TestWindow main = open("main");
		main.listen("seq", ANY);
		for (int i = 0; i < 2_000; i++) {
			this.app.emit("seq", i);
		}
		for (int i = 0; i < 2_000; i++) {
			assertThat(main.nextEvent("seq").get("payload").asInt()).isEqualTo(i);
		}
	}

	@Test
	void aWindowThatStopsReadingNeitherBlocksTheOthersNorGrowsTheServersMemory() {
		TestWindow fast = open("fast");
		TestWindow stuck = open("stuck");
		fast.listen("bulk", ANY);
		stuck.listen("bulk", ANY);
		stuck.stopReading();
		// far more than the kernel's socket buffers hold, so the stuck window's writes really stall
		String chunk = "x".repeat(32 * 1024);
		int count = 1_000;
		java.util.concurrent.atomic.AtomicInteger consumed = new java.util.concurrent.atomic.AtomicInteger();
		Thread consumer = new Thread(() -> {
			for (int i = 0; i < count; i++) {
				assertThat(fast.nextEvent("bulk").get("payload").get("seq").asInt()).isEqualTo(i);
				consumed.incrementAndGet();
			}
		});
		List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		consumer.setUncaughtExceptionHandler((thread, ex) -> failures.add(ex));
		consumer.start();
		long longestEmit = 0;
		for (int i = 0; i < count; i++) {
			// an emitter that keeps within what its reader consumes (4 chunks ahead of it): the emitter never
			// waits for the stuck window, whose buffer fills and which is cut
			int emitted = i;
			await().atMost(Duration.ofSeconds(10))
				.pollInSameThread()
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.until(() -> emitted - consumed.get() < 4 || !consumer.isAlive());
			long start = System.nanoTime();
			this.app.emit("bulk", Map.of("seq", i, "data", chunk));
			longestEmit = Math.max(longestEmit, System.nanoTime() - start);
		}
		assertThat(Duration.ofNanos(longestEmit)).isLessThan(Duration.ofMillis(500));
		await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.isAlive());
		assertThat(failures).isEmpty();
		// the server gave up on the stuck window instead of buffering for it
		await().atMost(Duration.ofSeconds(30)).until(() -> this.app.getWebviewWindow("stuck").isEmpty());
		assertThat(this.recorder.lifecycle).contains("destroyed:stuck:4008");
		stuck.resumeReading();
	}

	@Test
	void evalRunsAScriptInTheWindowsPage() {
		TestWindow main = open("main");
		this.app.getWebviewWindow("main").orElseThrow().eval("console.log('hello from Rust')");
		assertThat(main.next((frame) -> "eval".equals(frame.path("type").asString())).get("script").asString())
			.isEqualTo("console.log('hello from Rust')");
	}

	@Test
	void closeFromTheServerIsANormalClose() {
		TestWindow main = open("main");
		this.app.getWebviewWindow("main").orElseThrow().close();
		assertThat(main.awaitClose().getCode()).isEqualTo(1000);
	}

	@Test
	void binaryInvokesReachTheCommandHandlerAsRawBody() {
		TestWindow main = open("main");
		byte[] header = "{\"type\":\"invoke\",\"id\":7,\"cmd\":\"upload\"}".getBytes(StandardCharsets.UTF_8);
		ByteBuffer frame = ByteBuffer.allocate(4 + header.length + 3).putInt(header.length).put(header).put(new byte[] { 1, 2, 3 });
		main.sendBinary(frame.array());
		assertThat(main.response(7).get("error").asString()).isEqualTo("Command upload not found");
	}

}
