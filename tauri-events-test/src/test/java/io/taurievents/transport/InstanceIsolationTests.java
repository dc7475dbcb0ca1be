package io.taurievents.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.TauriCommand;
import io.taurievents.TauriEventListener;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.test.TestWindow;
import io.taurievents.webview.AppInstanceEndedEvent;
import io.taurievents.webview.AppInstanceStartedEvent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.web.socket.WebSocketHttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * App instances on a real server with real WebSocket windows: every tab is its own Tauri app, and nothing one
 * instance does reaches another.
 */
@SpringBootTest(classes = InstanceIsolationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "tauri.events.instances.grace-period=300ms")
class InstanceIsolationTests {

	private static final List<String> LABELS = List.of("main", "settings", "login", "viewer");

	@LocalServerPort
	int port;

	@Autowired
	AppHandle app;

	@Autowired
	ListenerRegistry registry;

	@Autowired
	Recorder recorder;

	private final List<TestWindow> windows = new ArrayList<>();

	@AfterEach
	void closeWindows() {
		this.windows.forEach(TestWindow::close);
	}

	@Test
	void twoTabsOpenTheSameLabelWithoutClashing() {
		TestWindow first = tab("main");
		TestWindow second = tab("main");
		assertThat(first.instanceToken()).isNotEqualTo(second.instanceToken());
		first.listen("hello", EventTarget.any());
		second.listen("hello", EventTarget.any());
		this.app.emit("hello", 1);
		first.nextEvent("hello");
		second.nextEvent("hello");
		assertThat(first.isOpen()).isTrue();
		assertThat(second.isOpen()).isTrue();
		// two instances hold `main`: the server-wide handle cannot pick one
		assertThat(this.app.getWebviewWindow("main")).isEmpty();
		assertThat(this.app.webviewWindows()).doesNotContainKey("main");
	}

	@Test
	void aReloadRejoinsItsInstanceAndReplacesOnlyItsOwnOldConnection() {
		TestWindow main = tab("main");
		TestWindow settings = sibling(main, "settings");
		TestWindow otherTab = tab("main");
		TestWindow reloaded = track(
				TestWindow.open(this.port, "main", main.instanceToken(), new WebSocketHttpHeaders(), true));
		assertThat(main.awaitClose().getCode()).isEqualTo(4000);
		assertThat(reloaded.instanceToken()).isEqualTo(main.instanceToken());
		assertThat(otherTab.isOpen()).isTrue();
		reloaded.listen("ping", EventTarget.any());
		otherTab.listen("ping", EventTarget.any());
		otherTab.listen("fence", EventTarget.any());
		settings.resolve("plugin:event|emit_to", Map.of("target", "main", "event", "ping", "payload", 1));
		assertThat(reloaded.nextEvent("ping").get("payload").asInt()).isEqualTo(1);
		this.app.emit("fence", null);
		otherTab.nextEvent("fence");
		assertThat(otherTab.eventNames()).doesNotContain("ping");
	}

	@Test
	void anUnknownTokenStartsANewInstance() {
		TestWindow main = track(TestWindow.open(this.port, "main", "not-a-token-the-server-issued",
				new WebSocketHttpHeaders(), true));
		assertThat(main.instanceToken()).isNotEqualTo("not-a-token-the-server-issued").hasSize(24);
	}

	@Test
	void pageEmitsStayInTheirInstance() {
		TestWindow mainA = tab("main");
		TestWindow settingsA = sibling(mainA, "settings");
		TestWindow mainB = tab("main");
		TestWindow settingsB = sibling(mainB, "settings");
		for (TestWindow window : List.of(mainA, settingsA, mainB, settingsB)) {
			window.listen("news", EventTarget.any());
			window.listen("fence", EventTarget.any());
		}
		settingsA.emit("news", "from A");
		mainA.resolve("plugin:event|emit_to", Map.of("target", "settings", "event", "news", "payload", "to settings"));
		assertThat(mainA.nextEvent("news").get("payload").asString()).isEqualTo("from A");
		assertThat(settingsA.nextEvent("news").get("payload").asString()).isEqualTo("from A");
		assertThat(settingsA.nextEvent("news").get("payload").asString()).isEqualTo("to settings");
		fence(mainB, settingsB);
		assertThat(mainB.eventNames()).containsOnly("fence");
		assertThat(settingsB.eventNames()).containsOnly("fence");
	}

	@Test
	void commandsAndListenerMethodsAnswerTheCallersInstance() {
		TestWindow loginA = tab("login");
		TestWindow loginB = tab("login");
		for (TestWindow window : List.of(loginA, loginB)) {
			window.listen("login-result", EventTarget.any());
			window.listen("pong", EventTarget.any());
			window.listen("fence", EventTarget.any());
		}
		loginA.resolve("login", Map.of("user", "alice"));
		assertThat(loginA.nextEvent("login-result").get("payload").asString()).isEqualTo("alice");
		loginA.emit("ping", "from A");
		assertThat(loginA.nextEvent("pong").get("payload").asString()).isEqualTo("from A");
		fence(loginB);
		assertThat(loginB.eventNames()).containsOnly("fence");
	}

	@Test
	void aPageCannotUnlistenAnotherPagesListener() {
		TestWindow main = tab("main");
		TestWindow sibling = sibling(main, "settings");
		TestWindow otherTab = tab("main");
		long id = main.listen("x", EventTarget.any());
		for (TestWindow foreign : List.of(sibling, otherTab)) {
			JsonNode result = foreign.resolve("plugin:event|unlisten", Map.of("event", "x", "eventId", id));
			assertThat(result.isNull()).isTrue();
		}
		this.app.emit("x", 1);
		assertThat(main.nextEvent("x").get("payload").asInt()).isEqualTo(1);
		main.resolve("plugin:event|unlisten", Map.of("event", "x", "eventId", id));
		assertThat(this.registry.hasListeners("x")).isFalse();
	}

	@Test
	void lifecycleEventsStayInTheirInstance() {
		TestWindow mainA = tab("main");
		TestWindow mainB = tab("main");
		TestWindow settingsB = sibling(mainB, "settings");
		for (TestWindow window : List.of(mainA, mainB)) {
			window.listen("tauri://window-created", EventTarget.any());
			window.listen("tauri://destroyed", EventTarget.window("settings"));
			window.listen("fence", EventTarget.any());
		}
		TestWindow settingsA = sibling(mainA, "settings");
		assertThat(mainA.nextEvent("tauri://window-created").get("payload").get("label").asString())
			.isEqualTo("settings");
		settingsA.close();
		mainA.nextEvent("tauri://destroyed");
		fence(mainB);
		assertThat(mainB.eventNames()).containsOnly("fence");
		assertThat(settingsB.isOpen()).isTrue();
	}

	@Test
	void serverListenersOfTheBeanHearEveryInstanceAndInstanceListenersOnlyTheirOwn() {
		List<String> heardByServer = new CopyOnWriteArrayList<>();
		List<String> heardByInstance = new CopyOnWriteArrayList<>();
		long serverListener = this.app.listenAny("shout", (event) -> heardByServer
			.add(event.source().orElseThrow().app().instanceId().orElseThrow() + ":" + event.payload()));
		try {
			TestWindow mainA = tab("main");
			TestWindow mainB = tab("main");
			String idA = mainA.resolve("instance_id", Map.of()).asString();
			String idB = mainB.resolve("instance_id", Map.of()).asString();
			AppHandle instanceA = this.app.instance(idA).orElseThrow();
			assertThat(instanceA.instanceId()).contains(idA);
			assertThat(this.app.instanceId()).isEmpty();
			instanceA.listenAny("shout", (event) -> heardByInstance.add(event.payload()));
			instanceA.listen("instance-only", (event) -> heardByInstance.add("instance-only"));
			mainA.emit("shout", "a");
			mainB.emit("shout", "b");
			assertThat(heardByServer).containsExactly(idA + ":\"a\"", idB + ":\"b\"");
			assertThat(heardByInstance).containsExactly("\"a\"");
			// the instance's handle scopes its emissions
			mainA.listen("from-instance", EventTarget.any());
			mainB.listen("from-instance", EventTarget.any());
			mainB.listen("fence", EventTarget.any());
			instanceA.emit("from-instance", 7);
			assertThat(mainA.nextEvent("from-instance").get("payload").asInt()).isEqualTo(7);
			fence(mainB);
			assertThat(mainB.eventNames()).containsOnly("fence");
			// the instance ends once its last window has been gone for the grace period; its listeners go too
			mainA.close();
			await().until(() -> this.recorder.ended.contains(idA));
			assertThat(this.app.instance(idA)).isEmpty();
			assertThat(this.registry.hasListeners("instance-only")).isFalse();
			assertThat(this.recorder.started).contains(idA, idB);
		}
		finally {
			this.app.unlisten(serverListener);
		}
	}

	@Test
	void aReloadWithinTheGracePeriodKeepsTheInstance() {
		TestWindow main = tab("main");
		String id = main.resolve("instance_id", Map.of()).asString();
		String token = main.instanceToken();
		main.close();
		TestWindow reloaded = track(TestWindow.open(this.port, "main", token, new WebSocketHttpHeaders(), true));
		assertThat(reloaded.resolve("instance_id", Map.of()).asString()).isEqualTo(id);
		assertThat(this.recorder.ended).doesNotContain(id);
	}

	/**
	 * 10 instances of 4 windows, each window with a listener of a random target; 1,000 random emissions of every
	 * kind from the server, from instance handles, from window handles and from pages; every window receives
	 * exactly the emissions the matching table and its instance allow.
	 */
	@Test
	void randomEmissionsNeverCrossAnInstance() {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		List<List<TestWindow>> instances = new ArrayList<>();
		Map<TestWindow, EventTarget> listenerTargets = new HashMap<>();
		Map<TestWindow, Integer> instanceOf = new HashMap<>();
		List<AppHandle> handles = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			TestWindow main = tab("main");
			List<TestWindow> group = new ArrayList<>(List.of(main));
			LABELS.subList(1, LABELS.size()).forEach((label) -> group.add(sibling(main, label)));
			for (TestWindow window : group) {
				EventTarget target = randomTarget(random, window.label());
				window.listen("r", target);
				window.listen("r-end", EventTarget.any());
				listenerTargets.put(window, target);
				instanceOf.put(window, i);
			}
			instances.add(group);
			handles.add(this.app.instance(main.resolve("instance_id", Map.of()).asString()).orElseThrow());
		}
		Map<TestWindow, Set<Integer>> expected = new HashMap<>();
		listenerTargets.keySet().forEach((window) -> expected.put(window, new HashSet<>()));
		int[] kinds = new int[7];
		for (int seq = 0; seq < 1000; seq++) {
			int scope = random.nextInt(instances.size());
			EventTarget target = randomTarget(random, LABELS.get(random.nextInt(LABELS.size())));
			Set<String> filterLabels = new HashSet<>(LABELS.subList(0, random.nextInt(LABELS.size() + 1)));
			Predicate<EventTarget> filter = (listener) -> filterLabels.contains(listener.label());
			int kind = random.nextInt(kinds.length);
			kinds[kind]++;
			TestWindow page = instances.get(scope).get(random.nextInt(LABELS.size()));
			boolean everyInstance = kind <= 1;
			boolean filtered = kind == 1 || kind == 3;
			switch (kind) {
				case 0 -> this.app.emitTo(target, "r", seq);
				case 1 -> this.app.emitFilter("r", seq, filter);
				case 2 -> handles.get(scope).emitTo(target, "r", seq);
				case 3 -> handles.get(scope).emitFilter("r", seq, filter);
				case 4 -> handles.get(scope).getWebviewWindow(page.label()).orElseThrow().emitTo(target, "r", seq);
				case 5 -> page.emit("r", seq);
				default -> page.resolve("plugin:event|emit_to",
						Map.of("target", TestWindow.wire(target), "event", "r", "payload", seq));
			}
			EventTarget emitted = (kind == 5) ? EventTarget.any() : target;
			for (Map.Entry<TestWindow, EventTarget> listener : listenerTargets.entrySet()) {
				boolean inScope = everyInstance || instanceOf.get(listener.getKey()) == scope;
				boolean matches = filtered
						? listener.getValue() instanceof EventTarget.Any || filter.test(listener.getValue())
						: emitted.reaches(listener.getValue());
				if (inScope && matches) {
					expected.get(listener.getKey()).add(seq);
				}
			}
		}
		this.app.emit("r-end", null);
		int deliveries = 0;
		for (TestWindow window : listenerTargets.keySet()) {
			window.nextEvent("r-end");
			Set<Integer> received = new HashSet<>();
			window.events()
				.stream()
				.filter((frame) -> "r".equals(frame.get("event").asString()))
				.forEach((frame) -> assertThat(received.add(frame.get("payload").asInt()))
					.as("seed %d: window %s got %s twice", seed, window.label(), frame)
					.isTrue());
			assertThat(received).as("seed %d: window %s of instance %d listening to %s", seed, window.label(),
					instanceOf.get(window), listenerTargets.get(window))
				.isEqualTo(expected.get(window));
			deliveries += received.size();
		}
		System.out.printf("random emissions (seed %d): kinds %s, %d deliveries checked across 40 windows%n", seed,
				java.util.Arrays.toString(kinds), deliveries);
		assertThat(deliveries).isPositive();
	}

	private static EventTarget randomTarget(Random random, String label) {
		return switch (random.nextInt(6)) {
			case 0 -> EventTarget.any();
			case 1 -> EventTarget.app();
			case 2 -> EventTarget.labeled(label);
			case 3 -> EventTarget.window(label);
			case 4 -> EventTarget.webview(label);
			default -> EventTarget.webviewWindow(label);
		};
	}

	/** Emits {@code fence} from the server and waits for it, so anything emitted before has arrived. */
	private void fence(TestWindow... windows) {
		this.app.emit("fence", null);
		for (TestWindow window : windows) {
			window.nextEvent("fence");
		}
	}

	private TestWindow tab(String label) {
		return track(TestWindow.openTab(this.port, label));
	}

	private TestWindow sibling(TestWindow of, String label) {
		return track(of.openSibling(label));
	}

	private TestWindow track(TestWindow window) {
		this.windows.add(window);
		return window;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		Commands commands() {
			return new Commands();
		}

	}

	static class Recorder {

		final List<String> started = new CopyOnWriteArrayList<>();

		final List<String> ended = new CopyOnWriteArrayList<>();

		@EventListener
		void onStarted(AppInstanceStartedEvent event) {
			this.started.add(event.getInstance().instanceId().orElseThrow());
		}

		@EventListener
		void onEnded(AppInstanceEndedEvent event) {
			this.ended.add(event.getInstance().instanceId().orElseThrow());
		}

	}

	static class Commands {

		@TauriCommand
		String instanceId(AppHandle app) {
			return app.instanceId().orElseThrow();
		}

		/** Seed 002's login: the result goes to `login` of the caller's instance only. */
		@TauriCommand
		void login(AppHandle app, String user) {
			app.emitTo("login", "login-result", user);
		}

		@TauriEventListener("ping")
		void ping(String payload, AppHandle app) {
			app.emit("pong", payload);
		}

	}

}
