package io.taurievents.sample;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * {@link SampleWindowsTests} as an application's developer writes it without the test kit: a WebSocket client
 * that speaks the protocol ({@code docs/protocol.md}) by hand. Kept as the measure of what the kit saves (see
 * {@code docs/testing.md}); both share one application context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.periodic-event-interval=1h")
class SampleWindowsWithoutKitTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void sendToSpecificWindowReachesOnlyThatWindowOfTheCallersTab() throws Exception {
		try (Window main = Window.open(this.port, "main", null);
				Window settings = Window.open(this.port, "settings", main.instance);
				Window otherTab = Window.open(this.port, "settings", null)) {
			main.listen("test-event", Map.of("kind", "WebviewWindow", "label", "main"));
			settings.listen("test-event", Map.of("kind", "Any"));
			otherTab.listen("test-event", Map.of("kind", "Any"));
			JsonNode response = main.invoke("send_to_specific_window",
					Map.of("windowLabel", "settings", "data", "hi"));
			assertThat(response.path("ok").asBoolean()).as("%s", response).isTrue();
			JsonNode event = settings.next(Window.event("test-event"), 10_000);
			assertThat(event).isNotNull();
			assertThat(event.path("payload")).isEqualTo(json.valueToTree(Map.of("data", "hi")));
			await().pollDelay(Duration.ofMillis(300)).until(() -> true);
			assertThat(main.next(Window.event("test-event"), 0)).isNull();
			assertThat(otherTab.next(Window.event("test-event"), 0)).isNull();
		}
	}

	@Test
	void badCredentialsRejectTheLoginAndTellTheCallingWindow() throws Exception {
		try (Window main = Window.open(this.port, "main", null)) {
			main.listen("app-event", Map.of("kind", "Any"));
			JsonNode response = main.invoke("perform_login", Map.of("username", "ada", "password", "nope"));
			assertThat(response.path("ok").asBoolean()).isFalse();
			assertThat(response.path("error").asString()).isEqualTo("Invalid credentials");
			JsonNode event = main.next(Window.event("app-event"), 10_000);
			assertThat(event).isNotNull();
			assertThat(event.path("payload")).isEqualTo(json.valueToTree(
					AppEvent.errorOccurred("invalid-credentials", "Invalid credentials for 'ada'", true)));
		}
	}

	@Test
	void settingsWindowMayNotSendToOtherWindows() throws Exception {
		try (Window settings = Window.open(this.port, "settings", null)) {
			JsonNode response = settings.invoke("send_to_specific_window",
					Map.of("windowLabel", "main", "data", "hi"));
			assertThat(response.path("ok").asBoolean()).isFalse();
			assertThat(response.path("error").asString())
				.isEqualTo("Command send_to_specific_window not allowed by ACL");
		}
	}

	/** A page's connection: hello, welcome, invokes by id, and every frame kept until the test takes it. */
	static final class Window extends TextWebSocketHandler implements AutoCloseable {

		private final LinkedList<JsonNode> frames = new LinkedList<>();

		private final AtomicLong ids = new AtomicLong(1);

		private WebSocketSession session;

		private String instance;

		static Window open(int port, String label, @Nullable String instance) throws Exception {
			Window window = new Window();
			window.session = new StandardWebSocketClient()
				.execute(window, new WebSocketHttpHeaders(),
						URI.create("ws://localhost:" + port + "/tauri?label=" + label + "&v=2"))
				.get(10, TimeUnit.SECONDS);
			window.send((instance != null) ? Map.of("type", "hello", "instance", instance) : Map.of("type", "hello"));
			JsonNode welcome = window.next((frame) -> "welcome".equals(frame.path("type").asString()), 10_000);
			assertThat(welcome).as("welcome of %s", label).isNotNull();
			window.instance = welcome.path("instance").asString();
			return window;
		}

		static Predicate<JsonNode> event(String name) {
			return (frame) -> "event".equals(frame.path("type").asString())
					&& name.equals(frame.path("event").asString());
		}

		void listen(String event, Map<String, String> target) throws Exception {
			JsonNode response = invoke("plugin:event|listen", Map.of("event", event, "target", target, "handler", 1));
			assertThat(response.path("ok").asBoolean()).as("listen %s: %s", event, response).isTrue();
		}

		JsonNode invoke(String cmd, Map<String, Object> args) throws Exception {
			long id = this.ids.getAndIncrement();
			send(Map.of("type", "invoke", "id", id, "cmd", cmd, "args", args));
			JsonNode response = next((frame) -> "response".equals(frame.path("type").asString())
					&& frame.path("id").asLong() == id, 10_000);
			return (response != null) ? response : fail("no response to " + cmd);
		}

		void send(Object frame) throws Exception {
			synchronized (this.session) {
				this.session.sendMessage(new TextMessage(json.writeValueAsString(frame)));
			}
		}

		/** Takes the first frame matching, waiting up to the timeout; {@code null} if none came. */
		@Nullable JsonNode next(Predicate<JsonNode> matching, long timeoutMillis) throws InterruptedException {
			long deadline = System.currentTimeMillis() + timeoutMillis;
			synchronized (this.frames) {
				while (true) {
					for (Iterator<JsonNode> it = this.frames.iterator(); it.hasNext();) {
						JsonNode frame = it.next();
						if (matching.test(frame)) {
							it.remove();
							return frame;
						}
					}
					long left = deadline - System.currentTimeMillis();
					if (left <= 0) {
						return null;
					}
					this.frames.wait(left);
				}
			}
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			synchronized (this.frames) {
				this.frames.add(json.readTree(message.getPayload()));
				this.frames.notifyAll();
			}
		}

		@Override
		public void close() throws Exception {
			this.session.close();
		}

	}

}
