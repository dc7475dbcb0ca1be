package io.taurievents.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.taurievents.EventTarget;
import io.taurievents.TauriCommand;
import io.taurievents.test.TestWindow;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capabilities on a real server: Tauri's own capability file format (the example of Tauri's documentation, as is),
 * event-name scopes beyond Tauri, capabilities from the configuration, deny wins, and a denied command's
 * arguments are never bound.
 */
@SpringBootTest(classes = CapabilityIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.capabilities.locations=classpath:capabilities-test/*.json",
				"tauri.events.capabilities.definitions.settings.windows=settings",
				"tauri.events.capabilities.definitions.settings.permissions=core:event:allow-unlisten,allow-greet",
				"tauri.events.capabilities.definitions.settings.allowed-events.listen=settings-*",
				"tauri.events.capabilities.definitions.settings.denied-events.listen=settings-private" })
class CapabilityIntegrationTests {

	@LocalServerPort
	int port;

	private final List<TestWindow> windows = new ArrayList<>();

	@AfterEach
	void closeWindows() {
		this.windows.forEach(TestWindow::close);
	}

	@Test
	void tauriDocsCapabilityFileGivesMainEveryEvent() {
		TestWindow main = open("main");
		long id = main.listen("anything", EventTarget.any());
		main.emit("anything", 1);
		assertThat(main.nextEvent("anything").get("payload").asInt()).isEqualTo(1);
		main.resolve("plugin:event|emit_to", Map.of("target", "main", "event", "anything", "payload", 2));
		main.resolve("plugin:event|unlisten", Map.of("event", "anything", "eventId", id));
	}

	@Test
	void commandsNeedAnAllowAndDenyWins() {
		TestWindow main = open("main");
		assertThat(main.resolve("greet", Map.of("name", "Ada")).asString()).isEqualTo("Hello, Ada!");
		assertThat(main.resolve("count_items", Map.of("n", 3)).asInt()).isEqualTo(3);
		assertThat(main.reject("wipe_all", Map.of()).asString()).isEqualTo("Command wipe_all not allowed by ACL");
		assertThat(main.reject("typed", Map.of("n", 1)).asString()).isEqualTo("Command typed not allowed by ACL");
	}

	@Test
	void aDeniedCommandIsNotBound() {
		TestWindow main = open("main");
		assertThat(main.reject("typed", Map.of("n", "not a number")).asString())
			.isEqualTo("Command typed not allowed by ACL");
		// the same arguments, allowed, fail binding: the denial above came first
		assertThat(main.reject("count_items", Map.of("n", "not a number")).asString())
			.startsWith("invalid args `n` for command `count_items`");
	}

	@Test
	void windowGlobsMatchLabels() {
		TestWindow admin = open("admin-1");
		assertThat(admin.resolve("greet", Map.of("name", "Ada")).asString()).isEqualTo("Hello, Ada!");
		assertThat(admin.reject("plugin:event|listen", Map.of("event", "x", "target", Map.of("kind", "Any")))
			.asString()).isEqualTo("Command plugin:event|listen not allowed by ACL");
	}

	@Test
	void eventScopesAllowSomeEventsOnly() {
		TestWindow viewer = open("viewer");
		viewer.listen("public-news", EventTarget.any());
		assertThat(listenRejection(viewer, "public-secret")).isEqualTo(
				"Command plugin:event|listen not allowed by ACL: event 'public-secret' is not allowed for window 'viewer'");
		assertThat(listenRejection(viewer, "private")).isEqualTo(
				"Command plugin:event|listen not allowed by ACL: event 'private' is not allowed for window 'viewer'");
		viewer.emit("viewer-ready", true);
		assertThat(viewer.reject("plugin:event|emit", Map.of("event", "other", "payload", 1)).asString())
			.isEqualTo("Command plugin:event|emit not allowed by ACL: event 'other' is not allowed for window 'viewer'");
		assertThat(viewer
			.reject("plugin:event|emit_to", Map.of("target", "main", "event", "viewer-ready", "payload", 1))
			.asString()).isEqualTo("Command plugin:event|emit_to not allowed by ACL");
		assertThat(viewer.reject("greet", Map.of("name", "Ada")).asString())
			.isEqualTo("Command greet not allowed by ACL");
	}

	@Test
	void capabilitiesFromTheConfiguration() {
		TestWindow settings = open("settings");
		long id = settings.listen("settings-theme", EventTarget.any());
		assertThat(listenRejection(settings, "settings-private")).isEqualTo(
				"Command plugin:event|listen not allowed by ACL: event 'settings-private' is not allowed for window 'settings'");
		assertThat(settings.resolve("greet", Map.of("name", "Ada")).asString()).isEqualTo("Hello, Ada!");
		assertThat(settings.reject("plugin:event|emit", Map.of("event", "settings-theme", "payload", 1)).asString())
			.isEqualTo("Command plugin:event|emit not allowed by ACL");
		settings.resolve("plugin:event|unlisten", Map.of("event", "settings-theme", "eventId", id));
	}

	@Test
	void aWindowNoCapabilityMatchesMayDoNothing() {
		TestWindow other = open("other");
		assertThat(listenRejection(other, "anything")).isEqualTo("Command plugin:event|listen not allowed by ACL");
		assertThat(other.reject("plugin:event|emit", Map.of("event", "anything")).asString())
			.isEqualTo("Command plugin:event|emit not allowed by ACL");
		assertThat(other.reject("greet", Map.of("name", "Ada")).asString())
			.isEqualTo("Command greet not allowed by ACL");
		// the connection stays usable after rejections
		assertThat(other.reject("greet", Map.of("name", "Ada")).asString())
			.isEqualTo("Command greet not allowed by ACL");
	}

	private static String listenRejection(TestWindow window, String event) {
		return window.reject("plugin:event|listen", Map.of("event", event, "target", Map.of("kind", "Any")))
			.asString();
	}

	private TestWindow open(String label) {
		TestWindow window = TestWindow.openTab(this.port, label);
		this.windows.add(window);
		return window;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Commands commands() {
			return new Commands();
		}

	}

	static class Commands {

		@TauriCommand
		String greet(String name) {
			return "Hello, " + name + "!";
		}

		@TauriCommand
		int countItems(int n) {
			return n;
		}

		@TauriCommand
		void wipeAll() {
			throw new IllegalStateException("never allowed");
		}

		@TauriCommand
		int typed(int n) {
			return n;
		}

	}

}
