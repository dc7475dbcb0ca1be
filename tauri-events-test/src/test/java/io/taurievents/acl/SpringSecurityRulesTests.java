package io.taurievents.acl;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.taurievents.EventTarget;
import io.taurievents.TauriCommand;
import io.taurievents.test.BasicAuthSecurity;
import io.taurievents.test.TestWindow;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security rules per command and per event: {@code AuthorizationManager<TauriCommandAccess>} and
 * {@code AuthorizationManager<TauriEventAccess>} beans decide with the window's handshake authentication, before
 * the arguments are bound.
 */
@SpringBootTest(classes = SpringSecurityRulesTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SpringSecurityRulesTests {

	@LocalServerPort
	int port;

	@Test
	void aRulePerCommand() {
		try (TestWindow user = open("user"); TestWindow admin = open("admin"); TestWindow anonymous = open(null)) {
			assertThat(user.resolve("hello", Map.of()).asString()).isEqualTo("hello");
			assertThat(user.reject("admin_reset", Map.of("count", "not bound")).asString())
				.isEqualTo("Command admin_reset not allowed: access denied");
			assertThat(anonymous.reject("admin_reset", Map.of("count", 1)).asString())
				.isEqualTo("Command admin_reset not allowed: authentication required");
			assertThat(admin.resolve("admin_reset", Map.of("count", 2)).asInt()).isEqualTo(2);
		}
	}

	@Test
	void aRulePerEvent() {
		try (TestWindow user = open("user"); TestWindow admin = open("admin")) {
			user.listen("news", EventTarget.any());
			assertThat(user.reject("plugin:event|listen", Map.of("event", "admin-audit", "target", Map.of("kind", "Any")))
				.asString()).isEqualTo("Command plugin:event|listen not allowed: access denied to event 'admin-audit'");
			assertThat(user.reject("plugin:event|emit", Map.of("event", "admin-audit", "payload", 1)).asString())
				.isEqualTo("Command plugin:event|emit not allowed: access denied to event 'admin-audit'");
			admin.listen("admin-audit", EventTarget.any());
			admin.emit("admin-audit", "checked");
			assertThat(admin.nextEvent("admin-audit").get("payload").asString()).isEqualTo("checked");
		}
	}

	private TestWindow open(@Nullable String user) {
		return TestWindow.open(this.port, "main", null, BasicAuthSecurity.as(user), true);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(BasicAuthSecurity.class)
	static class App {

		@Bean
		AuthorizationManager<TauriCommandAccess> commandAccess() {
			AuthorizationManager<TauriCommandAccess> admins = AuthorityAuthorizationManager.hasRole("ADMIN");
			return (authentication, access) -> access.command().startsWith("admin_")
					? admins.authorize(authentication, access) : new AuthorizationDecision(true);
		}

		@Bean
		AuthorizationManager<TauriEventAccess> eventAccess() {
			AuthorizationManager<TauriEventAccess> admins = AuthorityAuthorizationManager.hasRole("ADMIN");
			return (authentication, access) -> access.event().startsWith("admin-")
					? admins.authorize(authentication, access) : new AuthorizationDecision(true);
		}

		@Bean
		Commands commands() {
			return new Commands();
		}

	}

	static class Commands {

		@TauriCommand
		String hello() {
			return "hello";
		}

		@TauriCommand
		int adminReset(int count) {
			return count;
		}

	}

}
