package io.taurievents.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.taurievents.AppHandle;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Strings that Java and JavaScript can hold but UTF-8 cannot encode (unpaired surrogates) travel as JSON escapes
 * instead of breaking the frame, and so the connection, of every window that receives them.
 */
@SpringBootTest(classes = TransportTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "tauri.events.instances.mode=single")
class UnpairedSurrogateTests {

	private static final Map<String, String> ANY = Map.of("kind", "Any");

	private static final List<String> STRINGS = List.of("a\ud800b", "\udc00", "end\ud83d", "\udc00\ud800",
			"pair \ud83d\ude00 then \ud83d");

	@LocalServerPort
	int port;

	@Autowired
	AppHandle app;

	private final List<TestWindow> windows = new ArrayList<>();

	@AfterEach
	void closeWindows() {
		this.windows.forEach(TestWindow::close);
		await().until(() -> this.app.webviewWindows().isEmpty());
	}

	private TestWindow open(String label) {
		TestWindow window = TestWindow.connect(this.port, label);
		this.windows.add(window);
		await().until(() -> this.app.getWebviewWindow(label).isPresent());
		return window;
	}

	@Test
	void pageEmitsWithUnpairedSurrogatesReachEveryListenerUnchanged() {
		TestWindow sender = open("sender");
		TestWindow listener = open("listener");
		listener.listen("tick", ANY);
		sender.listen("tick", ANY);
		// the page's JSON.stringify writes a lone surrogate as this escape
		sender.sendText("{\"type\":\"invoke\",\"id\":1000,\"cmd\":\"plugin:event|emit\","
				+ "\"args\":{\"event\":\"tick\",\"payload\":\"a\\ud800b\"}}");
		assertThat(sender.response(1000).get("ok").asBoolean()).isTrue();
		assertThat(listener.nextEvent("tick").get("payload").asString()).isEqualTo("a\ud800b");
		assertThat(sender.nextEvent("tick").get("payload").asString()).isEqualTo("a\ud800b");
		long id = 2000;
		for (String value : STRINGS) {
			// as JSON.stringify writes it (well-formed since ES2019): escaped
			sender.sendText("{\"type\":\"invoke\",\"id\":" + id + ",\"cmd\":\"plugin:event|emit\",\"args\":"
					+ "{\"event\":\"tick\",\"payload\":{\"value\":" + escaped(value) + "}}}");
			assertThat(sender.response(id++).get("ok").asBoolean()).isTrue();
			assertThat(listener.nextEvent("tick").get("payload").get("value").asString()).isEqualTo(value);
		}
		assertStillConnected(sender, listener);
	}

	@Test
	void serverEmitsWithUnpairedSurrogatesReachEveryWindowUnchanged() {
		TestWindow main = open("main");
		TestWindow other = open("other");
		main.listen("tick", ANY);
		other.listen("tick", Map.of("kind", "WebviewWindow", "label", "other"));
		for (String value : STRINGS) {
			this.app.emit("tick", value);
			assertThat(main.nextEvent("tick").get("payload").asString()).isEqualTo(value);
			assertThat(other.nextEvent("tick").get("payload").asString()).isEqualTo(value);
			// filtered emissions build one frame per window
			this.app.emitFilter("tick", Map.of("v", value), (target) -> true);
			assertThat(main.nextEvent("tick").get("payload").get("v").asString()).isEqualTo(value);
			assertThat(other.nextEvent("tick").get("payload").get("v").asString()).isEqualTo(value);
		}
		assertStillConnected(main, other);
	}

	@Test
	void commandNamesAndBrokenJsonQuotingHalfAnEmojiGetAnAnswerNotAClose() {
		TestWindow main = open("main");
		main.sendText("{\"type\":\"invoke\",\"id\":7,\"cmd\":\"nope\\ud800\"}");
		assertThat(main.response(7).get("error").asString()).isEqualTo("Command nope\ud800 not found");
		// Jackson's message quotes the unexpected character: here the first half of the emoji
		main.sendText("{\"type\":\"invoke\",\"id\":8,\"cmd\":\ud83d\ude00}");
		JsonNode error = main.next((frame) -> "error".equals(frame.path("type").asString()));
		assertThat(error.get("code").asString()).isEqualTo("malformed-frame");
		main.sendText("{\ud83d\ude00:1}");
		assertThat(main.next((frame) -> "error".equals(frame.path("type").asString())).get("code").asString())
			.isEqualTo("malformed-frame");
		assertStillConnected(main);
	}

	/** A JSON string with every non-ASCII character escaped. */
	private static String escaped(String value) {
		StringBuilder json = new StringBuilder("\"");
		value.chars().forEach((c) -> json.append((c < 128) ? String.valueOf((char) c) : String.format("\\u%04x", c)));
		return json.append('"').toString();
	}

	private void assertStillConnected(TestWindow... windows) {
		for (TestWindow window : windows) {
			window.listen("still-alive", ANY);
		}
		this.app.emit("still-alive", "yes");
		for (TestWindow window : windows) {
			assertThat(window.nextEvent("still-alive").get("payload").asString()).isEqualTo("yes");
			assertThat(window.isOpen()).isTrue();
		}
	}

}
