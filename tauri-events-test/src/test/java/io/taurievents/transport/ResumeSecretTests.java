package io.taurievents.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.taurievents.AppHandle;
import io.taurievents.test.FaultyProxy;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resume credential on the wire, frame by frame: it rotates on every welcome, the previous one survives a
 * welcome lost in a drop, and stops working once the page has used the new connection; presented for another label
 * or instance it resumes nothing and leaves the session alone; a replay keeps the frames' original sequence numbers.
 */
@SpringBootTest(classes = ResumeSecretTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "tauri.events.resume.heartbeat-interval=5s")
class ResumeSecretTests {

	@LocalServerPort
	private int port;

	@Autowired
	private AppHandle app;

	private FaultyProxy proxy;

	private final List<TestWindow> windows = new ArrayList<>();

	@BeforeEach
	void startProxy() throws Exception {
		this.proxy = FaultyProxy.start(this.port);
	}

	@AfterEach
	void stop() throws Exception {
		this.windows.forEach(TestWindow::close);
		this.proxy.close();
	}

	private TestWindow resume(String label, String instance, String secret, long seq) {
		TestWindow window = TestWindow.openWithoutHello(this.proxy.port(), label);
		this.windows.add(window);
		window.sendText("{\"type\":\"resume\",\"instance\":\"" + instance + "\",\"session\":\"" + secret
				+ "\",\"seq\":" + seq + "}");
		return window;
	}

	private static JsonNode welcome(TestWindow window) {
		return window.next((frame) -> "welcome".equals(frame.path("type").asString()));
	}

	@Test
	void secretRotatesAndThePreviousOneSurvivesALostWelcome() {
		TestWindow first = TestWindow.open(this.proxy.port(), "rotate", null,
				new org.springframework.web.socket.WebSocketHttpHeaders(), false);
		this.windows.add(first);
		JsonNode welcome = welcome(first);
		String instance = welcome.get("instance").asString();
		String s1 = welcome.get("session").asString();
		assertThat(welcome.get("resumed").asBoolean()).isFalse();
		assertThat(s1).hasSizeGreaterThanOrEqualTo(22).matches("[A-Za-z0-9_-]+");
		first.resolve("plugin:event|listen",
				java.util.Map.of("event", "note", "target", java.util.Map.of("kind", "Any"), "handler", 1));
		this.app.emit("note", 1);
		JsonNode note = first.nextEvent("note");
		long seq = note.get("seq").asLong();
		assertThat(note.properties().iterator().next().getKey()).as("seq is the first member").isEqualTo("seq");
		this.proxy.cutAll();
		this.app.emit("note", 2);
		// resume: the welcome with the new secret is lost in a second drop
		TestWindow second = resume("rotate", instance, s1, seq);
		JsonNode resumed = welcome(second);
		assertThat(resumed.get("resumed").asBoolean()).isTrue();
		assertThat(resumed.get("seq").asLong()).isEqualTo(seq);
		String s2 = resumed.get("session").asString();
		assertThat(s2).isNotEqualTo(s1);
		JsonNode replayed = second.nextEvent("note");
		assertThat(replayed.get("seq").asLong()).isEqualTo(seq + 1);
		this.proxy.cutAll();
		// the page never saw s2, so it presents s1 again: still good
		TestWindow third = resume("rotate", instance, s1, seq);
		JsonNode again = welcome(third);
		assertThat(again.get("resumed").asBoolean()).as("previous secret after a lost welcome").isTrue();
		String s3 = again.get("session").asString();
		assertThat(third.nextEvent("note").get("seq").asLong()).as("original seq").isEqualTo(seq + 1);
		// the page uses the new connection: now only s3 works
		third.sendText("{\"type\":\"delivered\",\"seq\":" + (seq + 1) + "}");
		WindowSession session = (WindowSession) this.app.getWebviewWindow("rotate").orElseThrow();
		await().atMost(Duration.ofSeconds(5)).until(() -> session.previousSecret() == null);
		this.proxy.cutAll();
		TestWindow stale = resume("rotate", instance, s1, seq + 1);
		JsonNode refused = welcome(stale);
		assertThat(refused.get("resumed").asBoolean()).isFalse();
		assertThat(refused.get("reason").asString()).isEqualTo("unknown");
		assertThat(s3).isNotEqualTo(s2);
	}

	@Test
	void theSecretOfAnotherLabelOrInstanceNeverResumes() {
		TestWindow first = TestWindow.open(this.proxy.port(), "owner", null,
				new org.springframework.web.socket.WebSocketHttpHeaders(), false);
		this.windows.add(first);
		JsonNode welcome = welcome(first);
		String instance = welcome.get("instance").asString();
		String secret = welcome.get("session").asString();
		WindowSession session = (WindowSession) this.app.getWebviewWindow("owner").orElseThrow();
		this.proxy.cutAll();
		JsonNode otherLabel = welcome(resume("intruder", instance, secret, 0));
		assertThat(otherLabel.get("resumed").asBoolean()).isFalse();
		assertThat(otherLabel.get("reason").asString()).isEqualTo("unknown");
		JsonNode otherInstance = welcome(resume("owner", "AAAAAAAAAAAAAAAAAAAAAAAA", secret, 0));
		assertThat(otherInstance.get("resumed").asBoolean()).isFalse();
		assertThat(otherInstance.get("reason").asString()).isEqualTo("unknown");
		assertThat(otherInstance.get("instance").asString()).as("a new instance").isNotEqualTo(instance);
		// the real page still resumes: the attempts above did not end its session
		assertThat(session.isOpen()).isTrue();
		JsonNode owner = welcome(resume("owner", instance, secret, 0));
		assertThat(owner.get("resumed").asBoolean()).isTrue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
