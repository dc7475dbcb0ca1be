package io.taurievents.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.taurievents.TauriCommand;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, finding 5: what one page sends is bounded (name lengths, bytes of listened names, emits and invokes per
 * second), with a rejection that names the limit, never a close, and a counter per limit.
 */
@SpringBootTest(classes = PageLimitsIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.limits.max-name-length=16",
				"tauri.events.limits.max-listener-bytes-per-window=64B", "tauri.events.limits.emits-per-second=5",
				"tauri.events.limits.invokes-per-second=20" })
class PageLimitsIntegrationTests {

	private static final String SIXTEEN = "a".repeat(16);

	private static final String SEVENTEEN = "a".repeat(17);

	@LocalServerPort
	int port;

	@Autowired
	LimitStats stats;

	@Test
	void eventNamesLongerThanTheLimitAreRejected() {
		long before = this.stats.rejections(Limit.NAME_LENGTH);
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			assertThat(window.reject("plugin:event|listen", Map.of("event", SEVENTEEN, "target", Map.of("kind", "Any"),
					"handler", 1)).asString())
				.isEqualTo("invalid args `event` for command `listen`: event name is 17 characters long, more than 16 "
						+ "(tauri.events.limits.max-name-length)");
			assertThat(window.reject("plugin:event|emit", Map.of("event", SEVENTEEN, "payload", 1)).asString())
				.startsWith("invalid args `event` for command `emit`: event name is 17 characters long");
			window.listen(SIXTEEN, Map.of("kind", "Any"));
			assertThat(window.isOpen()).isTrue();
		}
		assertThat(this.stats.rejections(Limit.NAME_LENGTH)).isEqualTo(before + 2);
	}

	@Test
	void commandNamesLongerThanTheLimitAreRejected() {
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			assertThat(window.reject("x".repeat(17), Map.of()).asString())
				.isEqualTo("command name is 17 characters long, more than 16 (tauri.events.limits.max-name-length)");
			assertThat(window.resolve("ping", Map.of()).asString()).isEqualTo("pong");
		}
	}

	@Test
	void labelsLongerThanTheLimitAreRefused() {
		TestWindow window = TestWindow.connect(this.port, "l".repeat(17), new WebSocketHttpHeaders(), false);
		CloseStatus status = window.awaitClose();
		assertThat(status.getCode()).isEqualTo(4002);
		assertThat(status.getReason())
			.isEqualTo("label is 17 characters long, more than 16 (tauri.events.limits.max-name-length)");
	}

	@Test
	void listenedNamesBeyondTheWindowsBytesAreRejectedUntilUnlistened() {
		long before = this.stats.rejections(Limit.LISTENER_BYTES_PER_WINDOW);
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				ids.add(window.listen(SIXTEEN.substring(1) + i, Map.of("kind", "Any")));
			}
			assertThat(window.reject("plugin:event|listen", Map.of("event", "b".repeat(16), "target",
					Map.of("kind", "Any"), "handler", 1)).asString())
				.isEqualTo("too many listeners in window 'main': their event names would take more than 64 bytes "
						+ "(tauri.events.limits.max-listener-bytes-per-window); unlisten the ones you no longer need");
			window.resolve("plugin:event|unlisten", Map.of("event", SIXTEEN.substring(1) + 0, "eventId", ids.get(0)));
			window.listen("b".repeat(16), Map.of("kind", "Any"));
		}
		assertThat(this.stats.rejections(Limit.LISTENER_BYTES_PER_WINDOW)).isEqualTo(before + 1);
	}

	@Test
	void emitsBeyondTheRateAreRejectedWithoutClosingTheWindow() {
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			// a burst of five, then five a second: thirty in a row are too many, however loaded the machine is
			List<JsonNode> responses = burst(window, "plugin:event|emit", Map.of("event", "tick", "payload", 1), 30);
			List<JsonNode> rejected = responses.stream().filter((response) -> !response.get("ok").asBoolean()).toList();
			assertThat(rejected).isNotEmpty();
			assertThat(rejected.get(0).get("error").asString()).isEqualTo("command plugin:event|emit was rejected: "
					+ "window 'main' sent more than 5 emits per second (tauri.events.limits.emits-per-second)");
			assertThat(window.isOpen()).isTrue();
			await().untilAsserted(() -> window.emit("tick", 2));
		}
		assertThat(this.stats.rejections(Limit.EMITS_PER_SECOND)).isPositive();
	}

	@Test
	void invokesBeyondTheRateAreRejectedWithoutClosingTheWindow() {
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			List<JsonNode> responses = burst(window, "ping", Map.of(), 100);
			List<JsonNode> rejected = responses.stream().filter((response) -> !response.get("ok").asBoolean()).toList();
			assertThat(rejected).isNotEmpty();
			assertThat(rejected.get(0).get("error").asString()).isEqualTo("command ping was rejected: window 'main' "
					+ "sent more than 20 invokes per second (tauri.events.limits.invokes-per-second)");
			assertThat(window.isOpen()).isTrue();
			await().untilAsserted(() -> assertThat(window.resolve("ping", Map.of()).asString()).isEqualTo("pong"));
		}
		assertThat(this.stats.rejections(Limit.INVOKES_PER_SECOND)).isPositive();
	}

	private static List<JsonNode> burst(TestWindow window, String command, Object args, int count) {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(window.send(command, args));
		}
		return ids.stream().map(window::response).toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		PingCommand pingCommand() {
			return new PingCommand();
		}

	}

	static class PingCommand {

		@TauriCommand
		String ping() {
			return "pong";
		}

	}

}
