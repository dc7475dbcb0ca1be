package io.taurievents.sample;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.taurievents.EventTarget;
import io.taurievents.test.CommandResult;
import io.taurievents.test.RecordingAppHandle;
import io.taurievents.test.TauriCommandTester;
import io.taurievents.test.TestChannel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's commands without a socket: {@link TauriCommandTester} runs them through the real pipeline (the
 * sample's capabilities and channels included), and {@link RecordingAppHandle} stands in for the {@code AppHandle}
 * of a unit test.
 */
@SpringBootTest(properties = "sample.periodic-event-interval=1h")
class SampleCommandTests {

	@Autowired
	TauriCommandTester commands;

	@Test
	void loginResolvesWithTheUserIdAndTellsTheCallingWindow() {
		CommandResult login = this.commands.invoke("perform_login", Map.of("username", "ada", "password", "tauri"));
		String userId = "user-" + Integer.toHexString("ada".hashCode());
		assertThat(login).resolvesTo(userId);
		assertThat(login.app()).emitted("app-event").withPayload(AppEvent.userLoggedIn(userId, "ada"));
	}

	@Test
	void onlyTheMainWindowMaySendTestEvents() {
		assertThat(this.commands.from("login").invoke("send_test_event_from_backend", Map.of("data", "hi")))
			.rejectsWith("Command send_test_event_from_backend not allowed by ACL");
		assertThat(this.commands.invoke("send_to_specific_window", Map.of("data", "hi")))
			.rejectsWithMessageContaining("missing required key windowLabel");
	}

	@Test
	void downloadStreamsTheSeedsTaggedEventsToTheCallersChannelOnly() {
		TestChannel onEvent = this.commands.channel();
		String url = "https://example.org/file";
		CommandResult download = this.commands.invoke("download", Map.of("url", url, "onEvent", onEvent));
		assertThat(download).isResolved();
		assertThat(onEvent.isEnded()).isTrue();
		assertThat(onEvent.messages(DownloadEvent.class)).containsExactly(DownloadEvent.started(url, 1, 1000),
				DownloadEvent.progress(1, 15), DownloadEvent.progress(1, 150), DownloadEvent.progress(1, 35),
				DownloadEvent.progress(1, 500), DownloadEvent.progress(1, 300), DownloadEvent.finished(1));
		assertThat(download.app()).emittedNothingMore();
	}

	@Test
	void testEventsGoToEveryWindowOrToOne() {
		RecordingAppHandle app = new RecordingAppHandle();
		TestEventCommands testEvents = new TestEventCommands(app,
				new SampleProperties(Duration.ofHours(1), Duration.ofSeconds(1)));
		testEvents.sendTestEventFromBackend(app, "to all");
		testEvents.sendToSpecificWindow(app, "settings", "to settings");
		assertThat(app).emitted("test-event").withPayload(Map.of("data", "to all")).to(EventTarget.any());
		assertThat(app).emitted("test-event").withPayload(Map.of("data", "to settings"))
			.to(EventTarget.labeled("settings"));
		assertThat(app).emittedNothingMore();
	}

}
