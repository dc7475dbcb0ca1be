package io.taurievents.ipc;

import java.security.Principal;

import org.junit.jupiter.api.Test;

import io.taurievents.TauriCommand;
import io.taurievents.ipc.CommandTestWindow.Response;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

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
	void principalComesFromTheHandshake() throws Exception {
		try (CommandTestWindow window = CommandTestWindow.connect(this.port, "main", "user", "pw")) {
			assertThat(window.call("whoami", "{}").text()).isEqualTo("user");
		}
	}

	@Test
	void preAuthorizeDenialRejectsClearly() throws Exception {
		try (CommandTestWindow window = CommandTestWindow.connect(this.port, "main", "user", "pw")) {
			Response denied = window.call("admin_only", "{}");
			assertThat(denied.ok()).isFalse();
			assertThat(denied.text()).isEqualTo("Command admin_only not allowed: access denied");
			assertThat(window.call("whoami", "{}").text()).isEqualTo("user");
		}
	}

	@Test
	void preAuthorizeGrantsTheRightUser() throws Exception {
		try (CommandTestWindow window = CommandTestWindow.connect(this.port, "main", "admin", "pw")) {
			assertThat(window.call("admin_only", "{}").text()).isEqualTo("secret");
		}
	}

	@Test
	void anonymousWindowIsRefusedSecuredCommandsAndPrincipals() throws Exception {
		try (CommandTestWindow window = CommandTestWindow.connect(this.port, "main")) {
			assertThat(window.call("admin_only", "{}").text())
				.isEqualTo("Command admin_only not allowed: authentication required");
			assertThat(window.call("whoami", "{}").text()).isEqualTo(
					"command whoami requires an authenticated window: the connection of window 'main' has no Principal");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSecurity
	@EnableMethodSecurity
	static class App {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}pw").roles("USER").build(),
					User.withUsername("admin").password("{noop}pw").roles("ADMIN").build());
		}

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
