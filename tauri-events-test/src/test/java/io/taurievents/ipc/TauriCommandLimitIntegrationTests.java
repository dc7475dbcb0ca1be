package io.taurievents.ipc;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.taurievents.TauriCommand;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-window limit on concurrent invokes: one runs, one waits, the next rejects at once; other windows are not
 * affected.
 */
@SpringBootTest(classes = TauriCommandLimitIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.command.max-concurrent-per-window=1",
				"tauri.events.command.max-queued-per-window=1" })
class TauriCommandLimitIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	BlockingCommands commands;

	@BeforeEach
	void reset() {
		this.commands.gate = new CountDownLatch(1);
		this.commands.started.set(0);
	}

	@AfterEach
	void release() {
		this.commands.gate.countDown();
	}

	@Test
	void invokesBeyondTheLimitWaitThenReject() {
		try (TestWindow window = TestWindow.connect(this.port, "main");
				TestWindow other = TestWindow.connect(this.port, "other")) {
			long running = window.send("block", Map.of());
			await().until(() -> this.commands.started.get() == 1);
			long waiting = window.send("block", Map.of());
			assertThat(window.reject("block", Map.of()).asString()).isEqualTo(
					"command block was rejected: too many invokes from window 'main': 1 running and 1 waiting");
			assertThat(other.resolve("count", Map.of()).asInt()).isEqualTo(1);
			assertThat(this.commands.started.get()).isEqualTo(1);
			this.commands.gate.countDown();
			assertThat(window.response(running).get("payload").asString()).isEqualTo("released");
			assertThat(window.response(waiting).get("payload").asString()).isEqualTo("released");
			assertThat(this.commands.started.get()).isEqualTo(2);
			assertThat(window.resolve("count", Map.of()).asInt()).isEqualTo(2);
		}
	}

	@Test
	void aReconnectedWindowStartsWithFreeSlots() {
		TestWindow window = TestWindow.connect(this.port, "main");
		window.send("block", Map.of());
		window.send("block", Map.of());
		await().until(() -> this.commands.started.get() == 1);
		window.close();
		try (TestWindow reconnected = TestWindow.connect(this.port, "main")) {
			assertThat(reconnected.resolve("count", Map.of()).asInt()).isEqualTo(1);
			this.commands.gate.countDown();
			assertThat(reconnected.resolve("block", Map.of()).asString()).isEqualTo("released");
			// the closed window's waiting invoke was dropped, not run
			assertThat(this.commands.started.get()).isEqualTo(2);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		BlockingCommands blockingCommands() {
			return new BlockingCommands();
		}

	}

	static class BlockingCommands {

		volatile CountDownLatch gate = new CountDownLatch(1);

		final AtomicInteger started = new AtomicInteger();

		@TauriCommand
		String block() throws InterruptedException {
			this.started.incrementAndGet();
			this.gate.await(30, TimeUnit.SECONDS);
			return "released";
		}

		@TauriCommand
		int count() {
			return this.started.get();
		}

	}

}
