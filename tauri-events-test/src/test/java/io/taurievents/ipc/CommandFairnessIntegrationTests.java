package io.taurievents.ipc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
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
 * Issue 11, finding 3: free command threads go to waiting windows in turn, and a client's windows share one quota.
 * (Test windows all connect anonymously from one address, so they are one client.)
 */
@SpringBootTest(classes = CommandFairnessIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.command.max-threads=2", "tauri.events.command.max-concurrent-per-client=3" })
class CommandFairnessIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	GatedCommands commands;

	@Autowired
	CommandScheduler scheduler;

	@BeforeEach
	void reset() {
		this.commands.permits.drainPermits();
		this.commands.started.set(0);
	}

	@AfterEach
	void release() {
		this.commands.permits.release(1000);
	}

	@Test
	void aWindowWithManyWaitingInvokesGetsNoMoreTurnsThanOneWithOne() {
		try (TestWindow greedy = TestWindow.connect(this.port, "greedy");
				TestWindow other = TestWindow.connect(this.port, "other")) {
			List<Long> gated = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				gated.add(greedy.send("gated", Map.of()));
			}
			// both running invokes wait on the semaphore, so the two permits go to them, not to the next one to start
			await().until(() -> this.commands.permits.getQueueLength() == 2);
			long greet = other.send("greet", Map.of());
			// the frame travels: greet must wait in the scheduler (with greedy's eight) before threads free up
			await().until(() -> this.scheduler.waiting() == 9);
			// two threads free up: one for greedy's next invoke, one for other's turn, although greedy queued first
			this.commands.permits.release(2);
			assertThat(other.response(greet).get("payload").asString()).isEqualTo("hello");
			// in arrival order, greet would have waited for all ten
			assertThat(this.commands.started.get()).isLessThanOrEqualTo(4);
			this.commands.permits.release(1000);
			for (long id : gated) {
				assertThat(greedy.response(id).get("ok").asBoolean()).isTrue();
			}
		}
	}

	@Test
	void windowsOfOneClientShareItsQuota() {
		try (TestWindow first = TestWindow.connect(this.port, "first");
				TestWindow second = TestWindow.connect(this.port, "second")) {
			List<Long> firsts = List.of(first.send("async_gated", Map.of()), first.send("async_gated", Map.of()));
			List<Long> seconds = List.of(second.send("async_gated", Map.of()), second.send("async_gated", Map.of()));
			// asynchronous results hold no thread, so only the client quota (3) stops the fourth
			await().until(() -> this.commands.started.get() == 3);
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
				.until(() -> this.commands.started.get() == 3);
			this.commands.permits.release(1000);
			for (long id : firsts) {
				assertThat(first.response(id).get("payload").asString()).isEqualTo("done");
			}
			for (long id : seconds) {
				assertThat(second.response(id).get("payload").asString()).isEqualTo("done");
			}
			assertThat(this.commands.started.get()).isEqualTo(4);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		GatedCommands gatedCommands() {
			return new GatedCommands();
		}

	}

	static class GatedCommands {

		// fair, so released permits reach the invokes already waiting, not the next one to start
		final Semaphore permits = new Semaphore(0, true);

		final AtomicInteger started = new AtomicInteger();

		@TauriCommand
		String gated() throws InterruptedException {
			this.started.incrementAndGet();
			this.permits.tryAcquire(30, TimeUnit.SECONDS);
			return "done";
		}

		@TauriCommand
		CompletableFuture<String> asyncGated() {
			this.started.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> {
				try {
					this.permits.tryAcquire(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return "done";
			}, (task) -> new Thread(task, "async-gated").start());
		}

		@TauriCommand
		String greet() {
			return "hello";
		}

	}

}
