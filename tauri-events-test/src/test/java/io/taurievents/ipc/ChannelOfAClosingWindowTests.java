package io.taurievents.ipc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.test.RawWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A window that is closing (its connection closes once the frame being written is out) takes no more channel
 * messages: its producers learn it at once, instead of sending into the void until the container reports the
 * close, which for a page that stopped reading happens only after the stalled write times out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ChannelOfAClosingWindowTests.App.class,
		properties = { "tauri.events.send-time-limit=30s", "tauri.events.send-buffer-size=64MB",
				"tauri.events.channel.window=4", "tauri.events.channel.send-timeout=60s" })
class ChannelOfAClosingWindowTests {

	@LocalServerPort
	int port;

	@Autowired
	AppHandle app;

	@Autowired
	App.Subscriptions subscriptions;

	@Test
	void producersOfAClosingWindowLearnItAtOnce() throws Exception {
		try (RawWindow page = RawWindow.connect(this.port, "main")) {
			assertThat(page.invoke(1, "plugin:event|listen", "{\"event\":\"bulk\",\"target\":{\"kind\":\"Any\"}}")
				.path("ok")
				.asBoolean()).isTrue();
			assertThat(page.invoke(2, "subscribe", "{\"onEvent\":\"__CHANNEL__:3\"}").path("ok").asBoolean()).isTrue();
			Channel<String> channel = this.subscriptions.channel.get(10, TimeUnit.SECONDS);
			assertThat(channel.trySend("before")).isTrue();
			// a producer that used up the channel window: the page acknowledges nothing, so it waits for credit
			CompletableFuture<Throwable> producer = new CompletableFuture<>();
			Thread thread = new Thread(() -> {
				try {
					for (int i = 0; i < 10; i++) {
						channel.send("message " + i);
					}
				}
				catch (RuntimeException ex) {
					producer.complete(ex);
				}
			});
			thread.start();
			await().until(() -> thread.getState() == Thread.State.TIMED_WAITING);
			// the page reads nothing from here on: far more than the socket buffers hold, so a write stalls
			String chunk = "x".repeat(64 * 1024);
			for (int i = 0; i < 300; i++) {
				this.app.emit("bulk", Map.of("i", i, "data", chunk));
			}
			long closing = System.nanoTime();
			this.app.getWebviewWindow("main").orElseThrow().close();
			assertThat(producer.get(5, TimeUnit.SECONDS)).isInstanceOf(ChannelClosedException.class)
				.hasMessageContaining("disconnected");
			System.out.printf("the waiting producer failed %d ms after its window began closing%n",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing));
			assertThat(channel.isClosed()).isTrue();
			assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> channel.trySend("after"));
			assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> channel.send("after"));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Subscriptions subscriptions() {
			return new Subscriptions();
		}

		static class Subscriptions {

			final CompletableFuture<Channel<String>> channel = new CompletableFuture<>();

			@TauriCommand
			void subscribe(Channel<String> onEvent) {
				this.channel.complete(onEvent.keepOpen());
			}

		}

	}

}
