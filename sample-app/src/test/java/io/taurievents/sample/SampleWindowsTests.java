package io.taurievents.sample;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.taurievents.EventTarget;
import io.taurievents.test.TestWindow;
import io.taurievents.test.TestWindows;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample's commands seen from its windows with the test kit; {@link SampleWindowsWithoutKitTests} without. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.periodic-event-interval=1h")
class SampleWindowsTests {

	@Autowired
	TestWindows windows;

	@Test
	void sendToSpecificWindowReachesOnlyThatWindowOfTheCallersTab() {
		TestWindow main = this.windows.open("main");
		TestWindow settings = main.openSibling("settings");
		TestWindow otherTab = this.windows.open("settings");
		main.listen("test-event", EventTarget.webviewWindow("main")); // as getCurrentWebviewWindow().listen(...)
		settings.listen("test-event");
		otherTab.listen("test-event");
		main.resolve("send_to_specific_window", Map.of("windowLabel", "settings", "data", "hi"));
		assertThat(settings).received("test-event").withPayload(Map.of("data", "hi"));
		assertThat(main).receivedNothingMoreWithin(Duration.ofMillis(300));
		assertThat(otherTab).receivedNothingMoreWithin(Duration.ofMillis(300));
	}

	@Test
	void badCredentialsRejectTheLoginAndTellTheCallingWindow() {
		TestWindow main = this.windows.open("main");
		main.listen("app-event");
		assertThat(main.reject("perform_login", Map.of("username", "ada", "password", "nope")).asString())
			.isEqualTo("Invalid credentials");
		assertThat(main).received("app-event")
			.withPayload(AppEvent.errorOccurred("invalid-credentials", "Invalid credentials for 'ada'", true));
	}

	@Test
	void settingsWindowMayNotSendToOtherWindows() {
		TestWindow settings = this.windows.open("settings");
		assertThat(settings.reject("send_to_specific_window", Map.of("windowLabel", "main", "data", "hi")).asString())
			.isEqualTo("Command send_to_specific_window not allowed by ACL");
	}

}
