package io.taurievents.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.taurievents.test.TestWindow;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake's defences and their customization on a real server: the Host check that refuses DNS rebinding,
 * a {@link TauriHandshakeCustomizer}'s interceptor and handshake handler, and windows that end when their
 * authentication ends (logout, token expiry).
 */
@SpringBootTest(classes = HandshakeSecurityTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class HandshakeSecurityTests {

	@LocalServerPort
	int port;

	@Test
	void aDnsReboundHostIsRefusedOnLoopback() throws IOException {
		String rebound = "rebind.attacker.example:" + this.port;
		assertThat(handshakeStatus(rebound, "http://" + rebound, Map.of())).isEqualTo(403);
		assertThat(handshakeStatus("localhost:" + this.port, "http://localhost:" + this.port, Map.of()))
			.isEqualTo(101);
		assertThat(handshakeStatus("127.0.0.1:" + this.port, "http://127.0.0.1:" + this.port, Map.of()))
			.isEqualTo(101);
	}

	@Test
	void aCustomizerAllowsMoreHostsAndAddsInterceptors() throws IOException {
		String allowed = "app.example.test:" + this.port;
		assertThat(handshakeStatus(allowed, "http://" + allowed, Map.of())).isEqualTo(101);
		assertThat(handshakeStatus("localhost:" + this.port, "http://localhost:" + this.port,
				Map.of("X-Refuse", "yes")))
			.isEqualTo(403);
	}

	@Test
	void logoutEndsTheUsersWindows() throws Exception {
		HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=alice&password=pw"))
			.build(), HttpResponse.BodyHandlers.ofString());
		String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.set("Cookie", cookie);
		try (TestWindow window = TestWindow.open(this.port, "main", null, headers, true);
				TestWindow anonymous = TestWindow.openTab(this.port, "main")) {
			http.send(HttpRequest.newBuilder(URI.create(base() + "/logout"))
				.header("Cookie", cookie)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			// ours, or Tomcat's own close of a connection whose HTTP session ended, whichever listener runs first
			assertThat(window.awaitClose().getCode()).isIn(4401, 1008);
			assertThat(anonymous.isOpen()).isTrue();
		}
	}

	@Test
	void aWindowEndsWhenItsTokenExpires() {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.set("X-Token-Lifetime", "1500");
		try (TestWindow window = TestWindow.open(this.port, "main", null, headers, true)) {
			assertThat(window.resolve("plugin:event|emit", Map.of("event", "still-here")).isNull()).isTrue();
			assertThat(window.awaitClose().getCode()).isEqualTo(4401);
		}
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	/** Sends a WebSocket upgrade request by hand, with any Host, and returns the response status. */
	private int handshakeStatus(String host, String origin, Map<String, String> extraHeaders) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder().append("GET /tauri?label=main HTTP/1.1\r\n")
				.append("Host: ").append(host).append("\r\n")
				.append("Origin: ").append(origin).append("\r\n")
				.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
				.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
			extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			OutputStream out = socket.getOutputStream();
			out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			return Integer.parseInt(status.split(" ")[1]);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSecurity
	static class App {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf(AbstractHttpConfigurer::disable)
				.formLogin((form) -> form.successHandler((request, response, authentication) -> response.setStatus(200)))
				.logout((logout) -> logout.logoutSuccessHandler((request, response, authentication) -> response
					.setStatus(200)));
			return http.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}pw").roles("USER").build());
		}

		@Bean
		TauriHandshakeCustomizer testHandshake() {
			return (handshake) -> {
				handshake.allowedHosts().add("*.example.test");
				handshake.interceptors().add(new RefusingInterceptor());
				handshake.handshakeHandler(new TokenHandshakeHandler());
			};
		}

	}

	/** Refuses handshakes that ask for it, as an application's own check would. */
	static class RefusingInterceptor implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			if (request.getHeaders().containsHeader("X-Refuse")) {
				response.setStatusCode(HttpStatus.FORBIDDEN);
				return false;
			}
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				@Nullable Exception exception) {
		}

	}

	/** Authenticates a window with an OAuth 2 access token of the requested lifetime, as a bearer login would. */
	static class TokenHandshakeHandler extends DefaultHandshakeHandler {

		@Override
		protected @Nullable Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
				Map<String, Object> attributes) {
			List<String> lifetime = request.getHeaders().get("X-Token-Lifetime");
			if (lifetime == null) {
				return super.determineUser(request, wsHandler, attributes);
			}
			Instant now = Instant.now();
			OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "token", now,
					now.plus(Duration.ofMillis(Long.parseLong(lifetime.get(0)))));
			return new TestingAuthenticationToken("bearer-user", token, "ROLE_USER");
		}

	}

}
