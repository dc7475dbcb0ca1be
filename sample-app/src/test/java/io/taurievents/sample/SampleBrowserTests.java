package io.taurievents.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives Debian's headless Chromium against the sample app: the main window opens {@code settings},
 * {@code login} and {@code file-viewer}, and each test checks what every window received and what it must not.
 * Negative checks use a fence: a global {@code test-event} sent after the command settled reaches each window
 * after anything the command emitted, since every window receives its events in emission order.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.periodic-event-interval=700ms", "sample.process-interval=150ms" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final List<String> LABELS = List.of("main", "settings", "login", "file-viewer");

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	BackendActivity activity;

	private ChromeDriver driver;

	private final Map<String, String> handles = new HashMap<>();

	@BeforeAll
	void openWindows() {
		assertThat(CHROMIUM).as("Chromium is missing: apt-get install -y chromium chromium-driver").isExecutable();
		assertThat(CHROMEDRIVER).as("chromedriver is missing: apt-get install -y chromium-driver").isExecutable();
		// both paths given explicitly: Selenium Manager never runs, nothing is downloaded
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--disable-background-timer-throttling",
				"--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
				"--window-size=1440,1400");
		this.driver = new ChromeDriver(service, options);
		this.driver.get("http://localhost:" + this.port + "/");
		awaitReady();
		this.handles.put("main", this.driver.getWindowHandle());
		for (String label : List.of("settings", "login", "file-viewer")) {
			this.driver.findElement(By.id("open-" + label)).click();
		}
		await().atMost(TIMEOUT).pollInSameThread().until(() -> this.driver.getWindowHandles().size() == 4);
		for (String handle : this.driver.getWindowHandles()) {
			this.driver.switchTo().window(handle);
			awaitReady();
			this.handles.put(label(), handle);
		}
		assertThat(this.handles).containsOnlyKeys(LABELS);
		fence();
	}

	@AfterAll
	void screenshotAndQuit() throws IOException {
		if (this.driver == null) {
			return;
		}
		try {
			// every window under target/screenshots for a look at a failed run; main also for the README
			Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
			for (String label : this.handles.keySet()) {
				switchTo(label);
				Files.write(screenshots.resolve(label + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
			}
			String readmeScreenshot = System.getProperty("screenshot.file");
			if (readmeScreenshot != null && this.handles.containsKey("main")) {
				Path file = Path.of(readmeScreenshot);
				Files.createDirectories(file.getParent());
				Files.copy(screenshots.resolve("main.png"), file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			this.driver.quit();
		}
	}

	@Test
	void loginResultReachesOnlyTheLoginWindow() {
		assertThat(click("login", "login")).isEqualTo("ok: null");
		fence();
		assertThat(received("login", "login-result")).containsExactly("loggedIn");
		for (String label : List.of("main", "settings", "file-viewer")) {
			assertThat(received(label, "login-result")).as("login-result in %s", label).isEmpty();
		}
		// the login page then emits logged-in to main: main's page and main's backend listener hear it
		await().atMost(TIMEOUT).pollInSameThread().untilAsserted(() -> assertThat(received("main", "logged-in"))
			.singleElement(InstanceOfAssertFactories.STRING)
			.startsWith("token-"));
		assertThat(this.activity.entries()).anyMatch((entry) -> entry.startsWith("main window logged in"));
	}

	@Test
	void openFileReachesMainAndFileViewerButNotSettingsNorLogin() {
		String path = "/tmp/" + UUID.randomUUID() + ".txt";
		setValue("main", "file-path", path);
		assertThat(click("main", "open-file")).isEqualTo("ok: null");
		fence();
		assertThat(received("main", "open-file")).containsExactly(path);
		assertThat(received("file-viewer", "open-file")).containsExactly(path);
		assertThat(received("settings", "open-file")).isEmpty();
		assertThat(received("login", "open-file")).isEmpty();
		assertThat(text("file-viewer", "file")).isEqualTo(path);
	}

	@Test
	void channelDownloadIsCompleteAndInOrder() {
		assertThat(click("main", "download-channel")).startsWith("ok: ");
		List<Map<String, Object>> messages = entries("main").stream()
			.filter((entry) -> "channel".equals(entry.get("scope")))
			.map((entry) -> payloadMap(entry))
			.toList();
		assertThat(messages).extracting((message) -> message.get("event"))
			.containsExactly("started", "progress", "progress", "progress", "progress", "progress", "finished");
		assertThat(messages.subList(1, 6)).extracting((message) -> dataOf(message).get("chunkLength"))
			.containsExactly(15L, 150L, 35L, 500L, 300L);
		assertThat(dataOf(messages.get(0))).containsEntry("contentLength", 1000L).containsEntry("downloadId", 1L);
	}

	@Test
	void downloadEmitsObjectPayloadsInOrderAndTheBackendListenerHearsIt() {
		String url = "https://example.com/" + UUID.randomUUID();
		setValue("main", "download-url", url);
		int before = received("main", "download-progress").size();
		assertThat(click("main", "download")).isEqualTo("ok: null");
		fence();
		assertThat(received("main", "download-started")).last().isEqualTo(Map.of("url", url, "downloadId", 1L,
				"contentLength", 1000L));
		assertThat(received("main", "download-progress").subList(before, before + 5))
			.extracting((payload) -> map(payload).get("chunkLength"))
			.containsExactly(15L, 150L, 35L, 500L, 300L);
		assertThat(received("settings", "download-finished")).last().isEqualTo(Map.of("downloadId", 1L));
		assertThat(this.activity.entries()).contains("downloading " + url);
	}

	@Test
	void relayReachesSettings() {
		assertThat(click("main", "relay-to-settings")).isEqualTo("ok: null");
		await().atMost(TIMEOUT).pollInSameThread().untilAsserted(() -> assertThat(received("settings", "data-update"))
			.last()
			.satisfies((data) -> assertThat(map(data)).containsEntry("theme", "dark")
				.containsEntry("from", "main")));
		assertThat(text("settings", "settings")).contains("\"theme\":\"dark\"");
	}

	@Test
	void userActionIsSeenByTheBackend() {
		assertThat(click("main", "user-action")).isEqualTo("ok: null");
		assertThat(this.activity.entries()).anyMatch((entry) -> entry.startsWith("User action: ")
				&& entry.contains("\"button_id\":\"save-button\"") && entry.endsWith("from main"));
		await().atMost(TIMEOUT).pollInSameThread().untilAsserted(() -> assertThat(received("main", "backend-activity"))
			.anyMatch((entry) -> ((String) entry).startsWith("User action: ")));
	}

	@Test
	void clickIsHeardByTheBackend() {
		assertThat(click("main", "click")).isEqualTo("ok: null");
		assertThat(this.activity.entries())
			.contains("click: {\"theMessage\":\"Tauri is awesome!\"} from main");
	}

	@Test
	void sendToWindowRejectsUnknownWindowAndReachesKnownOnes() {
		setValue("main", "target-window", "nowhere");
		assertThat(click("main", "send-to-window")).isEqualTo("error: Window 'nowhere' not found");
		setValue("main", "target-window", "login");
		setValue("main", "message", "psst");
		assertThat(click("main", "send-to-window")).isEqualTo("ok: null");
		fence();
		assertThat(received("login", "private-message")).contains("psst");
	}

	@Test
	void sendToSpecificWindowReachesOnlyThatWindowsOwnListener() {
		String data = "for login " + UUID.randomUUID();
		setValue("main", "test-data", data);
		setValue("main", "test-window", "login");
		assertThat(click("main", "send-to-specific-window")).isEqualTo("ok: null");
		fence();
		assertThat(entries("login")).anyMatch((entry) -> isTestEvent(entry, data, "window"));
		for (String label : List.of("main", "settings", "file-viewer")) {
			// a global listen (target Any) hears emit_to of any label, as in Tauri; the window's own listener not
			assertThat(entries(label)).as(label).noneMatch((entry) -> isTestEvent(entry, data, "window"));
			assertThat(entries(label)).as(label).anyMatch((entry) -> isTestEvent(entry, data, "global"));
		}
	}

	@Test
	void periodicEventsReachEveryWindow() {
		await().atMost(TIMEOUT).pollInSameThread().untilAsserted(() -> {
			for (String label : LABELS) {
				assertThat(received(label, "test-event")).as(label)
					.filteredOn((payload) -> String.valueOf(map(payload).get("data")).startsWith("periodic"))
					.hasSizeGreaterThanOrEqualTo(2);
			}
		});
	}

	@Test
	void evalRunsInTheMainWindow() {
		await().atMost(TIMEOUT).pollInSameThread()
			.untilAsserted(() -> assertThat(received("main", "console.log")).contains("hello from Rust"));
		assertThat(received("settings", "console.log")).doesNotContain("hello from Rust");
	}

	@Test
	void initProcessEmitsOnlyToTheCallingWindow() {
		assertThat(click("main", "init-process")).isEqualTo("ok: null");
		await().atMost(TIMEOUT).pollInSameThread()
			.untilAsserted(() -> assertThat(received("main", "event-name")).hasSizeGreaterThanOrEqualTo(3)
				.allMatch((payload) -> Map.of("message", "Tauri is awesome!").equals(payload)));
		assertThat(click("main", "stop-process")).isEqualTo("ok: null");
		fence();
		for (String label : List.of("settings", "login", "file-viewer")) {
			assertThat(received(label, "event-name")).as(label).isEmpty();
		}
	}

	@Test
	void onceListenersFireOnceAndTheBackendSawReadyOnce() {
		// four windows emitted ready; each page's two once listeners ran once
		for (String label : LABELS) {
			assertThat(entries(label)).as(label).filteredOn((entry) -> "once".equals(entry.get("scope"))).hasSize(2);
		}
		assertThat(this.activity.entries()).containsOnlyOnce("app is ready");
	}

	@Test
	void statusChangedListenerUnlistensItselfFromInsideTheHandler() {
		setValue("main", "status", "ready");
		assertThat(click("main", "status-changed")).isEqualTo("ok: null");
		assertThat(this.activity.entries()).contains("stopped listening to status-changed");
		long heard = this.activity.entries().stream().filter((entry) -> entry.startsWith("status-changed")).count();
		setValue("main", "status", "busy");
		assertThat(click("main", "status-changed")).isEqualTo("ok: null");
		assertThat(this.activity.entries().stream().filter((entry) -> entry.startsWith("status-changed")).count())
			.isEqualTo(heard);
	}

	@Test
	void downloadPlainEmitsPlainPayloadsInOrder() {
		String url = "https://example.com/plain/" + UUID.randomUUID();
		setValue("main", "download-url", url);
		int before = received("main", "download-progress").size();
		assertThat(click("main", "download-plain")).isEqualTo("ok: null");
		fence();
		assertThat(received("main", "download-started")).last().isEqualTo(url);
		assertThat(received("main", "download-progress").subList(before, before + 5)).containsExactly(1L, 15L, 50L,
				80L, 100L);
		assertThat(received("login", "download-finished")).last().isEqualTo(url);
	}

	@Test
	void startDownloadEmitsStartedThenComplete() {
		String url = "https://example.com/start/" + UUID.randomUUID();
		setValue("main", "download-url", url);
		assertThat(click("main", "start-download")).isEqualTo("ok: null");
		fence();
		List<String> events = entries("settings").stream()
			.filter((entry) -> "global".equals(entry.get("scope")))
			.filter((entry) -> url.equals(entry.get("payload")) || "download-complete".equals(entry.get("event")))
			.map((entry) -> (String) entry.get("event"))
			.toList();
		assertThat(events).containsSubsequence("download-started", "download-complete");
		assertThat(received("settings", "download-complete")).last().isEqualTo("Success");
	}

	@Test
	void downloadFileEmitsProgressEventsUpToOneHundredPercent() {
		assertThat(click("main", "download-file")).isEqualTo("ok: null");
		fence();
		List<Map<String, Object>> progress = received("main", "download-progress").stream()
			.filter((payload) -> payload instanceof Map<?, ?> map && map.containsKey("percentage"))
			.map(SampleBrowserTests::map)
			.toList();
		assertThat(progress).hasSize(20);
		assertThat(progress).extracting((event) -> event.get("current"))
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L,
					20L);
		assertThat(progress.get(19)).containsEntry("total", 20L)
			.containsEntry("message", "Downloading... 20/20")
			.containsKey("speed_mbps");
		assertThat(((Number) progress.get(19).get("percentage")).doubleValue()).isEqualTo(100.0);
	}

	@Test
	void performLoginEmitsTheTaggedAppEvent() {
		setValue("main", "username", "ada");
		setValue("main", "password", "tauri");
		String result = click("main", "perform-login");
		assertThat(result).startsWith("ok: user-");
		String userId = result.substring("ok: ".length());
		fence();
		assertThat(received("settings", "app-event")).last()
			.isEqualTo(Map.of("type", "UserLoggedIn", "data", Map.of("user_id", userId, "username", "ada")));

		setValue("main", "password", "wrong");
		assertThat(click("main", "perform-login")).isEqualTo("error: Invalid credentials");
		fence();
		assertThat(received("main", "app-event")).last()
			.isEqualTo(Map.of("type", "ErrorOccurred", "data", Map.of("code", "invalid-credentials", "message",
					"Invalid credentials for 'ada'", "recoverable", true)));
	}

	@Test
	void sensorStreamSendsOneHundredReadingsThenEnds() {
		setValue("main", "sensor-id", "thermo-7");
		assertThat(click("main", "stream-sensor-data")).isEqualTo("ok: null");
		fence();
		assertThat(received("file-viewer", "sensor-reading")).hasSize(100)
			.allSatisfy((reading) -> assertThat(map(reading)).containsEntry("unit", "°C")
				.containsKeys("value", "timestamp"));
		assertThat(received("file-viewer", "sensor-stream-ended")).containsExactly("thermo-7");
	}

	@Test
	void streamLogsSendsBatchesOfTenAndServesOnlyTheShippedFiles() {
		setValue("main", "log-file", "app.log");
		assertThat(click("main", "stream-logs")).isEqualTo("ok: null");
		fence();
		List<Object> batches = received("main", "log-batch");
		assertThat(batches).extracting((batch) -> ((List<?>) batch).size()).containsExactly(10, 10, 10, 5);
		assertThat(text("main", "logs")).contains("── batch of 5");

		setValue("main", "log-file", "../application.properties");
		assertThat(click("main", "stream-logs")).isEqualTo("error: Log file '../application.properties' not found");
	}

	@Test
	void batchUpdatesSendsBatchesOfFifty() {
		assertThat(click("main", "batch-updates")).isEqualTo("ok: null");
		fence();
		List<Object> batches = received("login", "batch-update");
		assertThat(batches).extracting((batch) -> ((List<?>) batch).size()).containsExactly(50, 50, 20);
		assertThat(batches.stream().<Object>flatMap((batch) -> ((List<?>) batch).stream()).toList())
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 120).boxed().toList());
	}

	@Test
	void highFrequencyUpdatesAreThrottledAndKeepTheLastValue() {
		assertThat(click("main", "high-frequency-updates")).isEqualTo("ok: null");
		fence();
		// 10,000 values in about two seconds, at most one every 100 ms, plus the last one
		assertThat(received("main", "update")).hasSizeBetween(2, 60).last().isEqualTo(1L);
	}

	@Test
	void processWithEventsEmitsStartedThenComplete() {
		assertThat(click("main", "process-with-events")).isEqualTo("ok: null");
		fence();
		assertThat(entries("main")).extracting((entry) -> entry.get("event"))
			.containsSubsequence("processing-started", "processing-complete");
		assertThat(received("main", "processing-complete")).containsExactly("Done!");
	}

	@Test
	void broadcastFromTheOfficialApiPageReachesEveryWindow() {
		assertThat(click("file-viewer", "broadcast")).isEqualTo("ok: null");
		fence();
		for (String label : LABELS) {
			assertThat(received(label, "broadcast")).as(label).contains("hello from file-viewer");
		}
	}

	@Test
	void settingsUpdateReachesOnlyTheSettingsWindowsOwnListener() {
		assertThat(click("main", "update-settings")).isEqualTo("ok: null");
		fence();
		assertThat(received("settings", "settings-update")).containsExactly(Map.of("theme", "dark"));
		for (String label : List.of("main", "login", "file-viewer")) {
			assertThat(received(label, "settings-update")).as(label).isEmpty();
		}
	}

	@Test
	void pageListenerStopsHearingAfterUnlisten() {
		assertThat(click("main", "listen-download-started")).isEqualTo("ok: listening");
		String first = "https://example.com/first/" + UUID.randomUUID();
		setValue("main", "download-url", first);
		assertThat(click("main", "download")).isEqualTo("ok: null");
		fence();
		assertThat(text("main", "download-started-heard")).isEqualTo("downloading 1000 bytes from " + first);

		assertThat(click("main", "listen-download-started")).isEqualTo("ok: unlistened");
		setValue("main", "download-url", "https://example.com/second/" + UUID.randomUUID());
		assertThat(click("main", "download")).isEqualTo("ok: null");
		fence();
		assertThat(text("main", "download-started-heard")).isEqualTo("downloading 1000 bytes from " + first);
	}

	// --- helpers ---

	private void awaitReady() {
		await().atMost(TIMEOUT).pollInSameThread().until(() -> Boolean.TRUE.equals(script(
				"return !!(window.sample && window.sample.ready)")));
	}

	private String label() {
		return (String) script("return document.querySelector('meta[name=\"tauri-window-label\"]').content");
	}

	private void switchTo(String label) {
		this.driver.switchTo().window(this.handles.get(label));
	}

	private Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/**
	 * Clicks a button in a window and waits until the promise behind it settled.
	 * @return {@code ok: <value>} or {@code error: <rejection>}
	 */
	private String click(String label, String buttonId) {
		switchTo(label);
		WebElement button = this.driver.findElement(By.id(buttonId));
		script("delete arguments[0].dataset.result", button);
		button.click();
		return await().atMost(TIMEOUT).pollInSameThread().until(() -> button.getDomAttribute("data-result"),
				(result) -> result != null);
	}

	private void setValue(String label, String inputId, String value) {
		switchTo(label);
		script("document.getElementById(arguments[0]).value = arguments[1]", inputId, value);
	}

	private String text(String label, String id) {
		switchTo(label);
		return this.driver.findElement(By.id(id)).getText();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> entries(String label) {
		switchTo(label);
		return (List<Map<String, Object>>) script("return window.sample.received");
	}

	private List<Object> received(String label, String event) {
		return entries(label).stream()
			.filter((entry) -> event.equals(entry.get("event")))
			.map((entry) -> entry.get("payload"))
			.toList();
	}

	/**
	 * Sends a global {@code test-event} with a unique marker and waits until every window has it: anything
	 * emitted before has then reached every window it was going to reach.
	 */
	private void fence() {
		String marker = "fence " + UUID.randomUUID();
		setValue("main", "test-data", marker);
		assertThat(click("main", "send-test-event")).isEqualTo("ok: null");
		for (String label : LABELS) {
			await().atMost(TIMEOUT).pollInSameThread()
				.until(() -> entries(label).stream().anyMatch((entry) -> isTestEvent(entry, marker, "global")));
		}
	}

	private static boolean isTestEvent(Map<String, Object> entry, String data, String scope) {
		return "test-event".equals(entry.get("event")) && scope.equals(entry.get("scope"))
				&& entry.get("payload") instanceof Map<?, ?> payload && data.equals(payload.get("data"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object payload) {
		assertThat(payload).isInstanceOf(Map.class);
		return (Map<String, Object>) payload;
	}

	private static Map<String, Object> payloadMap(Map<String, Object> entry) {
		return map(entry.get("payload"));
	}

	private static Map<String, Object> dataOf(Map<String, Object> message) {
		return map(message.get("data"));
	}

}
