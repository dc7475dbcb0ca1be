package io.taurievents.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.taurievents.TauriCommand;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.stats.TauriEventsStats.Limit;
import io.taurievents.test.TestWindow;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Closing the context: running invokes get their responses, new invokes and windows are refused, then every window
 * is closed with 1001 so its page reconnects.
 */
class GracefulShutdownIntegrationTests {

	private final SlowCommands commands = new SlowCommands();

	@AfterEach
	void release() {
		this.commands.gate.countDown();
	}

	@Test
	void anInvokeInFlightGetsItsResponseThenTheWindowGets1001() {
		ConfigurableApplicationContext context = start("30s");
		TauriGracefulShutdown shutdown = context.getBean(TauriGracefulShutdown.class);
		TauriEventsStats stats = context.getBean(TauriEventsStats.class);
		int port = port(context);
		TestWindow window = TestWindow.openTab(port, "main");
		long running = window.send("slow", Map.of());
		await().until(() -> this.commands.started.get() == 1);
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().until(shutdown::isShuttingDown);
		assertThat(window.reject("slow", Map.of()).asString())
			.isEqualTo("command slow was rejected: the server is shutting down; retry after reconnecting");
		assertThat(stats.rejections(Limit.SHUTDOWN)).isEqualTo(1);
		assertThatException().isThrownBy(() -> TestWindow.openTab(port, "late"));
		assertThat(closing).isNotDone();
		this.commands.gate.countDown();
		JsonNode response = window.response(running);
		assertThat(response.get("ok").asBoolean()).isTrue();
		assertThat(response.get("payload").asString()).isEqualTo("done");
		CloseStatus status = window.awaitClose();
		assertThat(status.getCode()).isEqualTo(1001);
		assertThat(status.getReason()).isEqualTo("server shutting down");
		await().atMost(Duration.ofSeconds(20)).until(closing::isDone);
		assertThat(this.commands.started.get()).isEqualTo(1);
	}

	@Test
	void anInvokeThatDoesNotFinishInTimeIsRejectedBeforeTheWindowCloses() {
		ConfigurableApplicationContext context = start("2s");
		TestWindow window = TestWindow.openTab(port(context), "main");
		TestWindow idle = window.openSibling("idle");
		long running = window.send("slow", Map.of());
		await().until(() -> this.commands.started.get() == 1);
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		JsonNode response = window.response(running);
		assertThat(response.get("ok").asBoolean()).isFalse();
		assertThat(response.get("error").asString())
			.isEqualTo("command slow was rejected: the server shut down before it completed");
		assertThat(window.awaitClose().getCode()).isEqualTo(1001);
		assertThat(idle.awaitClose().getCode()).isEqualTo(1001);
		await().atMost(Duration.ofSeconds(20)).until(closing::isDone);
	}

	@Test
	void anImmediateShutdownRejectsRunningInvokesAtOnceAndStillCloses1001() {
		ConfigurableApplicationContext context = start("8s", "server.shutdown=immediate");
		TestWindow window = TestWindow.openTab(port(context), "main");
		long running = window.send("slow", Map.of());
		await().until(() -> this.commands.started.get() == 1);
		long closingStarted = System.nanoTime();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		JsonNode response = window.response(running);
		// not awaited: rejected well before the 8s a graceful shutdown would have given it
		assertThat(Duration.ofNanos(System.nanoTime() - closingStarted)).isLessThan(Duration.ofSeconds(4));
		assertThat(response.get("error").asString())
			.isEqualTo("command slow was rejected: the server shut down before it completed");
		assertThat(window.awaitClose().getCode()).isEqualTo(1001);
		// the task executor may still wait its own phase for the blocked command thread
		await().atMost(Duration.ofSeconds(30)).until(closing::isDone);
	}

	private ConfigurableApplicationContext start(String timeoutPerShutdownPhase, String... properties) {
		return new SpringApplicationBuilder(App.class).initializers((context) -> context.getBeanFactory()
			.registerSingleton("slowCommands", this.commands))
			.properties("server.port=0", "spring.lifecycle.timeout-per-shutdown-phase=" + timeoutPerShutdownPhase)
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	static class SlowCommands {

		final CountDownLatch gate = new CountDownLatch(1);

		final AtomicInteger started = new AtomicInteger();

		@TauriCommand
		String slow() throws InterruptedException {
			this.started.incrementAndGet();
			this.gate.await(30, TimeUnit.SECONDS);
			return "done";
		}

	}

}
