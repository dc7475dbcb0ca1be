package io.taurievents.transport;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.WebSocketHttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = TransportTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.instances.mode=single", "tauri.events.duplicate-label=reject" })
class DuplicateLabelRejectTests {

	@LocalServerPort
	int port;

	@Autowired
	AppHandle app;

	@Test
	void aSecondConnectionForALabelIsRejectedAndTheFirstKeepsWorking() {
		try (TestWindow first = TestWindow.connect(this.port, "main");
				TestWindow second = TestWindow.connect(this.port, "main", new WebSocketHttpHeaders(), false)) {
			assertThat(second.awaitClose().getCode()).isEqualTo(4001);
			assertThat(first.isOpen()).isTrue();
			first.listen("still-here", Map.of("kind", "Any"));
			this.app.emit("still-here", 1);
			assertThat(first.nextEvent("still-here").get("payload").asInt()).isEqualTo(1);
		}
		await().until(() -> this.app.webviewWindows().isEmpty());
	}

	@Test
	void evalIsOffByDefault() {
		try (TestWindow main = TestWindow.connect(this.port, "main")) {
			await().until(() -> this.app.getWebviewWindow("main").isPresent());
			assertThatIllegalStateException()
				.isThrownBy(() -> this.app.getWebviewWindow("main").orElseThrow().eval("alert(1)"))
				.withMessageContaining("tauri.events.eval.enabled=true");
		}
	}

}
