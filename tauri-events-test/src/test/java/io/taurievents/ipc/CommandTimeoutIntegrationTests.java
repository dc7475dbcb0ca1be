package io.taurievents.ipc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

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
 * Issue 11, finding 8: an invoke whose command never completes is rejected after {@code tauri.events.command.timeout},
 * frees its slot (one slot per window here) and cancels what the command returned or interrupts it.
 */
@SpringBootTest(classes = CommandTimeoutIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.command.timeout=500ms", "tauri.events.command.max-concurrent-per-window=1" })
class CommandTimeoutIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	NeverCommands commands;

	@Test
	void aFutureThatNeverCompletesIsRejectedCancelledAndFreesItsSlot() {
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			assertThat(window.reject("never", Map.of()).asString())
				.isEqualTo("command never timed out after 500ms (tauri.events.command.timeout)");
			// the invoke settles first (so the cancellation cannot decide its rejection), then the future is cancelled
			await().until(() -> this.commands.future.isCancelled());
			assertThat(window.resolve("greet", Map.of()).asString()).isEqualTo("hello");
		}
	}

	@Test
	void aMonoThatNeverCompletesIsRejectedAndCancelled() {
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			assertThat(window.reject("never_mono", Map.of()).asString())
				.isEqualTo("command never_mono timed out after 500ms (tauri.events.command.timeout)");
			await().untilTrue(this.commands.monoCancelled);
			assertThat(window.resolve("greet", Map.of()).asString()).isEqualTo("hello");
		}
	}

	@Test
	void aMethodThatNeverReturnsIsRejectedAndInterrupted() {
		try (TestWindow window = TestWindow.connect(this.port, "main")) {
			assertThat(window.reject("stuck", Map.of()).asString())
				.isEqualTo("command stuck timed out after 500ms (tauri.events.command.timeout)");
			await().untilTrue(this.commands.interrupted);
			assertThat(window.resolve("greet", Map.of()).asString()).isEqualTo("hello");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		NeverCommands neverCommands() {
			return new NeverCommands();
		}

	}

	static class NeverCommands {

		volatile CompletableFuture<String> future = new CompletableFuture<>();

		final AtomicBoolean monoCancelled = new AtomicBoolean();

		final AtomicBoolean interrupted = new AtomicBoolean();

		@TauriCommand
		CompletableFuture<String> never() {
			this.future = new CompletableFuture<>();
			return this.future;
		}

		@TauriCommand
		Mono<String> neverMono() {
			return Mono.<String>never().doOnCancel(() -> this.monoCancelled.set(true));
		}

		@TauriCommand
		String stuck() {
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				this.interrupted.set(true);
			}
			return "too late";
		}

		@TauriCommand
		String greet() {
			return "hello";
		}

	}

}
