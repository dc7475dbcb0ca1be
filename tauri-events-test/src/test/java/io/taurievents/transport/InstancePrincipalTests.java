package io.taurievents.transport;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.test.BasicAuthSecurity;
import io.taurievents.test.TestWindow;
import io.taurievents.test.TestWindows;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
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

		@Autowired
		TestWindows windows;

		@Autowired
		AppHandle app;

		@Test
		void aTokenPresentedByAnotherUserIsRefused() {
			TestWindow alice = this.windows.as("alice", "pw").open("main");
			assertThat(this.windows.as("bob", "pw").tryJoin(alice.instanceToken(), "main")).isClosedWith(4003);
			assertThat(alice.isOpen()).isTrue();
		}

		@Test
		void aTokenPresentedAnonymouslyForAnAuthenticatedInstanceIsRefused() {
			TestWindow alice = this.windows.as("alice", "pw").open("main");
			assertThat(this.windows.tryJoin(alice.instanceToken(), "main")).isClosedWith(4003);
		}

		@Test
		void theSameUserJoinsWithTheToken() {
			TestWindow main = this.windows.as("alice", "pw").open("main");
			TestWindow settings = main.openSibling("settings");
			assertThat(settings.instanceToken()).isEqualTo(main.instanceToken());
			assertThat(this.app.instancesOf("alice")).isNotEmpty()
				.allSatisfy((instance) -> assertThat(instance.principalName()).contains("alice"));
			assertThat(this.app.instancesOf("bob")).isEmpty();
		}

		@Test
		void anAnonymousInstanceIsNotJoinedBySignedInUserWhoGetsANewOne() {
			TestWindow anonymous = this.windows.open("main");
			TestWindow alice = this.windows.as("alice", "pw").join(anonymous.instanceToken(), "main");
			assertThat(alice.instanceToken()).isNotEqualTo(anonymous.instanceToken());
			assertThat(anonymous.isOpen()).isTrue();
		}

	}

	@Nested
	@SpringBootTest(classes = SecuredApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "tauri.events.instances.mode=per-user")
	class PerUser {

		@Autowired
		TestWindows windows;

		@Test
		void anonymousWindowsAreRefused() {
			assertThat(this.windows.tryOpen("main")).isClosedWith(4004);
		}

		@Test
		void everyWindowOfOneUserSharesOneInstanceWhateverTheTab() {
			TestWindows alice = this.windows.as("alice", "pw");
			TestWindow main = alice.open("main");
			TestWindow settings = alice.open("settings");
			TestWindow bobsMain = this.windows.as("bob", "pw").open("main");
			assertThat(settings.instanceToken()).isEqualTo(main.instanceToken());
			assertThat(bobsMain.instanceToken()).isNotEqualTo(main.instanceToken());
			main.listen("news");
			bobsMain.listen("news");
			bobsMain.listen("fence");
			settings.emit("news", "for alice");
			assertThat(main).received("news").withPayload("for alice");
			bobsMain.emit("fence", "from bob");
			assertThat(bobsMain).received("fence").withPayload("from bob");
			assertThat(bobsMain.eventNames()).containsOnly("fence");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(BasicAuthSecurity.class)
	static class SecuredApp {

	}

}
