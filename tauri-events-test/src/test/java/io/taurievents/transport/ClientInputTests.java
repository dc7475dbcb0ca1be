package io.taurievents.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.taurievents.AppHandle;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever a page sends, it gets an answer or a protocol error, its connection stays open and the server's log
 * gets no ERROR and at most one WARN line per window per interval.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TransportTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "tauri.events.instances.mode=single")
class ClientInputTests {

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
	}

	private TestWindow open(String label) {
		TestWindow window = TestWindow.connect(this.port, label);
		this.windows.add(window);
		await().until(() -> this.app.getWebviewWindow(label).isPresent());
		return window;
	}

	@Test
	void headersThatAreNotAFlatStringMapRejectTheInvoke(CapturedOutput output) {
		TestWindow main = open("main");
		main.sendText("{\"type\":\"invoke\",\"id\":5,\"cmd\":\"plugin:event|emit\",\"args\":{\"event\":\"x\"},"
				+ "\"headers\":{\"a\":{\"b\":1}}}");
		assertThat(main.response(5).get("error").asString()).isEqualTo(
				"invalid headers for command plugin:event|emit: expected an object whose values are strings (InvokeOptions.headers)");
		main.sendText("{\"type\":\"invoke\",\"id\":6,\"cmd\":\"nope\",\"headers\":[1]}");
		assertThat(main.response(6).get("ok").asBoolean()).isFalse();
		main.sendText("{\"type\":\"invoke\",\"id\":7,\"cmd\":\"nope\",\"headers\":{\"a\":\"1\",\"n\":2}}");
		assertThat(main.response(7).get("error").asString()).isEqualTo("Command nope not found");
		assertStillWorks(main);
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

	@Test
	void pagePayloadsThatDoNotFitAListenerAreWarnedAboutOncePerWindow(CapturedOutput output) {
		TestWindow main = open("main");
		// Recorder.onClick takes a Map: a string payload does not fit it
		for (int i = 0; i < 20; i++) {
			main.emit("click", "not an object " + i);
		}
		main.emit("click", Map.of("x", 1));
		await().until(() -> this.recorder.clicks.contains("main:{x=1}:click"));
		assertThat(output.getAll()).doesNotContain(" ERROR ");
		assertThat(lines(output, "Event 'click' from window 'main' was not passed to")).hasSize(1);
		assertStillWorks(main);
		this.recorder.clicks.clear();
	}

	@Test
	void repeatedProtocolErrorsAreWarnedAboutOncePerWindow(CapturedOutput output) {
		TestWindow main = open("main");
		TestWindow other = open("other");
		for (int i = 0; i < 20; i++) {
			main.sendText("{not json " + i);
			main.next((frame) -> "error".equals(frame.path("type").asString()));
		}
		other.sendText("[]");
		other.next((frame) -> "error".equals(frame.path("type").asString()));
		assertThat(lines(output, "Protocol error from window 'main'")).hasSize(1);
		assertThat(lines(output, "Protocol error from window 'other'")).hasSize(1);
		assertThat(output.getAll()).doesNotContain(" ERROR ");
		assertStillWorks(main, other);
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains(" WARN ") && line.contains(text)).toList();
	}

	private void assertStillWorks(TestWindow... windows) {
		for (TestWindow window : windows) {
			window.listen("still-alive", ANY);
		}
		this.app.emit("still-alive", "yes");
		for (TestWindow window : windows) {
			assertThat(window.nextEvent("still-alive").get("payload").asString()).isEqualTo("yes");
		}
	}

}
