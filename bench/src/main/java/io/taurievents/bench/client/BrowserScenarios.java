package io.taurievents.bench.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.taurievents.bench.client.Measurement.BenchFailure;
import io.taurievents.bench.client.Results.Figure;
import io.taurievents.bench.client.Results.Row;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code browser} scenario group: one page per stack ({@code bench/pages}: {@code @taurievents/api},
 * a plain {@code WebSocket}, stomp.js) in Debian's headless Chromium, driven with Selenium. The page does the
 * measuring with its own clock ({@code performance.now()}, cross-origin isolated) and what a real page does per
 * message: parse it, check its sequence number, count it. This class only asks it to run
 * ({@code window.bench.events/invoke/stream}, see {@code bench/pages/src/harness.ts}) and records what it
 * returns; a page that lost, reordered, received a stray message or timed out yields FAILED.
 */
final class BrowserScenarios {

	/** Where {@code bench/pages} builds the pages; every bench server serves it as static resources. */
	static final Path PAGES = Path.of("bench/target/pages");

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final String PREFIX = "Chromium: ";

	private static final int KB = 1024;

	private final String stack;

	private final ServerProcess server;

	private final Plan plan;

	private final Results results;

	BrowserScenarios(String stack, ServerProcess server, Plan plan, Results results) {
		this.stack = stack;
		this.server = server;
		this.plan = plan;
		this.results = results;
	}

	/** @return why the group cannot run on this machine, or {@code null} when it can */
	static @Nullable String unavailable() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			return "Chromium is missing (apt-get install -y chromium chromium-driver)";
		}
		if (!Files.isRegularFile(PAGES.resolve("tauri.html"))) {
			return "the pages are not built (bench/run.sh builds them with npm into " + PAGES + ")";
		}
		return null;
	}

	void run() {
		String why = unavailable();
		if (why != null) {
			if (this.plan.name().equals("smoke")) {
				this.results.note(this.stack + ": browser scenarios skipped: " + why);
			}
			else {
				rows().forEach((row) -> fail(row, why));
			}
			return;
		}
		ChromeDriver driver;
		try {
			driver = startBrowser();
		}
		catch (RuntimeException ex) {
			rows().forEach((row) -> fail(row, "Chromium did not start: " + ex.getMessage()));
			return;
		}
		try {
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(this.plan.timeoutSeconds() + 30));
			// tauri-metrics is the tauri server with metrics on: same page
			String page = this.stack.startsWith("tauri") ? "tauri" : this.stack;
			driver.get("http://127.0.0.1:" + this.server.port() + "/" + page + ".html");
			Map<String, Object> ready = call(driver, "window.bench.ready()");
			if (!Boolean.TRUE.equals(ready.get("isolated"))) {
				this.results.note(this.stack + ": the browser page is not cross-origin isolated: its round-trip "
						+ "times have Chromium's coarse 100 µs clock");
			}
			this.server.awaitSubscribers(1, 60);
		}
		catch (Exception ex) {
			driver.quit();
			rows().forEach((row) -> fail(row, "page did not start: " + ex));
			return;
		}
		try {
			for (int size : eventSizes()) {
				int count = eventCount(size);
				record(eventRow(size), () -> {
					long nanos = median(driver, "events", count, size, null);
					return Figure.of(count * 1e9 / nanos);
				});
			}
			for (int size : invokeSizes()) {
				invoke(driver, size);
			}
			for (boolean binary : new boolean[] { false, true }) {
				for (int size : streamSizes()) {
					int count = streamCount(size);
					record(streamRow(size, binary), () -> {
						long nanos = median(driver, "stream", count, size, binary);
						return Figure.of((double) count * size / 1e6 * 1e9 / nanos);
					});
				}
			}
		}
		finally {
			driver.quit();
		}
	}

	private void invoke(ChromeDriver driver, int size) {
		Row p50 = invokeRow(size, "p50");
		Row p99 = invokeRow(size, "p99");
		int count = invokeCount();
		try {
			run(driver, "invoke", Math.max(1, count / 5), size, null);
			// the repetition with the median elapsed time gives both figures, as in the load client's invoke rows
			List<Map<String, Object>> runs = new ArrayList<>();
			for (int i = 0; i < this.plan.repeats(); i++) {
				runs.add(run(driver, "invoke", count, size, null));
			}
			runs.sort(Comparator.comparingDouble((run) -> ((Number) run.get("elapsedMs")).doubleValue()));
			@SuppressWarnings("unchecked")
			List<Number> latencies = (List<Number>) runs.get(runs.size() / 2).get("latenciesMs");
			double[] sorted = latencies.stream().mapToDouble(Number::doubleValue).sorted().toArray();
			this.results.put(p50, this.stack, Figure.of(percentile(sorted, 0.50) * 1e3));
			this.results.put(p99, this.stack, Figure.of(percentile(sorted, 0.99) * 1e3));
		}
		catch (RuntimeException ex) {
			fail(p50, message(ex));
			fail(p99, message(ex));
		}
	}

	/** Warms up with a fifth of the count, then returns the median elapsed nanoseconds of the repetitions. */
	private long median(ChromeDriver driver, String scenario, int count, int size, @Nullable Boolean binary) {
		run(driver, scenario, Math.max(1, count / 5), size, binary);
		long[] elapsed = new long[this.plan.repeats()];
		String profile = scenario + "-" + size + ((binary != null) ? (binary ? "-binary" : "-json") : "");
		startProfile(driver);
		try {
			for (int i = 0; i < elapsed.length; i++) {
				elapsed[i] = Math.max(1, Math.round(((Number) run(driver, scenario, count, size, binary).get("elapsedMs"))
					.doubleValue() * 1e6));
			}
		}
		finally {
			stopProfile(driver, profile);
		}
		Arrays.sort(elapsed);
		return elapsed[elapsed.length / 2];
	}

	/**
	 * With {@code BENCH_PAGE_PROFILES=<dir>}, the page's JavaScript is sampled (DevTools' CPU profiler) during the
	 * measured repetitions, into {@code <dir>/<stack>-<scenario>-<size>.cpuprofile} (Chromium DevTools opens it).
	 */
	private static @Nullable Path profiles() {
		String directory = System.getenv("BENCH_PAGE_PROFILES");
		return (directory == null || directory.isBlank()) ? null : Path.of(directory);
	}

	private static void startProfile(ChromeDriver driver) {
		if (profiles() != null) {
			driver.executeCdpCommand("Profiler.enable", Map.of());
			driver.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 200));
			driver.executeCdpCommand("Profiler.start", Map.of());
		}
	}

	private void stopProfile(ChromeDriver driver, String name) {
		Path directory = profiles();
		if (directory == null) {
			return;
		}
		try {
			Object profile = driver.executeCdpCommand("Profiler.stop", Map.of()).get("profile");
			Files.createDirectories(directory);
			Files.writeString(directory.resolve(this.stack + "-" + name + ".cpuprofile"),
					new JsonMapper().writeValueAsString(profile));
		}
		catch (IOException | RuntimeException ex) {
			this.results.note(this.stack + ": page profile " + name + " not written: " + ex);
		}
	}

	/** One measurement in the page; throws {@link BenchFailure} with the page's reason when it failed. */
	private Map<String, Object> run(ChromeDriver driver, String scenario, int count, int size,
			@Nullable Boolean binary) {
		long timeoutMillis = this.plan.timeoutSeconds() * 1000;
		String arguments = count + ", " + size + ((binary != null) ? ", " + binary : "") + ", " + timeoutMillis;
		Map<String, Object> result = call(driver, "window.bench." + scenario + "(" + arguments + ")");
		Object failure = result.get("failure");
		if (failure != null || result.get("elapsedMs") == null) {
			throw new BenchFailure("page: " + failure);
		}
		return result;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> call(ChromeDriver driver, String promise) {
		// the callback is the script's last argument; a rejected promise becomes a failure result
		Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1]; " + promise
				+ ".then(done, (error) => done({ elapsedMs: null, failure: String(error) }));");
		if (!(result instanceof Map)) {
			throw new BenchFailure("page returned " + result);
		}
		return (Map<String, Object>) result;
	}

	private static ChromeDriver startBrowser() {
		// Selenium warns that it has no DevTools binding for this Chromium version; the group does not use DevTools
		java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
		// both paths given explicitly: Selenium Manager never runs, nothing is downloaded
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--disable-background-timer-throttling",
				"--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows", "--disable-extensions");
		return new ChromeDriver(service, options);
	}

	// what runs at which size: the plan's sizes, the family's subset of them

	private List<Integer> eventSizes() {
		return sizes((size) -> size <= 8 * KB);
	}

	private List<Integer> invokeSizes() {
		return sizes((size) -> size == 256);
	}

	private List<Integer> streamSizes() {
		return sizes((size) -> size != 8 * KB);
	}

	private List<Integer> sizes(Function<Integer, Boolean> filter) {
		return this.plan.sizes().stream().filter(filter::apply).toList();
	}

	private boolean smoke() {
		return this.plan.name().equals("smoke");
	}

	private int eventCount(int size) {
		return smoke() ? 500 : clamp(8L * KB * KB / size, 200, 10_000);
	}

	private int invokeCount() {
		return smoke() ? 50 : 1_000;
	}

	private int streamCount(int size) {
		return smoke() ? 200 : clamp(16L * KB * KB / size, 100, 10_000);
	}

	private static int clamp(long value, int min, int max) {
		return (int) Math.max(min, Math.min(max, value));
	}

	// rows

	private List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		eventSizes().forEach((size) -> rows.add(eventRow(size)));
		invokeSizes().forEach((size) -> {
			rows.add(invokeRow(size, "p50"));
			rows.add(invokeRow(size, "p99"));
		});
		streamSizes().forEach((size) -> rows.add(streamRow(size, false)));
		streamSizes().forEach((size) -> rows.add(streamRow(size, true)));
		return rows;
	}

	private static Row eventRow(int size) {
		// issue 13's browser targets are for small events; every other throughput row has the STOMP target
		boolean small = size <= 256;
		return new Row(PREFIX + "emit → events received by the page", Scenarios.label(size), "events/s", true,
				small ? Targets.BROWSER_EVENTS_RAW : null, small ? Targets.BROWSER_EVENTS_STOMP : Targets.THROUGHPUT_STOMP);
	}

	private static Row invokeRow(int size, String percentile) {
		return new Row(PREFIX + "invoke round trip, sequential, " + percentile, Scenarios.label(size), "µs", false,
				null, null);
	}

	private static Row streamRow(int size, boolean binary) {
		return new Row(PREFIX + "channel stream into the page, " + (binary ? "binary" : "JSON"), Scenarios.label(size),
				"MB/s", true, Targets.CHANNEL_RAW, Targets.THROUGHPUT_STOMP);
	}

	// plumbing

	private void record(Row row, java.util.function.Supplier<Figure> measure) {
		try {
			this.results.put(row, this.stack, measure.get());
		}
		catch (RuntimeException ex) {
			fail(row, message(ex));
		}
	}

	private void fail(Row row, String why) {
		System.out.printf("  %-6s %s %s: FAILED: %s%n", this.stack, row.scenario(), row.payload(), why);
		this.results.put(row, this.stack, Figure.failed(why));
	}

	private static String message(RuntimeException ex) {
		return (ex instanceof BenchFailure) ? ex.getMessage() : ex.toString();
	}

	private static double percentile(double[] sorted, double fraction) {
		int index = (int) Math.ceil(fraction * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
