package io.taurievents.test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * Spring Security for tests whose windows sign in with HTTP basic on the handshake: every request is permitted,
 * the users {@code user}, {@code alice} and {@code bob} (role USER) and {@code admin} (role ADMIN), password
 * {@code pw}. Import it into a test application.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class BasicAuthSecurity {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}pw").roles("USER").build(),
				User.withUsername("alice").password("{noop}pw").roles("USER").build(),
				User.withUsername("bob").password("{noop}pw").roles("USER").build(),
				User.withUsername("admin").password("{noop}pw").roles("ADMIN").build());
	}

	/**
	 * Handshake headers that sign in as a user.
	 * @param user the user name, or {@code null} for an anonymous window
	 * @return the headers
	 */
	public static WebSocketHttpHeaders as(@Nullable String user) {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		if (user != null) {
			headers.set("Authorization",
					"Basic " + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8)));
		}
		return headers;
	}

}
