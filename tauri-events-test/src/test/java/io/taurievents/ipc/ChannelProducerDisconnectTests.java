package io.taurievents.ipc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.ipc.StreamingCommands.Outcome;
import io.taurievents.test.RawWindow;
import io.taurievents.webview.WebviewWindowDestroyedEvent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A channel producer waiting for credit from a page that stopped reading must learn at once that the window was
 * cut, not when the container finally reports the closed connection (which, for a page that reads nothing, can
 * take until the close handshake times out).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ChannelProducerDisconnectTests.App.class,
		properties = { "tauri.events.send-time-limit=1s", "tauri.events.send-buffer-size=64KB",
				"tauri.events.channel.window=4", "tauri.events.channel.send-timeout=60s" })
class ChannelProducerDisconnectTests {

	@LocalServerPort
	int port;

	@Autowired
	StreamingCommands commands;

	@Autowired
	AppHandle app;

	@Autowired
	App.Destroyed destroyed;

	@Test
	void producerWaitingForCreditFailsAsSoonAsItsWindowIsCut() throws Exception {
		try (RawWindow page = RawWindow.connect(this.port, "main")) {
			assertThat(page.invoke(1, "plugin:event|listen", "{\"event\":\"bulk\",\"target\":{\"kind\":\"Any\"}}")
				.path("ok")
				.asBoolean()).isTrue();
			page.sendText("{\"type\":\"invoke\",\"id\":2,\"cmd\":\"count\",\"args\":{\"count\":1000,"
					+ "\"onEvent\":\"__CHANNEL__:7\"}}");
			// from here on the page reads nothing and acknowledges nothing: the producer waits for credit
			await().until(() -> this.commands.outcome(7).producer != null);
			Outcome outcome = this.commands.outcome(7);
			String chunk = "x".repeat(64 * 1024);
			Thread emitter = new Thread(() -> {
				for (int i = 0; i < 2_000 && this.destroyed.statuses.isEmpty(); i++) {
					this.app.emit("bulk", Map.of("i", i, "data", chunk));
				}
			});
			emitter.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> !this.destroyed.statuses.isEmpty());
			long cut = System.nanoTime();
			assertThat(this.destroyed.statuses).containsExactly(4008);
			assertThat(outcome.failure.get(5, TimeUnit.SECONDS)).isInstanceOf(ChannelClosedException.class)
				.hasMessageContaining("disconnected");
			System.out.printf("producer failed %d ms after the window was cut%n",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut));
			emitter.join(10_000);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean(destroyMethod = "close")
		StreamingCommands streamingCommands(ChannelFactory channels) {
			return new StreamingCommands(channels);
		}

		@Bean
		Destroyed destroyed() {
			return new Destroyed();
		}

		static class Destroyed {

			final List<Integer> statuses = new CopyOnWriteArrayList<>();

			@EventListener
			void onDestroyed(WebviewWindowDestroyedEvent event) {
				this.statuses.add(event.getCloseStatus().getCode());
			}

		}

	}

}
