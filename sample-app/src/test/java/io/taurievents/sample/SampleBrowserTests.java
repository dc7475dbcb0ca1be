package io.taurievents.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
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
 * Drives Debian's headless Chromium against the sample app. Two users (two ChromeDriver sessions, so two separate
 * browser profiles) run the sample: user A in two tabs, user B in one. In each tab the main window opens
 * {@code settings}, {@code login} and {@code file-viewer}, so each tab is one app instance of four windows, and
 * the three instances' labels coexist. Most tests run in user A's first tab and check what every window received
 * and what it must not; the instance tests check that nothing crosses to another tab except what the
 * {@code AppHandle} bean sends to everyone. Negative checks use a fence: a {@code test-event} sent by the tab's
 * main window after the command settled reaches each window of that tab after anything emitted before it, since
 * every window receives its events in emission order.
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

	private ChromeDriver userA;

	private ChromeDriver userB;

	/** User A's first tab: where the seed tests run. */
	private Tab tab;

	/** User A's second tab: another instance of the same user. */
	private Tab secondTab;

	/** User B's tab. */
	private Tab otherUser;

	@BeforeAll
	void openWindows() {
		assertThat(CHROMIUM).as("Chromium is missing: apt-get install -y chromium chromium-driver").isExecutable();
		assertThat(CHROMEDRIVER).as("chromedriver is missing: apt-get install -y chromium-driver").isExecutable();
		this.userA = startBrowser();
		this.userB = startBrowser();
		this.tab = openTab("user A, tab 1", this.userA, false);
		this.secondTab = openTab("user A, tab 2", this.userA, true);
		this.otherUser = openTab("user B", this.userB, false);
		for (Tab each : tabs()) {
			each.fence();
		}
	}

	@AfterAll
	void screenshotAndQuit() throws IOException {
		try {
			if (this.tab != null) {
				// every window under target/screenshots for a look at a failed run; main also for the README
				Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
				for (String label : this.tab.handles.keySet()) {
					this.tab.switchTo(label);
					Files.write(screenshots.resolve(label + ".png"), this.userA.getScreenshotAs(OutputType.BYTES));
				}
				String readmeScreenshot = System.getProperty("screenshot.file");
				if (readmeScreenshot != null && this.tab.handles.containsKey("main")) {
					Path file = Path.of(readmeScreenshot);
					Files.createDirectories(file.getParent());
					Files.copy(screenshots.resolve("main.png"), file, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		finally {
			for (ChromeDriver driver : new ChromeDriver[] { this.userA, this.userB }) {
				if (driver != null) {
					driver.quit();
				}
			}
		}
	}

	private static ChromeDriver startBrowser() {
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
		return new ChromeDriver(service, options);
	}

	/**
	 * Loads the main page in a top-level tab (the driver's current one, or a new one with no opener) and lets it
	 * open the other three windows.
	 */
	private Tab openTab(String name, ChromeDriver driver, boolean newTab) {
		Set<String> before = Set.copyOf(driver.getWindowHandles());
		if (newTab) {
			driver.switchTo().newWindow(WindowType.TAB);
		}
		driver.get(url("/"));
		Tab opened = new Tab(name, driver);
		opened.awaitReady();
		String main = driver.getWindowHandle();
		for (String label : List.of("settings", "login", "file-viewer")) {
			driver.findElement(By.id("open-" + label)).click();
		}
		int expected = (newTab ? before.size() : 0) + 4;
		await().atMost(TIMEOUT).pollInSameThread().until(() -> driver.getWindowHandles().size() == expected);
		for (String handle : driver.getWindowHandles()) {
			if (newTab && before.contains(handle)) {
				continue;
			}
			driver.switchTo().window(handle);
			opened.awaitReady();
			opened.handles.put(opened.label(), handle);
		}
		assertThat(opened.handles).as(name).containsOnlyKeys(LABELS).containsEntry("main", main);
		return opened;
	}

	private List<Tab> tabs() {
		return List.of(this.tab, this.secondTab, this.otherUser);
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
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

	// --- app instances: user A's two tabs and user B's tab ---

	@Test
	void eachTabRunsItsOwnFourWindowsWithTheSameLabels() {
		Set<Object> instances = new HashSet<>();
		for (Tab each : tabs()) {
			Set<Object> tokens = new HashSet<>();
			for (String label : LABELS) {
				// nobody was replaced (4000): the labels of the three instances coexist
				assertThat(each.banner(label)).as("%s, %s", each, label).isNull();
				assertThat(each.label()).isEqualTo(label);
				tokens.add(each.script("return sessionStorage.getItem('tauri-events.instance')"));
			}
			// the windows main opened joined its instance
			assertThat(tokens).as("%s", each).singleElement().isNotNull();
			instances.addAll(tokens);
		}
		assertThat(instances).hasSize(3);
	}

	@Test
	void loginResultAndLoggedInStayInTheTabThatLoggedIn() {
		Map<Tab, Integer> loginResultsBefore = new HashMap<>();
		Map<Tab, Integer> loggedInBefore = new HashMap<>();
		for (Tab other : List.of(this.tab, this.otherUser)) {
			loginResultsBefore.put(other, other.received("login", "login-result").size());
			loggedInBefore.put(other, other.received("main", "logged-in").size());
		}
		assertThat(this.secondTab.click("login", "login")).isEqualTo("ok: null");
		await().atMost(TIMEOUT).pollInSameThread()
			.untilAsserted(() -> assertThat(this.secondTab.received("main", "logged-in")).hasSize(1));
		fenceEveryTab();
		assertThat(this.secondTab.received("login", "login-result")).containsExactly("loggedIn");
		for (Tab other : List.of(this.tab, this.otherUser)) {
			assertThat(other.received("login", "login-result")).as("%s", other).hasSize(loginResultsBefore.get(other));
			assertThat(other.received("main", "logged-in")).as("%s", other).hasSize(loggedInBefore.get(other));
		}
	}

	@Test
	void openFileReachesOnlyTheSameTabsMainAndFileViewer() {
		String path = "/tmp/instance-" + UUID.randomUUID() + ".txt";
		this.otherUser.setValue("main", "file-path", path);
		assertThat(this.otherUser.click("main", "open-file")).isEqualTo("ok: null");
		fenceEveryTab();
		assertThat(this.otherUser.received("main", "open-file")).containsExactly(path);
		assertThat(this.otherUser.received("file-viewer", "open-file")).containsExactly(path);
		for (Tab other : List.of(this.tab, this.secondTab)) {
			for (String label : LABELS) {
				assertThat(other.received(label, "open-file")).as("%s, %s", other, label).doesNotContain(path);
			}
		}
	}

	@Test
	void relayAndPrivateMessageReachOnlyTheTargetWindowOfTheSameTab() {
		String theme = "relay-" + UUID.randomUUID();
		this.secondTab.switchTo("main");
		this.secondTab.script("const select = document.getElementById('theme');"
				+ " select.add(new Option(arguments[0], arguments[0], true, true))", theme);
		assertThat(this.secondTab.click("main", "relay-to-settings")).isEqualTo("ok: null");
		String message = "psst " + UUID.randomUUID();
		this.secondTab.setValue("main", "target-window", "login");
		this.secondTab.setValue("main", "message", message);
		assertThat(this.secondTab.click("main", "send-to-window")).isEqualTo("ok: null");
		fenceEveryTab();

		assertThat(this.secondTab.received("settings", "data-update")).singleElement()
			.satisfies((data) -> assertThat(map(data)).containsEntry("theme", theme));
		assertThat(this.secondTab.received("login", "private-message")).containsExactly(message);
		for (Tab each : tabs()) {
			for (String label : LABELS) {
				if (each != this.secondTab || !label.equals("settings")) {
					assertThat(each.received(label, "data-update")).as("data-update in %s, %s", each, label)
						.noneMatch((data) -> theme.equals(map(data).get("theme")));
				}
				if (each != this.secondTab || !label.equals("login")) {
					assertThat(each.received(label, "private-message")).as("private-message in %s, %s", each, label)
						.doesNotContain(message);
				}
			}
		}
	}

	@Test
	void emitsAndTargetedEventsOfACommandStayInItsTab() {
		String everyWindow = "whole tab " + UUID.randomUUID();
		this.otherUser.setValue("main", "test-data", everyWindow);
		assertThat(this.otherUser.click("main", "send-test-event")).isEqualTo("ok: null");
		String forLogin = "login of user B " + UUID.randomUUID();
		this.otherUser.setValue("main", "test-data", forLogin);
		this.otherUser.setValue("main", "test-window", "login");
		assertThat(this.otherUser.click("main", "send-to-specific-window")).isEqualTo("ok: null");
		assertThat(this.otherUser.click("main", "update-settings")).isEqualTo("ok: null");
		assertThat(this.otherUser.click("file-viewer", "broadcast")).isEqualTo("ok: null");
		fenceEveryTab();

		for (String label : LABELS) {
			assertThat(this.otherUser.entries(label)).as(label).anyMatch((entry) -> isTestEvent(entry, everyWindow, "global"));
		}
		assertThat(this.otherUser.entries("login")).anyMatch((entry) -> isTestEvent(entry, forLogin, "window"));
		assertThat(this.otherUser.received("settings", "settings-update")).isNotEmpty();
		for (Tab other : List.of(this.tab, this.secondTab)) {
			for (String label : LABELS) {
				assertThat(other.entries(label)).as("%s, %s", other, label)
					.noneMatch((entry) -> isTestEvent(entry, everyWindow, "global"))
					.noneMatch((entry) -> isTestEvent(entry, forLogin, "global"))
					.noneMatch((entry) -> isTestEvent(entry, forLogin, "window"));
			}
		}
		// user A's first tab runs update_settings and broadcast_message itself; the second tab never does
		for (String label : LABELS) {
			assertThat(this.secondTab.received(label, "settings-update")).as(label).isEmpty();
			assertThat(this.secondTab.received(label, "broadcast")).as(label).isEmpty();
		}
		for (String label : LABELS) {
			assertThat(this.otherUser.received(label, "broadcast")).as(label).contains("hello from file-viewer");
		}
	}

	@Test
	void initProcessEmitsOnlyToTheCallingWindowOfItsTab() {
		assertThat(this.secondTab.click("main", "init-process")).isEqualTo("ok: null");
		await().atMost(TIMEOUT).pollInSameThread()
			.untilAsserted(() -> assertThat(this.secondTab.received("main", "event-name")).hasSizeGreaterThanOrEqualTo(3));
		assertThat(this.secondTab.click("main", "stop-process")).isEqualTo("ok: null");
		fenceEveryTab();
		assertThat(this.otherUser.received("main", "event-name")).isEmpty();
		for (String label : List.of("settings", "login", "file-viewer")) {
			assertThat(this.secondTab.received(label, "event-name")).as(label).isEmpty();
		}
	}

	@Test
	void theAppHandleBeanReachesEveryWindowOfEveryTab() {
		String text = "announcement " + UUID.randomUUID();
		this.otherUser.setValue("main", "announcement-text", text);
		assertThat(this.otherUser.click("main", "broadcast-announcement")).isEqualTo("ok: null");
		for (Tab each : tabs()) {
			for (String label : LABELS) {
				await().atMost(TIMEOUT).pollInSameThread()
					.untilAsserted(() -> assertThat(each.received(label, "announcement")).as("%s, %s", each, label)
						.contains(Map.of("text", text, "from", "main")));
			}
			assertThat(each.text("main", "announcement")).isEqualTo(text + " (from a main window)");
		}
		// seed 004's periodic test-event is sent through the bean too: every tab gets it
		for (Tab each : tabs()) {
			await().atMost(TIMEOUT).pollInSameThread()
				.untilAsserted(() -> assertThat(each.received("main", "test-event")).as("%s", each)
					.filteredOn((payload) -> String.valueOf(map(payload).get("data")).startsWith("periodic"))
					.hasSizeGreaterThanOrEqualTo(2));
		}
	}

	@Test
	void aWindowReplacedByANewConnectionWithItsLabelShowsWhy() {
		// a fourth instance, so the tabs above keep their windows: a page and a copy of it opened from it
		Set<String> before = Set.copyOf(this.userB.getWindowHandles());
		this.userB.switchTo().newWindow(WindowType.TAB);
		this.userB.get(url("/login.html?label=login"));
		Tab probe = new Tab("probe", this.userB);
		probe.awaitReady();
		probe.handles.put("first", this.userB.getWindowHandle());
		try {
			probe.script("window.open('/login.html?label=login', 'replaced-probe-again')");
			await().atMost(TIMEOUT).pollInSameThread()
				.until(() -> this.userB.getWindowHandles().size() == before.size() + 2);
			String again = this.userB.getWindowHandles()
				.stream()
				.filter((handle) -> !before.contains(handle) && !handle.equals(probe.handles.get("first")))
				.findFirst()
				.orElseThrow();
			probe.handles.put("again", again);
			probe.switchTo("again");
			probe.awaitReady();

			await().atMost(TIMEOUT).pollInSameThread()
				.untilAsserted(() -> assertThat(probe.banner("first")).isEqualTo(
						"This window was closed by the server: replaced by a new connection with the same label (4000)"));
			assertThat(probe.banner("again")).isNull();
		}
		finally {
			for (String handle : probe.handles.values()) {
				this.userB.switchTo().window(handle);
				this.userB.close();
			}
		}
	}

	/** A fence in every tab: anything emitted before has reached every window it was going to reach. */
	private void fenceEveryTab() {
		for (Tab each : tabs()) {
			each.fence();
		}
	}

	// --- helpers: user A's first tab ---

	private String click(String label, String buttonId) {
		return this.tab.click(label, buttonId);
	}

	private void setValue(String label, String inputId, String value) {
		this.tab.setValue(label, inputId, value);
	}

	private String text(String label, String id) {
		return this.tab.text(label, id);
	}

	private List<Map<String, Object>> entries(String label) {
		return this.tab.entries(label);
	}

	private List<Object> received(String label, String event) {
		return this.tab.received(label, event);
	}

	private void fence() {
		this.tab.fence();
	}

	/**
	 * One top-level browser tab running the four windows: one app instance.
	 */
	private static final class Tab {

		private final String name;

		private final ChromeDriver driver;

		private final Map<String, String> handles = new HashMap<>();

		Tab(String name, ChromeDriver driver) {
			this.name = name;
			this.driver = driver;
		}

		@Override
		public String toString() {
			return this.name;
		}

		void awaitReady() {
			await().atMost(TIMEOUT).pollInSameThread().until(() -> Boolean.TRUE.equals(script(
					"return !!(window.sample && window.sample.ready)")));
		}

		String label() {
			return (String) script("return document.querySelector('meta[name=\"tauri-window-label\"]').content");
		}

		void switchTo(String label) {
			this.driver.switchTo().window(this.handles.get(label));
		}

		Object script(String script, Object... args) {
			return ((JavascriptExecutor) this.driver).executeScript(script, args);
		}

		/**
		 * Clicks a button in a window and waits until the promise behind it settled.
		 * @return {@code ok: <value>} or {@code error: <rejection>}
		 */
		String click(String label, String buttonId) {
			switchTo(label);
			WebElement button = this.driver.findElement(By.id(buttonId));
			script("delete arguments[0].dataset.result", button);
			button.click();
			return await().atMost(TIMEOUT).pollInSameThread().until(() -> button.getDomAttribute("data-result"),
					(result) -> result != null);
		}

		void setValue(String label, String inputId, String value) {
			switchTo(label);
			script("document.getElementById(arguments[0]).value = arguments[1]", inputId, value);
		}

		String text(String label, String id) {
			switchTo(label);
			return this.driver.findElement(By.id(id)).getText();
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> entries(String label) {
			switchTo(label);
			return (List<Map<String, Object>>) script("return window.sample.received");
		}

		List<Object> received(String label, String event) {
			return entries(label).stream()
				.filter((entry) -> event.equals(entry.get("event")))
				.map((entry) -> entry.get("payload"))
				.toList();
		}

		/** The text of the window's closed-for-good banner, or {@code null} while it has none. */
		@Nullable String banner(String label) {
			switchTo(label);
			return (String) script("const banner = document.getElementById('closed-banner');"
					+ " return banner ? banner.textContent : null");
		}

		/**
		 * Sends a {@code test-event} from this tab's main window with a unique marker and waits until every window
		 * of the tab has it: anything emitted before has then reached every window of this tab it was going to
		 * reach.
		 */
		void fence() {
			String marker = "fence " + UUID.randomUUID();
			setValue("main", "test-data", marker);
			assertThat(click("main", "send-test-event")).isEqualTo("ok: null");
			for (String label : LABELS) {
				await().atMost(TIMEOUT).pollInSameThread()
					.until(() -> entries(label).stream().anyMatch((entry) -> isTestEvent(entry, marker, "global")));
			}
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
