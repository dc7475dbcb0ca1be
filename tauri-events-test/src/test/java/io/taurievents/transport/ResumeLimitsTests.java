package io.taurievents.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.test.FaultyProxy;
import io.taurievents.test.ResumingTestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replay buffers' limits: past {@code max-total} the oldest detached session goes first while a younger one
 * still resumes; an event for many windows is stored once; a window cut with 4008 (it read nothing in time)
 * detaches and resumes when its buffer holds the backlog, instead of losing it; and an app instance outlives its
 * grace period while a session of it is detached.
 */
@SpringBootTest(classes = ResumeLimitsTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.resume.heartbeat-interval=300ms", "tauri.events.resume.buffer-size=16MB",
				"tauri.events.resume.max-total=20MB", "tauri.events.send-buffer-size=64KB",
				"tauri.events.send-time-limit=1s", "tauri.events.instances.grace-period=500ms" })
class ResumeLimitsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private AppHandle app;

	private FaultyProxy proxy;

	private final List<ResumingTestWindow> windows = new ArrayList<>();

	@BeforeEach
	void startProxy() throws Exception {
		this.proxy = FaultyProxy.start(this.port);
	}

	@AfterEach
	void stop() throws Exception {
		this.windows.forEach(ResumingTestWindow::close);
		this.proxy.close();
	}

	private ResumingTestWindow open(String label) {
		ResumingTestWindow window = ResumingTestWindow.open(this.proxy.port(), label);
		this.windows.add(window);
		return window;
	}

	@Test
	void beyondMaxTotalTheOldestDetachedSessionEndsFirst() {
		ResumingTestWindow older = open("older");
		older.listen("fill");
		older.reconnect(false);
		WindowSession olderSession = (WindowSession) this.app.getWebviewWindow("older").orElseThrow();
		this.proxy.cutAll();
		await().atMost(WAIT).until(() -> olderSession.connectionId() == null);
		ResumingTestWindow younger = open("younger");
		younger.listen("fill");
		younger.reconnect(false);
		WindowSession youngerSession = (WindowSession) this.app.getWebviewWindow("younger").orElseThrow();
		this.proxy.cutAll();
		await().atMost(WAIT).until(() -> youngerSession.connectionId() == null);
		String chunk = "y".repeat(100_000);
		for (int i = 0; i < 110; i++) {
			// 11 MB to each: 22 MB together, beyond max-total (20 MB), each within its own buffer (16 MB)
			this.app.emit("fill", chunk);
		}
		await().atMost(WAIT).until(() -> !olderSession.isOpen());
		assertThat(youngerSession.isOpen()).isTrue();
		older.reconnect(true);
		older.reconnectNow();
		younger.reconnect(true);
		younger.reconnectNow();
		await().atMost(WAIT).until(() -> older.resyncs().size() == 1 && younger.events().size() == 110);
		assertThat(older.resyncs()).containsExactly("overflow");
		assertThat(younger.resyncs()).isEmpty();
		assertThat(older.events()).isEmpty();
	}

	@Test
	void anInstanceLivesWhileASessionOfItIsDetached() {
		ResumingTestWindow window = open("keeper");
		window.reconnect(false);
		WindowSession session = (WindowSession) this.app.getWebviewWindow("keeper").orElseThrow();
		String instance = window.welcomes().get(0).get("instance").asString();
		this.proxy.cutAll();
		await().atMost(WAIT).until(() -> session.connectionId() == null);
		// three grace periods (500 ms) go by: the detached session keeps its instance
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
			.until(() -> session.isOpen() && !session.instance().isEnded());
		window.reconnect(true);
		window.reconnectNow();
		await().atMost(WAIT).until(() -> window.welcomes().size() == 2);
		assertThat(window.welcomes().get(1).get("resumed").asBoolean()).isTrue();
		assertThat(window.welcomes().get(1).get("instance").asString()).isEqualTo(instance);
	}

	@Test
	void anEventForManyDetachedWindowsIsStoredOnce() {
		List<WindowSession> sessions = new ArrayList<>();
		for (String label : List.of("shared-1", "shared-2", "shared-3")) {
			ResumingTestWindow window = open(label);
			window.listen("shared");
			window.reconnect(false);
			sessions.add((WindowSession) this.app.getWebviewWindow(label).orElseThrow());
		}
		this.proxy.cutAll();
		await().atMost(WAIT).until(() -> sessions.stream().allMatch((session) -> session.connectionId() == null));
		this.app.emit("shared", "one payload, three windows");
		Object first = sessions.get(0).bufferedFrame(sessions.get(0).lastSeq());
		assertThat(first).isInstanceOf(String.class);
		assertThat((String) first).contains("one payload, three windows").doesNotContain("\"seq\"");
		for (WindowSession session : sessions) {
			assertThat(session.bufferedFrame(session.lastSeq())).as("the same frame object").isSameAs(first);
		}
	}

	@Test
	void aWindowCutForReadingNothingResumesWithEverything() {
		ResumingTestWindow window = open("stalled");
		window.listen("burst");
		// a stalled network: the page's own heartbeat watch would notice too, this test is about the server's cut
		window.detectDeadServer(false);
		WindowSession session = (WindowSession) this.app.getWebviewWindow("stalled").orElseThrow();
		String cutConnection = session.connectionId();
		this.proxy.pauseDownstream();
		String chunk = "z".repeat(1_000);
		int emitted = 0;
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (cutConnection.equals(session.connectionId()) && System.nanoTime() < deadline) {
			// the emitter never waits: the window's queue fills, then it is cut (4008)
			this.app.emit("burst", emitted++ + chunk);
		}
		assertThat(session.connectionId()).as("cut and detached").isNull();
		assertThat(session.isOpen()).as("the session lives on").isTrue();
		this.proxy.resumeDownstream();
		int total = emitted;
		await().atMost(WAIT).until(() -> window.events().size() >= total);
		System.out.printf("Cut for reading nothing: %d events of 1 KB emitted while stalled, %d received after "
				+ "the resume, %d reconnects, close codes %s%n", total, window.events().size(), window.reconnects(),
				window.closeCodes());
		assertThat(window.resyncs()).isEmpty();
		assertThat(window.events().stream().map((event) -> Integer.parseInt(event.get("payload").asString()
				.substring(0, event.get("payload").asString().indexOf('z')))).toList())
			.containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
