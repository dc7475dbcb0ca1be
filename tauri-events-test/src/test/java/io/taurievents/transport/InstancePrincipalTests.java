package io.taurievents.transport;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.test.BasicAuthSecurity;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * App instances are bound to the principal of the handshake that started them: a token is worth nothing to
 * another user, and {@code per-user} mode groups a user's windows and refuses anonymous ones.
 */
class InstancePrincipalTests {

	@Nested
	@SpringBootTest(classes = SecuredApp.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class PerTab {

		@LocalServerPort
		int port;

		@Autowired
		AppHandle app;

		private final List<TestWindow> windows = new ArrayList<>();

		@AfterEach
		void closeWindows() {
			this.windows.forEach(TestWindow::close);
		}

		@Test
		void aTokenPresentedByAnotherUserIsRefused() {
			TestWindow alice = open("alice", null, true);
			TestWindow bob = open("bob", alice.instanceToken(), false);
			assertThat(bob.awaitClose().getCode()).isEqualTo(4003);
			assertThat(alice.isOpen()).isTrue();
		}

		@Test
		void aTokenPresentedAnonymouslyForAnAuthenticatedInstanceIsRefused() {
			TestWindow alice = open("alice", null, true);
			TestWindow anonymous = open(null, alice.instanceToken(), false);
			assertThat(anonymous.awaitClose().getCode()).isEqualTo(4003);
		}

		@Test
		void theSameUserJoinsWithTheToken() {
			TestWindow main = open("alice", null, true);
			TestWindow settings = this.track(main.openSibling("settings"));
			assertThat(settings.instanceToken()).isEqualTo(main.instanceToken());
			assertThat(this.app.instancesOf("alice")).isNotEmpty()
				.allSatisfy((instance) -> assertThat(instance.principalName()).contains("alice"));
			assertThat(this.app.instancesOf("bob")).isEmpty();
		}

		@Test
		void anAnonymousInstanceIsNotJoinedBySignedInUserWhoGetsANewOne() {
			TestWindow anonymous = open(null, null, true);
			TestWindow alice = open("alice", anonymous.instanceToken(), true);
			assertThat(alice.instanceToken()).isNotEqualTo(anonymous.instanceToken());
			assertThat(anonymous.isOpen()).isTrue();
		}

		private TestWindow open(@Nullable String user, @Nullable String token, boolean awaitWelcome) {
			return track(TestWindow.open(this.port, "main", token, BasicAuthSecurity.as(user), awaitWelcome));
		}

		private TestWindow track(TestWindow window) {
			this.windows.add(window);
			return window;
		}

	}

	@Nested
	@SpringBootTest(classes = SecuredApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "tauri.events.instances.mode=per-user")
	class PerUser {

		@LocalServerPort
		int port;

		@Test
		void anonymousWindowsAreRefused() {
			try (TestWindow anonymous = TestWindow.open(this.port, "main", null, BasicAuthSecurity.as(null), false)) {
				assertThat(anonymous.awaitClose().getCode()).isEqualTo(4004);
			}
		}

		@Test
		void everyWindowOfOneUserSharesOneInstanceWhateverTheTab() {
			try (TestWindow main = TestWindow.open(this.port, "main", null, BasicAuthSecurity.as("alice"), true);
					TestWindow settings = TestWindow.open(this.port, "settings", null, BasicAuthSecurity.as("alice"),
							true);
					TestWindow bobsMain = TestWindow.open(this.port, "main", null, BasicAuthSecurity.as("bob"), true)) {
				assertThat(settings.instanceToken()).isEqualTo(main.instanceToken());
				assertThat(bobsMain.instanceToken()).isNotEqualTo(main.instanceToken());
				main.listen("news", EventTarget.any());
				bobsMain.listen("news", EventTarget.any());
				bobsMain.listen("fence", EventTarget.any());
				settings.emit("news", "for alice");
				assertThat(main.nextEvent("news").get("payload").asString()).isEqualTo("for alice");
				bobsMain.emit("fence", "from bob");
				bobsMain.nextEvent("fence");
				assertThat(bobsMain.eventNames()).containsOnly("fence");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(BasicAuthSecurity.class)
	static class SecuredApp {

	}

}
