package io.taurievents.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.WebviewWindow;
import io.taurievents.ipc.Channel;
import io.taurievents.test.FaultyProxy;
import io.taurievents.test.ResumingTestWindow;
import io.taurievents.webview.WebviewWindowDestroyedEvent;
import io.taurievents.webview.WebviewWindowResyncEvent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Session resume under injected network faults, through a {@link FaultyProxy}: abrupt drops during traffic,
 * flapping, black holes, a resume racing the half-open old socket, overflow and expiry while detached, and a server
 * restart. Every figure is printed before it is asserted.
 */
@SpringBootTest(classes = ResumeFaultInjectionTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.resume.heartbeat-interval=300ms", "tauri.events.resume.window=2s",
				"tauri.events.instances.grace-period=1s" })
class ResumeFaultInjectionTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private AppHandle app;

	@Autowired
	private Commands commands;

	@Autowired
	private Lifecycle lifecycle;

	private FaultyProxy proxy;

	private final List<ResumingTestWindow> windows = new ArrayList<>();

	private final ScheduledExecutorService load = Executors.newScheduledThreadPool(2);

	@BeforeEach
	void startProxy() throws Exception {
		this.proxy = FaultyProxy.start(this.port);
	}

	@AfterEach
	void stop() throws Exception {
		this.load.shutdownNow();
		this.windows.forEach(ResumingTestWindow::close);
		this.proxy.close();
	}

	private ResumingTestWindow open(String label) {
		ResumingTestWindow window = ResumingTestWindow.open(this.proxy.port(), label);
		this.windows.add(window);
		return window;
	}

	@Test
	void hundredDropsDuringEventsInvokesAndAChannelLoseNothing() {
		ResumingTestWindow window = open("drops");
		window.listen("tick");
		AtomicLong emitted = new AtomicLong();
		this.load.scheduleAtFixedRate(() -> {
			for (int i = 0; i < 2; i++) {
				this.app.emit("tick", emitted.getAndIncrement());
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		List<CompletableFuture<JsonNode>> invokes = new CopyOnWriteArrayList<>();
		AtomicLong invokeArg = new AtomicLong(1_000_000);
		this.load.scheduleAtFixedRate(() -> invokes.add(window.invoke("work", Map.of("n", invokeArg.getAndIncrement()))),
				0, 5, TimeUnit.MILLISECONDS);
		ResumingTestWindow.PageChannel channel = window.channel();
		CompletableFuture<JsonNode> download = window.invoke("download",
				Map.of("count", 10_000, "onChunk", channel.argument()));
		int drops = 0;
		while (drops < 100) {
			long seenBefore = window.lastSeq();
			int connectionsBefore = this.proxy.accepted();
			// each drop on the resumed connection while frames flow: it processed some more first
			await().atMost(WAIT).until(() -> window.isReady() && window.lastSeq() > seenBefore + 20);
			drops += this.proxy.cutAll();
			int connections = connectionsBefore;
			await().atMost(WAIT).until(() -> this.proxy.accepted() > connections);
		}
		await().atMost(WAIT).until(() -> download.isDone() && channel.done().isDone());
		this.load.shutdownNow();
		await().atMost(WAIT).until(() -> this.load.isTerminated());
		long total = emitted.get();
		await().atMost(WAIT).until(() -> window.events().size() >= total
				&& invokes.stream().allMatch(CompletableFuture::isDone));
		List<Long> payloads = window.events().stream().map((event) -> event.get("payload").asLong()).toList();
		long invoked = invokes.size();
		long settled = invokes.stream().filter((invoke) -> !invoke.isCompletedExceptionally()).count();
		System.out.printf("Resume under faults: %d drops (%d reconnects, %d connections), %d events emitted, "
				+ "%d received, %d duplicate frames dropped by seq, %d gaps; %d invokes (%d sent again after a resume), "
				+ "%d settled, %d executions; channel %d messages (%d out of order, %d acks sent again)%n", drops,
				window.reconnects(), this.proxy.accepted(), total, payloads.size(), window.duplicateFrames(),
				window.gaps(), invoked, window.resentInvokes(), settled,
				this.commands.executions.entrySet().stream().filter((entry) -> entry.getKey() >= 1_000_000)
					.mapToInt((entry) -> entry.getValue().get()).sum(),
				channel.messages().size(), channel.outOfOrder(), window.resentAcks());
		assertThat(window.resyncs()).isEmpty();
		assertThat(window.gaps()).isZero();
		assertThat(payloads).hasSize((int) total);
		for (int i = 0; i < payloads.size(); i++) {
			assertThat(payloads.get(i)).as("event %d", i).isEqualTo(i);
		}
		assertThat(window.duplicateResponses()).isZero();
		assertThat(settled).isEqualTo(invoked);
		for (CompletableFuture<JsonNode> invoke : invokes) {
			JsonNode response = invoke.join();
			assertThat(response.get("ok").asBoolean()).isTrue();
		}
		Map<Long, Integer> executed = new java.util.TreeMap<>();
		this.commands.executions.forEach((n, count) -> {
			if (n >= 1_000_000) {
				executed.put(n, count.get());
			}
		});
		assertThat(executed).hasSize((int) invoked);
		assertThat(executed.values()).allMatch((count) -> count == 1);
		assertThat(download.join().get("ok").asBoolean()).as("download %s", download.join()).isTrue();
		assertThat(channel.error()).isNull();
		assertThat(channel.outOfOrder()).isZero();
		List<JsonNode> messages = channel.messages();
		assertThat(messages).hasSize(10_000);
		for (int i = 0; i < messages.size(); i++) {
			assertThat(messages.get(i).asInt()).isEqualTo(i);
		}
		assertThat(this.commands.downloads.get()).isEqualTo(1);
	}

	@Test
	void flappingConnectionLosesNothing() {
		ResumingTestWindow window = open("flapping");
		window.listen("flap");
		AtomicLong emitted = new AtomicLong();
		this.load.scheduleAtFixedRate(() -> this.app.emit("flap", emitted.getAndIncrement()), 0, 1,
				TimeUnit.MILLISECONDS);
		int drops = 0;
		while (drops < 20) {
			// drop again as soon as the page is back on a new connection, without waiting for traffic
			int connections = this.proxy.accepted();
			drops += this.proxy.cutAll();
			await().atMost(WAIT).until(() -> this.proxy.accepted() > connections && window.isReady());
		}
		this.load.shutdownNow();
		await().atMost(WAIT).until(() -> this.load.isTerminated());
		long total = emitted.get();
		await().atMost(WAIT).until(() -> window.events().size() >= total);
		System.out.printf("Flapping: 20 drops in quick succession, %d reconnects, %d events, %d received%n",
				window.reconnects(), total, window.events().size());
		assertThat(window.resyncs()).isEmpty();
		assertThat(window.events().stream().map((event) -> event.get("payload").asLong()).toList())
			.containsExactlyElementsOf(java.util.stream.LongStream.range(0, total).boxed().toList());
	}

	@Test
	void dropBeforeTheFirstEvent() {
		ResumingTestWindow window = open("early");
		window.listen("early");
		this.proxy.cutAll();
		for (int i = 0; i < 100; i++) {
			this.app.emit("early", i);
		}
		await().atMost(WAIT).until(() -> window.events().size() >= 100);
		assertThat(window.reconnects()).isGreaterThanOrEqualTo(1);
		assertThat(window.resyncs()).isEmpty();
		assertThat(window.events().stream().map((event) -> event.get("payload").asInt()).toList())
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).boxed().toList());
	}

	@Test
	void dropAfterAQuietPeriodLongerThanAHeartbeat() {
		ResumingTestWindow window = open("quiet");
		window.listen("quiet");
		// quiet for more than a heartbeat interval: the server's heartbeats keep the connection alive
		await().atMost(WAIT).until(() -> window.heartbeats() >= 3);
		assertThat(window.reconnects()).isZero();
		this.proxy.cutAll();
		this.app.emit("quiet", "after");
		await().atMost(WAIT).until(() -> window.events().size() == 1);
		System.out.printf("Quiet period: %d heartbeats, then a drop: %d reconnects%n", window.heartbeats(),
				window.reconnects());
		assertThat(window.resyncs()).isEmpty();
		assertThat(window.events().get(0).get("payload").asString()).isEqualTo("after");
	}

	@Test
	void resumeRacingTheHalfOpenOldSocketTakesTheSessionOver() {
		ResumingTestWindow window = open("race");
		window.listen("race");
		this.app.emit("race", 0);
		await().atMost(WAIT).until(() -> window.events().size() == 1);
		// the old connection is silently dead, but the server has not noticed yet (3 heartbeats)
		this.proxy.blackHoleAll();
		for (int i = 1; i <= 50; i++) {
			this.app.emit("race", i);
		}
		WindowSession session = (WindowSession) this.app.getWebviewWindow("race").orElseThrow();
		String halfOpen = session.connectionId();
		assertThat(halfOpen).isNotNull();
		window.dropAndResume();
		await().atMost(WAIT).until(() -> window.events().size() == 51);
		assertThat(session.connectionId()).isNotEqualTo(halfOpen);
		assertThat(window.resyncs()).isEmpty();
		assertThat(window.welcomes()).last().satisfies((welcome) -> assertThat(welcome.get("resumed").asBoolean()).isTrue());
		assertThat(window.events().stream().map((event) -> event.get("payload").asInt()).toList())
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, 50).boxed().toList());
	}

	@Test
	void overflowWhileDetachedFailsTheResumeClearly() {
		ResumingTestWindow window = open("overflow");
		window.listen("big");
		window.reconnect(false);
		WindowSession session = (WindowSession) this.app.getWebviewWindow("overflow").orElseThrow();
		this.proxy.cutAll();
		await().atMost(WAIT).until(() -> session.connectionId() == null);
		String chunk = "x".repeat(10_000);
		for (int i = 0; i < 150; i++) {
			// 1.5 MB for a 1 MB buffer; the emitter never waits
			this.app.emit("big", chunk);
		}
		await().atMost(WAIT).until(() -> !session.isOpen());
		window.reconnect(true);
		window.reconnectNow();
		await().atMost(WAIT).until(() -> window.resyncs().size() == 1);
		assertThat(window.resyncs()).containsExactly("overflow");
		assertThat(window.welcomes()).last().satisfies((welcome) -> {
			assertThat(welcome.get("resumed").asBoolean()).isFalse();
			assertThat(welcome.get("reason").asString()).isEqualTo("overflow");
		});
		// published once the welcome is on its way: the page may read it first
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(this.lifecycle.resyncs).contains("overflow:overflow");
			assertThat(this.lifecycle.destroyed).contains("overflow:4008");
		});
		// listened again on the new session
		await().atMost(WAIT).untilAsserted(() -> {
			this.app.emit("big", "small");
			assertThat(window.events()).isNotEmpty();
		});
	}

	@Test
	void expiredSessionFailsTheResumeClearly() {
		ResumingTestWindow window = open("expired");
		window.reconnect(false);
		WindowSession session = (WindowSession) this.app.getWebviewWindow("expired").orElseThrow();
		CompletableFuture<JsonNode> pending = window.invoke("slow", Map.of());
		this.proxy.cutAll();
		await().atMost(WAIT).until(() -> !session.isOpen());
		this.commands.release.complete(null);
		window.reconnect(true);
		window.reconnectNow();
		await().atMost(WAIT).until(() -> window.resyncs().size() == 1);
		assertThat(window.resyncs()).containsExactly("expired");
		assertThat(pending).isCompletedExceptionally();
		assertThat(this.lifecycle.resyncs).contains("expired:expired");
	}

	@Test
	void serverRestartIsNotResumedAndSaysSo() {
		ResumingTestWindow window = open("restart");
		window.listen("again");
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(App.class)
			.properties("server.port=0", "tauri.events.resume.heartbeat-interval=300ms")
			.run()) {
			int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
			this.proxy.retarget(secondPort);
			this.proxy.cutAll();
			await().atMost(WAIT).until(() -> window.resyncs().size() == 1);
			assertThat(window.resyncs()).containsExactly("restarted");
			AppHandle secondApp = second.getBean(AppHandle.class);
			await().atMost(WAIT).untilAsserted(() -> {
				secondApp.emit("again", "hello");
				assertThat(window.events()).isNotEmpty();
			});
		}
	}

	@Test
	void blackHoledConnectionIsDetectedByTheServer() {
		ResumingTestWindow window = open("blackhole");
		window.detectDeadServer(false);
		WindowSession session = (WindowSession) this.app.getWebviewWindow("blackhole").orElseThrow();
		// the server watches a page's silence once it has heard its first delivered
		await().atMost(WAIT).until(session::isHeartbeating);
		long start = System.nanoTime();
		this.proxy.blackHoleAll();
		await().atMost(Duration.ofSeconds(3)).until(() -> session.connectionId() == null);
		long detected = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		System.out.printf("Black hole detected by the server after %d ms (heartbeat 300 ms)%n", detected);
		assertThat(session.isOpen()).as("detached, not ended").isTrue();
	}

	@Test
	void intentionalCloseEndsTheSessionAtOnce() {
		ResumingTestWindow window = open("bye");
		window.close();
		await().atMost(Duration.ofSeconds(1)).until(() -> this.lifecycle.destroyed.contains("bye:1000"));
		assertThat(this.app.getWebviewWindow("bye")).isEmpty();
	}

	@Test
	void duplicateInvokeIdsRunOnce() {
		ResumingTestWindow window = open("dupes");
		JsonNode first = window.invoke("work", Map.of("n", 7)).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(first.get("payload").asLong()).isEqualTo(14);
		WindowSession session = (WindowSession) this.app.getWebviewWindow("dupes").orElseThrow();
		assertThat(session.acceptInvoke(1)).as("id 1 again").isFalse();
		assertThat(this.commands.executions.get(7L).get()).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Commands commands() {
			return new Commands();
		}

		@Bean
		Lifecycle lifecycle() {
			return new Lifecycle();
		}

	}

	static class Commands {

		final Map<Long, AtomicInteger> executions = new ConcurrentHashMap<>();

		final AtomicInteger downloads = new AtomicInteger();

		final CompletableFuture<Void> release = new CompletableFuture<>();

		@TauriCommand
		long work(long n) {
			this.executions.computeIfAbsent(n, (key) -> new AtomicInteger()).incrementAndGet();
			return n * 2;
		}

		@TauriCommand
		void download(int count, Channel<Integer> onChunk) {
			this.downloads.incrementAndGet();
			for (int i = 0; i < count; i++) {
				onChunk.send(i);
			}
		}

		@TauriCommand
		CompletableFuture<String> slow() {
			return this.release.thenApply((ignored) -> "done");
		}

	}

	static class Lifecycle {

		final List<String> destroyed = new CopyOnWriteArrayList<>();

		final List<String> resyncs = new CopyOnWriteArrayList<>();

		@EventListener
		void onDestroyed(WebviewWindowDestroyedEvent event) {
			this.destroyed.add(event.getWindow().label() + ":" + event.getCloseStatus().getCode());
		}

		@EventListener
		void onResync(WebviewWindowResyncEvent event) {
			WebviewWindow window = event.getWindow();
			this.resyncs.add(window.label() + ":" + event.getReason());
		}

	}

}
