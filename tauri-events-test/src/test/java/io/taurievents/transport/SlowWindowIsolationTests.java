package io.taurievents.transport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.test.RawWindow;
import io.taurievents.test.TestWindow;
import io.taurievents.webview.WebviewWindowDestroyedEvent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten healthy windows receive a steady stream of 400 events/s of 4 KB; an eleventh window stops reading. The
 * emitter (a plain thread, then a command) must never wait for the stalled window: the healthy windows receive
 * every event, in order, at the same pace as without it, and the stalled window is cut with 4008.
 */
@SpringBootTest(classes = SlowWindowIsolationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tauri.events.instances.mode=single", "tauri.events.send-buffer-size=1MB",
				"tauri.events.send-time-limit=2s" })
class SlowWindowIsolationTests {

	private static final int HEALTHY = 10;

	private static final int EVENTS = 2_000;

	private static final long PERIOD_NANOS = TimeUnit.MICROSECONDS.toNanos(2_500);

	private static final String DATA = "x".repeat(4 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	AppHandle app;

	@Autowired
	App.Destroyed destroyed;

	private final List<Healthy> healthy = new ArrayList<>();

	@AfterEach
	void close() {
		this.healthy.forEach(Healthy::close);
	}

	@Test
	void aWindowThatStopsReadingNeverSlowsTheEmitterNorTheOtherWindows() throws Exception {
		for (int i = 0; i < HEALTHY; i++) {
			this.healthy.add(new Healthy(this.port, "healthy-" + i, List.of("warm-up", "tick-a", "tick-b", "tick-c")));
		}
		// the first run warms up both sides, so the baseline is not penalised by the JIT
		run("warm-up", List.of(), false);
		Figures baseline = run("tick-a", List.of(), false);
		Figures stalledThread;
		// two stalled windows: the emitter must not wait for either, let alone for one after the other
		try (RawWindow stalled = stalledWindow("stalled-b", "tick-b");
				RawWindow second = stalledWindow("stalled-b2", "tick-b")) {
			stalledThread = run("tick-b", List.of(stalled, second), false);
		}
		Figures stalledCommand;
		try (RawWindow stalled = stalledWindow("stalled-c", "tick-c")) {
			stalledCommand = run("tick-c", List.of(stalled), true);
		}
		System.out.printf("baseline:                    %s%n", baseline);
		System.out.printf("stalled window, thread:      %s, ratio %.3f%n", stalledThread,
				stalledThread.onTime / (double) baseline.onTime);
		System.out.printf("stalled window, command:     %s, ratio %.3f%n", stalledCommand,
				stalledCommand.onTime / (double) baseline.onTime);
		for (Figures figures : List.of(baseline, stalledThread, stalledCommand)) {
			assertThat(figures.delivered).as("events delivered to the healthy windows").isEqualTo(HEALTHY * EVENTS);
			assertThat(figures.outOfOrder).as("events out of order").isZero();
		}
		assertThat(this.healthy).as("healthy windows still connected").allMatch(Healthy::isOpen);
		for (Figures figures : List.of(stalledThread, stalledCommand)) {
			assertThat(figures.onTime / (double) baseline.onTime).as("throughput ratio").isGreaterThanOrEqualTo(0.95);
			assertThat(figures.longestGapMillis).as("longest gap between two events (ms)").isLessThan(500);
			assertThat(figures.longestEmitMillis).as("longest emit (ms)").isLessThan(250);
		}
		assertThat(this.destroyed.statuses).containsEntry("stalled-b", 4008)
			.containsEntry("stalled-b2", 4008)
			.containsEntry("stalled-c", 4008);
		// disconnect handling (application listeners among it) runs neither on an emitter's thread nor under its locks
		assertThat(this.destroyed.threads).allSatisfy((label, thread) -> assertThat(thread).startsWith("tauri-events-close-"));
	}

	private RawWindow stalledWindow(String label, String event) throws Exception {
		RawWindow stalled = RawWindow.connect(this.port, label);
		assertThat(stalled.invoke(1, "plugin:event|listen", "{\"event\":\"" + event + "\",\"target\":{\"kind\":\"Any\"}}")
			.path("ok")
			.asBoolean()).isTrue();
		// from here on it reads nothing
		return stalled;
	}

	private Figures run(String event, List<RawWindow> stalled, boolean fromCommand) throws Exception {
		long start = System.nanoTime();
		long longestEmit;
		if (fromCommand) {
			try (TestWindow control = TestWindow.connect(this.port, "control-" + event)) {
				longestEmit = control.resolve("emit_stream", Map.of("event", event, "count", EVENTS)).asLong();
			}
		}
		else {
			longestEmit = emitStream(this.app, event, EVENTS);
		}
		// waits without failing, so that the figures are printed whatever happened
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		await().atMost(Duration.ofSeconds(70))
			.until(() -> System.nanoTime() > deadline || this.healthy.stream()
				.allMatch((window) -> window.received(event) == EVENTS || !window.isOpen()));
		for (int i = 0; i < stalled.size(); i++) {
			String label = "stalled-" + event.substring(event.length() - 1) + ((i > 0) ? String.valueOf(i + 1) : "");
			long cutDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			await().atMost(Duration.ofSeconds(40))
				.until(() -> System.nanoTime() > cutDeadline || this.destroyed.statuses.containsKey(label));
			System.out.printf("%s: server closed it with %d on thread %s; close code read by the page once it reads "
					+ "again: %s%n", label, this.destroyed.statuses.get(label), this.destroyed.threads.get(label),
					stalled.get(i).awaitCloseCode(Duration.ofSeconds(5)));
		}
		long onTime = 0;
		long longestGap = 0;
		long delivered = 0;
		long outOfOrder = 0;
		for (Healthy window : this.healthy) {
			delivered += window.received(event);
			outOfOrder += window.outOfOrder(event);
			onTime += window.onTime(event, start, TimeUnit.MILLISECONDS.toNanos(500));
			longestGap = Math.max(longestGap, window.longestGap(event));
		}
		return new Figures(delivered, outOfOrder, onTime, TimeUnit.NANOSECONDS.toMillis(longestGap),
				TimeUnit.NANOSECONDS.toMillis(longestEmit));
	}

	/** Emits a paced stream and returns the longest single emit, in nanoseconds. */
	static long emitStream(AppHandle app, String event, int count) {
		long start = System.nanoTime();
		long longest = 0;
		for (int i = 0; i < count; i++) {
			long due = start + i * PERIOD_NANOS;
			for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
				LockSupport.parkNanos(due - now);
			}
			long before = System.nanoTime();
			app.emit(event, Map.of("seq", i, "data", DATA));
			longest = Math.max(longest, System.nanoTime() - before);
		}
		return longest;
	}

	/**
	 * @param delivered events all healthy windows received
	 * @param outOfOrder events that did not arrive in emission order
	 * @param onTime events the healthy windows received at most 500 ms after the emitter's schedule: the throughput
	 * they kept at the stream's rate
	 */
	record Figures(long delivered, long outOfOrder, long onTime, long longestGapMillis, long longestEmitMillis) {

		@Override
		public String toString() {
			return "delivered " + this.delivered + " (" + this.outOfOrder + " out of order), on time " + this.onTime + " of " + (HEALTHY * EVENTS) + ", longest gap " + this.longestGapMillis
					+ " ms, longest emit " + this.longestEmitMillis + " ms";
		}

	}

	/** A healthy window that keeps only what the test measures, so 10 of them stay cheap. */
	static final class Healthy extends TextWebSocketHandler {

		final String label;

		private final WebSocketSession session;

		private final Map<String, Stream> streams = new ConcurrentHashMap<>();

		Healthy(int port, String label, List<String> events) throws Exception {
			this.label = label;
			events.forEach((event) -> this.streams.put(event, new Stream()));
			this.session = new StandardWebSocketClient()
				.execute(this, new WebSocketHttpHeaders(), URI.create("ws://localhost:" + port + "/tauri?label=" + label))
				.get(10, TimeUnit.SECONDS);
			int id = 1;
			for (String event : events) {
				this.session.sendMessage(new TextMessage("{\"type\":\"invoke\",\"id\":" + id++
						+ ",\"cmd\":\"plugin:event|listen\",\"args\":{\"event\":\"" + event
						+ "\",\"target\":{\"kind\":\"Any\"}}}"));
			}
			await().until(() -> this.responses == events.size());
		}

		private volatile int responses;

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			String text = message.getPayload();
			if (text.startsWith("{\"type\":\"response\"")) {
				this.responses++;
				return;
			}
			if (!text.startsWith("{\"type\":\"event\"")) {
				return;
			}
			int nameStart = text.indexOf("\"event\":\"", 10) + 9;
			Stream stream = this.streams.get(text.substring(nameStart, text.indexOf('"', nameStart)));
			int seqStart = text.indexOf("\"seq\":") + 6;
			int seqEnd = seqStart;
			while (Character.isDigit(text.charAt(seqEnd))) {
				seqEnd++;
			}
			stream.received(Integer.parseInt(text, seqStart, seqEnd, 10), System.nanoTime());
		}

		boolean isOpen() {
			return this.session.isOpen();
		}

		int received(String event) {
			return this.streams.get(event).count;
		}

		int outOfOrder(String event) {
			return this.streams.get(event).outOfOrder;
		}

		long longestGap(String event) {
			return this.streams.get(event).longestGap;
		}

		/** Events that arrived at most {@code lateness} after the emitter's schedule (the rate it kept). */
		long onTime(String event, long start, long lateness) {
			long[] arrivals = this.streams.get(event).arrivals;
			long count = 0;
			for (int seq = 0; seq < arrivals.length; seq++) {
				if (arrivals[seq] != 0 && arrivals[seq] - (start + seq * PERIOD_NANOS) <= lateness) {
					count++;
				}
			}
			return count;
		}

		void close() {
			try {
				this.session.close();
			}
			catch (Exception ex) {
				// already closed
			}
		}

		/** One event's arrivals; written by the connection's single reader thread. */
		static final class Stream {

			final long[] arrivals = new long[EVENTS];

			volatile int count;

			volatile int outOfOrder;

			volatile long longestGap;

			private long last;

			void received(int seq, long now) {
				if (seq != this.count) {
					this.outOfOrder++;
				}
				if (this.count > 0) {
					this.longestGap = Math.max(this.longestGap, now - this.last);
				}
				this.last = now;
				if (seq < EVENTS) {
					this.arrivals[seq] = now;
				}
				this.count++;
			}

		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		StreamCommands streamCommands() {
			return new StreamCommands();
		}

		@Bean
		Destroyed destroyed() {
			return new Destroyed();
		}

		static class StreamCommands {

			/** Emits a paced stream from the command's thread; resolves with the longest emit in nanoseconds. */
			@TauriCommand
			long emitStream(AppHandle app, String event, int count) {
				return SlowWindowIsolationTests.emitStream(app, event, count);
			}

		}

		static class Destroyed {

			final Map<String, Integer> statuses = new ConcurrentHashMap<>();

			final Map<String, String> threads = new ConcurrentHashMap<>();

			@EventListener
			void onDestroyed(WebviewWindowDestroyedEvent event) {
				String label = event.getWindow().label();
				if (label.startsWith("stalled-")) {
					this.threads.put(label, Thread.currentThread().getName());
				}
				this.statuses.put(label, event.getCloseStatus().getCode());
			}

		}

	}

}
