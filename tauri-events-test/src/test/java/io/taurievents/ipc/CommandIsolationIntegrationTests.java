package io.taurievents.ipc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.taurievents.TauriCommand;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, finding 3, with the default settings: a page that keeps as many slow invokes running as Boot's
 * application task executor has threads (8) delays neither another window's invokes nor the application's own
 * {@code applicationTaskExecutor} work.
 */
@SpringBootTest(classes = CommandIsolationIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CommandIsolationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SlowCommands commands;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	Executor applicationTaskExecutor;

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
	void slowInvokesOfOneWindowDelayNeitherOtherWindowsNorTheApplicationExecutor() throws Exception {
		try (TestWindow greedy = TestWindow.connect(this.port, "greedy");
				TestWindow other = TestWindow.connect(this.port, "other")) {
			long[] slow = new long[8];
			for (int i = 0; i < slow.length; i++) {
				slow[i] = greedy.send("slow", Map.of());
			}
			await().until(() -> this.commands.started.get() == 8);
			assertThat(other.resolve("greet", Map.of()).asString()).isEqualTo("hello");
			assertThat(greedy.resolve("greet", Map.of()).asString()).isEqualTo("hello");
			CompletableFuture.runAsync(() -> {
			}, this.applicationTaskExecutor).get(5, TimeUnit.SECONDS);
			this.commands.gate.countDown();
			for (long id : slow) {
				assertThat(greedy.response(id).get("payload").asString()).isEqualTo("done");
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		SlowCommands slowCommands() {
			return new SlowCommands();
		}

	}

	static class SlowCommands {

		volatile CountDownLatch gate = new CountDownLatch(1);

		final AtomicInteger started = new AtomicInteger();

		@TauriCommand
		String slow() throws InterruptedException {
			this.started.incrementAndGet();
			this.gate.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
			return "done";
		}

		@TauriCommand
		String greet() {
			return "hello";
		}

	}

}
