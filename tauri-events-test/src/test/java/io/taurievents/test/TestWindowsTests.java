package io.taurievents.test;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.WebviewWindow;
import io.taurievents.ipc.Channel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The kit's windows against a real server: the injected {@link TestWindows}, windows by label, instance (sibling or
 * token) and user, event assertions, channels, and a dropped connection that resumes.
 */
@SpringBootTest(classes = TestWindowsTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TestWindowsTests {

	@Autowired
	TestWindows windows;

	@Autowired
	AppHandle app;

	@Test
	void windowReceivesEventsInOrderAndNothingMore() {
		try (TestWindow main = this.windows.open("main")) {
			main.listen("download-progress");
			main.listen("download-finished");
			main.resolve("download", Map.of("url", "https://example.org/file"));
			assertThat(main).received("download-progress").withPayload(1);
			assertThat(main).received("download-progress").withPayload(50);
			assertThat(main).received("download-finished").withPayload("https://example.org/file");
			assertThat(main).received("download-progress").withPayload(100);
			assertThat(main).receivedNothingMoreWithin(Duration.ofMillis(100));
			assertThat(main.eventNames()).containsExactly("download-progress", "download-progress", "download-finished",
					"download-progress");
		}
	}

	@Test
	void receivedNothingMoreFailsOnAnEventNotTaken() {
		try (TestWindow main = this.windows.open("main")) {
			main.listen("download-progress");
			main.resolve("download", Map.of("url", "u"));
			assertThat(main).received("download-progress").withPayload(1);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(main).receivedNothingMoreWithin(Duration.ofMillis(50)))
				.withMessageContaining("download-progress");
		}
	}

	@Test
	void siblingsShareTheirAppInstanceAndTabsDoNot() {
		try (TestWindow main = this.windows.open("main"); TestWindow settings = main.openSibling("settings");
				TestWindow otherTab = this.windows.open("settings")) {
			assertThat(settings.instanceToken()).isEqualTo(main.instanceToken());
			settings.listen("theme");
			otherTab.listen("theme");
			main.resolve("tell", Map.of("label", "settings", "value", "dark"));
			assertThat(settings).received("theme").withPayload("dark");
			assertThat(otherTab).receivedNothingMoreWithin(Duration.ofMillis(100));
		}
	}

	@Test
	void windowSignsInAsAUser() {
		try (TestWindow main = this.windows.as("alice", "pw").open("main");
				TestWindow sibling = main.openSibling("settings")) {
			assertThat(main.resolve("whoami", Map.of(), String.class)).isEqualTo("alice");
			assertThat(sibling.resolve("whoami", Map.of(), String.class)).isEqualTo("alice");
		}
	}

	@Test
	void windowJoinsAnInstanceByTokenAndAnotherUsersTokenIsRefusedAtOnce() {
		TestWindows alice = this.windows.as("alice", "pw");
		TestWindow main = alice.open("main");
		TestWindow settings = alice.join(main.instanceToken(), "settings");
		assertThat(settings.instanceToken()).isEqualTo(main.instanceToken());
		long start = System.nanoTime();
		// the server closes bob's window before any welcome: the kit says so with its code, without the 10 s wait
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.windows.as("bob", "pw").join(main.instanceToken(), "settings"))
			.withMessageContaining("was closed (4003");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TestWindow.TIMEOUT);
		assertThat(main.isOpen()).isTrue();
	}

	@Test
	void aRefusedJoinIsCheckedByItsCloseCodeAndAnAcceptedOneIsNot() {
		TestWindow main = this.windows.as("alice", "pw").open("main");
		TestWindow refused = this.windows.as("bob", "pw").tryJoin(main.instanceToken(), "settings");
		assertThat(refused).isClosedWith(4003);
		assertThat(refused.isOpen()).isFalse();
		TestWindow accepted = this.windows.as("alice", "pw").tryJoin(main.instanceToken(), "settings");
		assertThat(accepted.next((frame) -> true).path("type").asString()).isEqualTo("welcome");
		assertThat(accepted.resolve("whoami", Map.of(), String.class)).isEqualTo("alice");
	}

	@Test
	void windowClosedByTheServerKeepsWhatCameBeforeAndFailsAWaitAtOnce() {
		TestWindow main = this.windows.open("main");
		main.listen("news");
		main.send("farewell", Map.of());
		assertThat(main).received("news").withPayload("last");
		long start = System.nanoTime();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(main).received("news"))
			.withMessageContaining("was closed (1000");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TestWindow.TIMEOUT);
		assertThat(main).isClosedWith(1000);
	}

	@Test
	void windowsOnAPortCloseEveryWindowTheyOpenedAndWaitForTheServersAnswer() {
		TestWindow main;
		TestWindow settings;
		TestWindow alices;
		try (TestWindows own = TestWindows.onPort(this.windows.port())) {
			main = own.open("main");
			settings = main.openSibling("settings");
			alices = own.as("alice", "pw").open("main");
			main.listen("news");
			this.app.emit("news", 1);
			assertThat(main).received("news").withPayload(1);
		}
		// closed, and each close answered by the server (the connection's end seen on this side)
		assertThat(List.of(main, settings, alices)).allSatisfy((window) -> {
			assertThat(window.isOpen()).isFalse();
			assertThat(window.awaitClosed(Duration.ZERO)).isTrue();
		});
	}

	@Test
	void channelDeliversEveryMessageInOrder() {
		try (TestWindow main = this.windows.open("main")) {
			TestChannel numbers = main.channel();
			main.resolve("count", Map.of("to", 500, "onNumber", numbers));
			assertThat(numbers.awaitEnd()).hasSize(500);
			assertThat(numbers.messages(Integer.class)).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
		}
	}

	@Test
	void droppedWindowResumesWithWhatWasSentMeanwhile() {
		try (TestWindow main = this.windows.open("main")) {
			main.listen("news");
			this.app.emit("news", 1);
			assertThat(main).received("news").withPayload(1);
			main.dropConnection();
			this.app.emit("news", 2);
			this.app.emit("news", 3);
			main.resume();
			assertThat(main).received("news").withPayload(2);
			assertThat(main).received("news").withPayload(3);
			this.app.emit("news", 4);
			assertThat(main).received("news").withPayload(4);
			assertThat(main).receivedNothingMoreWithin(Duration.ofMillis(100));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(BasicAuthSecurity.class)
	static class App {

		@Bean
		Commands commands() {
			return new Commands();
		}

	}

	static class Commands {

		@TauriCommand
		void download(AppHandle app, String url) {
			app.emit("download-progress", 1);
			app.emit("download-progress", 50);
			app.emit("download-finished", url);
			app.emit("download-progress", 100);
		}

		@TauriCommand
		void tell(AppHandle app, String label, String value) {
			app.emitTo(label, "theme", value);
		}

		@TauriCommand
		void farewell(AppHandle app, WebviewWindow window) {
			app.emit("news", "last");
			window.close();
		}

		@TauriCommand
		String whoami(Principal principal) {
			return principal.getName();
		}

		@TauriCommand
		void count(int to, Channel<Integer> onNumber) {
			for (int i = 0; i < to; i++) {
				onNumber.send(i);
			}
		}

	}

}
