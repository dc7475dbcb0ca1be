package io.taurievents.bench.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.LongToDoubleFunction;
import java.util.function.Supplier;

import io.taurievents.bench.client.Measurement.BenchFailure;
import io.taurievents.bench.client.Results.Figure;
import io.taurievents.bench.client.Results.RedisUse;
import io.taurievents.bench.client.Results.Row;
import org.jspecify.annotations.Nullable;

/**
 * Runs every scenario against one server stack and records the figures.
 */
final class Scenarios {

	private static final double NANOS_PER_SECOND = 1e9;

	private final Stack stack;

	/** Whose turn it is, when stacks run side by side. */
	private final Turns turns;

	private final Servers servers;

	/** The node that receives the triggers: the only one, or the first of a cluster. */
	private final ServerProcess server;

	private final LoadClient client;

	private final Plan plan;

	private final Results results;

	private final StrayMessages strays;

	private final boolean channels;

	private long channelIds = 3_405_691_582L;

	Scenarios(Stack stack, Servers servers, LoadClient client, Plan plan, Results results, StrayMessages strays,
			boolean channels, Turns turns) {
		this.stack = stack;
		this.turns = turns;
		this.servers = servers;
		this.server = servers.first();
		this.client = client;
		this.plan = plan;
		this.results = results;
		this.strays = strays;
		this.channels = channels;
	}

	/** The fan-out group, the one the {@code tauri-cluster} stack runs. */
	static final String FANOUT = "fanout";

	/** Scenario groups, for {@code --scenarios}. */
	static final List<String> ALL = List.of("heap", "emit", FANOUT, "invoke", "stream", "browser");

	void run(List<String> scenarios) {
		timed(scenarios, "heap", this::heap);
		timed(scenarios, "emit", () -> emit(1, false));
		timed(scenarios, FANOUT, () -> {
			// several nodes: fan-out only. One emitTo trigger is up to 200,000 events for the one window, far beyond
			// the entries the Redis stream keeps, so the other node would fall behind it and resync its windows
			boolean emitTo = this.servers.nodes().size() == 1;
			if (!emitTo) {
				this.results.note(this.stack.name() + ": no emitTo rows (bursts of up to " + this.plan.maxCount()
						+ " events, beyond the Redis stream's max-length)");
			}
			for (int windows : this.plan.fanOuts()) {
				emit(windows, emitTo && windows == this.plan.fanOuts().get(this.plan.fanOuts().size() - 1));
			}
		});
		timed(scenarios, "invoke", () -> {
			invoke(1);
			invoke(Plan.CALLERS);
		});
		timed(scenarios, "stream", () -> {
			stream(false);
			stream(true);
		});
		// last, so that the page's window never counts among another scenario's subscribers
		timed(scenarios, "browser",
				() -> new BrowserScenarios(this.stack.name(), this.server, this.plan, this.results).run());
	}

	private void timed(List<String> scenarios, String name, Runnable scenario) {
		if (scenarios.contains(name)) {
			long start = System.nanoTime();
			scenario.run();
			System.out.printf("  %-6s (%s: %.1f s)%n", this.stack.name(), name, (System.nanoTime() - start) / 1e9);
		}
	}

	// heap per idle connection

	private void heap() {
		int count = this.plan.heapWindows();
		Row row = new Row("heap per idle connection, " + count + " windows", "-", "bytes", false, Targets.HEAP_RAW, null);
		record(row, () -> {
			// connect and drop a few first, so classes and pools the connections need are already there
			LoadClient.closeAll(this.client.connect(this.stack, "warm", Math.min(200, count / 2), 60));
			sleep(this.plan.settleMillis());
			long before = Long.parseLong(call(() -> this.server.post("/bench/heap")).trim());
			List<Window> windows = this.client.connect(this.stack, "idle", count, 300);
			long after = Long.parseLong(call(() -> this.server.post("/bench/heap")).trim());
			LoadClient.closeAll(windows);
			sleep(this.plan.settleMillis());
			return Figure.of((double) (after - before) / count);
		});
	}

	// emit, fan-out, emitTo

	private void emit(int windowCount, boolean withEmitTo) {
		String name = (windowCount == 1) ? "emit → 1 window" : "emit fan-out → " + windowCount + " windows";
		String unit = (windowCount == 1) ? "events/s" : "deliveries/s";
		List<Window> windows;
		try {
			windows = this.client.connect(this.stack, "e" + windowCount + "-", windowCount, 120);
			windows.forEach(this.stack::subscribe);
			ServerProcess.awaitSubscribers(this.servers.nodes(), windowCount, 60);
		}
		catch (Exception ex) {
			for (int size : this.plan.sizes()) {
				fail(emitRow(name, unit, windowCount, size), ex);
				if (withEmitTo) {
					fail(emitToRow(windowCount, size), ex);
				}
			}
			return;
		}
		try {
			for (int size : this.plan.sizes()) {
				int count = this.plan.emitCount(windowCount, size);
				Row row = emitRow(name, unit, windowCount, size);
				record(row, () -> {
					measureEmit(windows, null, Math.max(1, count / 5), size);
					LongToDoubleFunction figure = (nanos) -> (double) count * windowCount * NANOS_PER_SECOND / nanos;
					long nanos = withRedis(row, count, () -> median(row, () -> measureEmit(windows, null, count, size), figure));
					return Figure.of(figure.applyAsDouble(nanos));
				});
			}
			if (withEmitTo) {
				Window target = windows.get(windowCount / 2);
				for (int size : this.plan.sizes()) {
					int count = this.plan.emitCount(1, size);
					Row row = emitToRow(windowCount, size);
					record(row, () -> {
						measureEmit(windows, target, Math.max(1, count / 5), size);
						LongToDoubleFunction figure = (nanos) -> count * NANOS_PER_SECOND / nanos;
						long nanos = withRedis(row, count,
								() -> median(row, () -> measureEmit(windows, target, count, size), figure));
						return Figure.of(figure.applyAsDouble(nanos));
					});
				}
			}
		}
		finally {
			closeAndSettle(windows);
		}
	}

	private static Row emitRow(String name, String unit, int windowCount, int size) {
		return new Row(name, label(size), unit, true, Targets.emitRaw(windowCount, size), Targets.THROUGHPUT_STOMP);
	}

	private Row emitToRow(int windowCount, int size) {
		return new Row("emitTo 1 label among " + windowCount + " windows", label(size), "events/s", true,
				Targets.EMIT_TO_RAW, Targets.THROUGHPUT_STOMP);
	}

	private long measureEmit(List<Window> windows, @Nullable Window target, int count, int size) {
		Measurement measurement = new Measurement((target != null) ? 1 : windows.size());
		for (Window window : windows) {
			window.armEvents(measurement, (target == null || target == window) ? count : 0);
		}
		boolean measured = false;
		try {
			String query = "/bench/emit?count=" + count + "&size=" + size
					+ ((target != null) ? "&label=" + target.label() : "");
			measurement.start();
			CompletableFuture<String> trigger = this.server.postAsync(query);
			trigger.whenComplete((body, ex) -> {
				if (ex != null) {
					measurement.fail("emit trigger failed: " + ex);
				}
			});
			long nanos = measurement.await(this.plan.timeoutSeconds());
			join(trigger);
			if (target != null) {
				// whatever reaches another window fails the run; give strays a moment to show up
				sleep(200);
				String failure = measurement.failure();
				if (failure != null) {
					throw new BenchFailure(failure);
				}
			}
			measured = true;
			return nanos;
		}
		finally {
			windows.forEach(Window::disarm);
			checkStrays(measured);
		}
	}

	// invoke round trip

	private void invoke(int callers) {
		String name = "invoke round trip, " + callers + ((callers == 1) ? " caller" : " callers");
		List<Window> windows;
		try {
			windows = this.client.connect(this.stack, "c" + callers + "-", callers, 60);
			windows.forEach(this.stack::prepareRequests);
		}
		catch (Exception ex) {
			for (int size : this.plan.sizes()) {
				fail(new Row(name, label(size), "ops/s", true, null, Targets.THROUGHPUT_STOMP), ex);
			}
			return;
		}
		try {
			for (int size : this.plan.sizes()) {
				Row p50 = new Row(name + ", p50", label(size), "µs", false, Targets.invokeP50Raw(callers), null);
				Row p99 = new Row(name + ", p99", label(size), "µs", false, null, null);
				Row throughput = new Row(name, label(size), "ops/s", true, null, Targets.THROUGHPUT_STOMP);
				int operations = this.plan.invokeCount(size, callers);
				try {
					measureInvoke(windows, Math.max(callers, operations / 5), size);
					// the repetition with the median elapsed time gives every figure of the row
					InvokeRun[] runs = new InvokeRun[this.plan.repeats()];
					double[] p50s = new double[runs.length];
					double[] rates = new double[runs.length];
					for (int i = 0; i < runs.length; i++) {
						runs[i] = InvokeRun.of(measureInvoke(windows, operations, size));
						p50s[i] = percentile(runs[i].latencies(), 0.50) / 1e3;
						rates[i] = operations * NANOS_PER_SECOND / runs[i].nanos();
						this.turns.pass();
					}
					this.results.repetitions(p50, this.stack.name(), p50s);
					this.results.repetitions(throughput, this.stack.name(), rates);
					Arrays.sort(runs, Comparator.comparingLong(InvokeRun::nanos));
					long[] latencies = runs[runs.length / 2].latencies();
					long nanos = runs[runs.length / 2].nanos();
					this.results.put(p50, this.stack.name(), Figure.of(percentile(latencies, 0.50) / 1e3));
					this.results.put(p99, this.stack.name(), Figure.of(percentile(latencies, 0.99) / 1e3));
					this.results.put(throughput, this.stack.name(), Figure.of(operations * NANOS_PER_SECOND / nanos));
				}
				catch (RuntimeException ex) {
					fail(p50, ex);
					fail(p99, ex);
					fail(throughput, ex);
				}
			}
		}
		finally {
			closeAndSettle(windows);
		}
	}

	/** @return the latencies, and the elapsed time as the last element */
	private long[] measureInvoke(List<Window> windows, int operations, int size) {
		Measurement measurement = new Measurement(windows.size());
		int perWindow = operations / windows.size();
		for (Window window : windows) {
			window.armEcho(measurement, perWindow, size);
		}
		boolean measured = false;
		try {
			measurement.start();
			windows.forEach(Window::startEcho);
			long nanos = measurement.await(this.plan.timeoutSeconds());
			long[] all = new long[perWindow * windows.size() + 1];
			int at = 0;
			for (Window window : windows) {
				long[] latencies = window.latencies();
				System.arraycopy(latencies, 0, all, at, latencies.length);
				at += latencies.length;
			}
			all[all.length - 1] = nanos;
			measured = true;
			return all;
		}
		finally {
			windows.forEach(Window::disarm);
			checkStrays(measured);
		}
	}

	/**
	 * Runs the measured repetitions of a figure, and with a cluster's Redis records its CPU time per repetition
	 * (and what its idle rate, measured over a second before, accounts for) and its {@code used_memory} before and
	 * at its peak (sampled every 100 ms) during them.
	 */
	private long withRedis(Row row, int messages, LongSupplier repetitions) {
		RedisProcess redis = this.servers.redis();
		if (redis == null) {
			return repetitions.getAsLong();
		}
		try {
			// what Redis spends with the nodes idle (their stream reads, heartbeats, liveness records) over a second
			double idleBefore = redis.cpuMillis();
			long idleStart = System.nanoTime();
			sleep(1000);
			double idleRate = (redis.cpuMillis() - idleBefore) / ((System.nanoTime() - idleStart) / 1e6);
			long memoryBefore = redis.usedMemory();
			AtomicLong peak = new AtomicLong(memoryBefore);
			ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
			double cpuBefore = redis.cpuMillis();
			long started = System.nanoTime();
			long nanos;
			try {
				sampler.scheduleWithFixedDelay(() -> {
					try {
						peak.accumulateAndGet(redis.usedMemory(), Math::max);
					}
					catch (IOException ex) {
						// a missed sample; the next one or the last one below counts
					}
				}, 100, 100, TimeUnit.MILLISECONDS);
				nanos = repetitions.getAsLong();
			}
			finally {
				sampler.shutdownNow();
			}
			double cpu = redis.cpuMillis() - cpuBefore;
			double idle = idleRate * (System.nanoTime() - started) / 1e6;
			peak.accumulateAndGet(redis.usedMemory(), Math::max);
			this.results.redis(new RedisUse(row, messages, cpu / this.plan.repeats(), idle / this.plan.repeats(),
					memoryBefore, peak.get()));
			return nanos;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("reading Redis INFO: " + ex, ex);
		}
	}

	/**
	 * Runs a measurement {@code repeats} times and returns the median elapsed time; every repetition's figure is
	 * kept too (for the per-repetition comparison of interleaved stacks).
	 */
	private long median(Row row, LongSupplier measurement, LongToDoubleFunction figure) {
		long[] elapsed = new long[this.plan.repeats()];
		double[] figures = new double[elapsed.length];
		for (int i = 0; i < elapsed.length; i++) {
			elapsed[i] = measurement.getAsLong();
			figures[i] = figure.applyAsDouble(elapsed[i]);
			this.turns.pass();
		}
		this.results.repetitions(row, this.stack.name(), figures);
		Arrays.sort(elapsed);
		return elapsed[elapsed.length / 2];
	}

	/**
	 * One repetition of an invoke figure.
	 * @param latencies every round trip's latency, sorted
	 * @param nanos the repetition's elapsed time
	 */
	private record InvokeRun(long[] latencies, long nanos) {

		/** From what {@link #measureInvoke} returns: the latencies, then the elapsed time. */
		static InvokeRun of(long[] measured) {
			long[] latencies = Arrays.copyOf(measured, measured.length - 1);
			Arrays.sort(latencies);
			return new InvokeRun(latencies, measured[measured.length - 1]);
		}

	}

	private static double percentile(long[] sorted, double fraction) {
		int index = (int) Math.ceil(fraction * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	// channel streaming

	private void stream(boolean binary) {
		String name = "channel stream, " + (binary ? "binary" : "JSON");
		if (!this.channels) {
			this.plan.sizes().forEach((size) -> this.results.put(new Row(name, label(size), "MB/s", true, Targets.CHANNEL_RAW, Targets.THROUGHPUT_STOMP),
					this.stack.name(), Figure.notImplemented()));
			return;
		}
		List<Window> windows;
		try {
			windows = this.client.connect(this.stack, binary ? "sb-" : "sj-", 1, 60);
			windows.forEach(this.stack::prepareRequests);
		}
		catch (Exception ex) {
			this.plan.sizes().forEach((size) -> fail(new Row(name, label(size), "MB/s", true, Targets.CHANNEL_RAW, Targets.THROUGHPUT_STOMP), ex));
			return;
		}
		Window window = windows.get(0);
		try {
			for (int size : this.plan.sizes()) {
				int count = this.plan.streamCount(size);
				Row row = new Row(name, label(size), "MB/s", true, Targets.CHANNEL_RAW, Targets.THROUGHPUT_STOMP);
				record(row, () -> {
					measureStream(window, Math.max(1, count / 5), size, binary);
					LongToDoubleFunction figure = (nanos) -> (double) count * size / 1e6 * NANOS_PER_SECOND / nanos;
					long nanos = median(row, () -> measureStream(window, count, size, binary), figure);
					return Figure.of(figure.applyAsDouble(nanos));
				});
			}
		}
		finally {
			closeAndSettle(windows);
		}
	}

	private long measureStream(Window window, int count, int size, boolean binary) {
		Measurement measurement = new Measurement(1);
		long channelId = this.channelIds++;
		window.armStream(measurement, count, channelId);
		boolean measured = false;
		try {
			measurement.start();
			this.stack.stream(window, channelId, count, size, binary);
			long nanos = measurement.await(this.plan.timeoutSeconds());
			measured = true;
			return nanos;
		}
		finally {
			window.disarm();
			checkStrays(measured);
		}
	}

	// plumbing

	private void record(Row row, Supplier<Figure> measure) {
		try {
			this.results.put(row, this.stack.name(), measure.get());
		}
		catch (RuntimeException ex) {
			fail(row, ex);
		}
	}

	private void fail(Row row, Exception ex) {
		String why = (ex instanceof BenchFailure) ? ex.getMessage() : ex.toString();
		System.out.printf("  %-6s %s %s: FAILED: %s%n", this.stack.name(), row.scenario(), row.payload(), why);
		this.results.put(row, this.stack.name(), Figure.failed(why));
	}

	/**
	 * Fails a measurement that arrivals outside it make wrong; after a failed one they are its consequence (a run
	 * that timed out still receives), and reporting them would hide why it failed.
	 */
	private void checkStrays(boolean measured) {
		List<String> stray = this.strays.drain();
		if (measured && !stray.isEmpty()) {
			throw new BenchFailure("unexpected arrivals: " + String.join("; ", stray));
		}
	}

	private void closeAndSettle(List<Window> windows) {
		try {
			LoadClient.closeAll(windows);
			ServerProcess.awaitSubscribers(this.servers.nodes(), 0, 60);
		}
		catch (Exception ex) {
			this.results.note(this.stack.name() + ": windows did not close cleanly: " + ex);
		}
		this.strays.drain();
	}

	static String label(int size) {
		return (size >= 1024) ? (size / 1024) + " KB" : size + " B";
	}

	private static <T> T join(CompletableFuture<T> future) {
		try {
			return future.get(5, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new BenchFailure("trigger failed: " + ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private interface IoCall {

		String call() throws Exception;

	}

	private static String call(IoCall call) {
		try {
			return call.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
