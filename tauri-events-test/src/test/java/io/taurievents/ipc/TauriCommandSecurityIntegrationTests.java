package io.taurievents.ipc;

import java.security.Principal;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands under Spring Security: the window's handshake user is the command's security context, so
 * {@code @PreAuthorize} applies, and a denial rejects the invoke with a clear message.
 */
@SpringBootTest(classes = TauriCommandSecurityIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TauriCommandSecurityIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void principalComesFromTheHandshake() {
		try (TestWindow window = connect("user")) {
			assertThat(window.resolve("whoami", Map.of()).asString()).isEqualTo("user");
		}
	}

	@Test
	void preAuthorizeDenialRejectsClearly() {
		try (TestWindow window = connect("user")) {
			assertThat(window.reject("admin_only", Map.of()).asString())
				.isEqualTo("Command admin_only not allowed: access denied");
			assertThat(window.resolve("whoami", Map.of()).asString()).isEqualTo("user");
		}
	}

	@Test
	void preAuthorizeGrantsTheRightUser() {
		try (TestWindow window = connect("admin")) {
			assertThat(window.resolve("admin_only", Map.of()).asString()).isEqualTo("secret");
		}
	}

	@Test
	void anonymousWindowIsRefusedSecuredCommandsAndPrincipals() {
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			assertThat(window.reject("admin_only", Map.of()).asString())
				.isEqualTo("Command admin_only not allowed: authentication required");
			assertThat(window.reject("whoami", Map.of()).asString()).isEqualTo(
					"command whoami requires an authenticated window: the connection of window 'main' has no Principal");
		}
	}

	/** Connects with HTTP basic authentication on the handshake request. */
	private TestWindow connect(String user) {
		return TestWindow.connect(this.port, "main", BasicAuthSecurity.as(user), true);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableMethodSecurity
	@Import(BasicAuthSecurity.class)
	static class App {

		@Bean
		SecuredCommands securedCommands() {
			return new SecuredCommands();
		}

	}

	static class SecuredCommands {

		@TauriCommand
		@PreAuthorize("hasRole('ADMIN')")
		public String adminOnly() {
			return "secret";
		}

		@TauriCommand
		public String whoami(Principal principal) {
			return principal.getName();
		}

	}

}
