package io.taurievents.limits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.taurievents.test.TestWindow;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, finding 5: anonymous windows from one address are limited; the next handshake gets HTTP 429 before any
 * WebSocket state exists, and a closed window gives its slot back.
 */
@SpringBootTest(classes = ConnectionLimitsIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "tauri.events.limits.max-connections-per-address=2")
class ConnectionLimitsIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void windowsBeyondTheAddressLimitAreRefusedAtTheHandshake() {
		TestWindow first = TestWindow.connect(this.port, "first");
		try (TestWindow second = TestWindow.connect(this.port, "second")) {
			assertThat(handshakeStatus("third")).isEqualTo(429);
			first.close();
			await().untilAsserted(() -> {
				try (TestWindow third = TestWindow.connect(this.port, "third")) {
					assertThat(third.isOpen()).isTrue();
				}
			});
			assertThat(second.isOpen()).isTrue();
		}
		finally {
			first.close();
		}
	}

	private int handshakeStatus(String label) {
		Throwable failure = catchThrowable(() -> HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/tauri?label=" + label), new WebSocket.Listener() {
			})
			.get(10, TimeUnit.SECONDS));
		Throwable cause = (failure instanceof CompletionException || failure instanceof ExecutionException)
				? failure.getCause() : failure;
		assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
		return ((WebSocketHandshakeException) cause).getResponse().statusCode();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
