package io.taurievents.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.test.TestWindow;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract of a cluster bus, as pages and server code see it: what one node guarantees holds across nodes.
 * Every test uses two nodes, {@link #nodeA()} and {@link #nodeB()}; a bus for one node (the {@link LocalClusterBus})
 * passes it with both being the same node, which is the single-node subset. A future bus (NATS, Hazelcast) extends
 * {@link ClusterFaultContractTests}, which adds the failures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClusterContractTests {

	static final Duration WAIT = Duration.ofSeconds(15);

	private final List<AutoCloseable> windows = new ArrayList<>();

	private final List<Runnable> cleanups = new ArrayList<>();

	/** The first node. */
	protected abstract ConfigurableApplicationContext nodeA();

	/** The second node (the first again for a single-node bus). */
	protected abstract ConfigurableApplicationContext nodeB();

	@AfterEach
	void closeWindows() throws Exception {
		for (AutoCloseable window : this.windows) {
			window.close();
		}
		this.windows.clear();
		this.cleanups.forEach(Runnable::run);
		this.cleanups.clear();
	}

	static int port(ConfigurableApplicationContext node) {
		return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	static AppHandle app(ConfigurableApplicationContext node) {
		return node.getBean(AppHandle.class);
	}

	<T extends AutoCloseable> T track(T window) {
		this.windows.add(window);
		return window;
	}

	TestWindow tab(ConfigurableApplicationContext node, String label) {
		return track(TestWindow.openTab(port(node), label));
	}

	TestWindow sibling(ConfigurableApplicationContext node, TestWindow of, String label) {
		return track(TestWindow.open(port(node), label, of.instanceToken(), new org.springframework.web.socket.WebSocketHttpHeaders(), true));
	}

	/** A server listener (of every instance) on a node, removed after the test. */
	List<Event> hear(ConfigurableApplicationContext node, String event) {
		List<Event> heard = new CopyOnWriteArrayList<>();
		AppHandle app = app(node);
		long id = app.listenAny(event, heard::add);
		this.cleanups.add(() -> app.unlisten(id));
		return heard;
	}

	static List<String> payloads(TestWindow window, String event) {
		return window.events()
			.stream()
			.filter((frame) -> event.equals(frame.path("event").asString()))
			.map((frame) -> frame.path("payload").asString())
			.toList();
	}

	/** Waits until a marker emitted to every window arrived, so anything emitted before it has arrived too. */
	void sync(TestWindow... windows) {
		String marker = "m" + System.nanoTime();
		for (TestWindow window : windows) {
			window.listen("marker", EventTarget.any());
		}
		app(nodeA()).emit("marker", marker);
		app(nodeB()).emit("marker", marker);
		for (TestWindow window : windows) {
			await().atMost(WAIT).until(() -> payloads(window, "marker").stream().filter(marker::equals).count() == 2);
		}
	}

	@Test
	void emitReachesEveryWindowOfEveryNode() {
		TestWindow a = tab(nodeA(), "main");
		TestWindow b = tab(nodeB(), "main");
		a.listen("ping", EventTarget.any());
		b.listen("ping", EventTarget.any());
		app(nodeA()).emit("ping", "from-a");
		app(nodeB()).emit("ping", "from-b");
		for (TestWindow window : List.of(a, b)) {
			await().atMost(WAIT).until(() -> payloads(window, "ping").size() == 2);
			assertThat(payloads(window, "ping")).containsExactlyInAnyOrder("from-a", "from-b");
		}
	}

	@Test
	void everyTargetKindReachesItsWindowWhereverItIsConnected() {
		TestWindow left = tab(nodeA(), "left");
		TestWindow right = tab(nodeB(), "right");
		for (TestWindow window : List.of(left, right)) {
			String label = window.label();
			window.listen("kind", EventTarget.labeled(label));
		}
		List<EventTarget> targets = List.of(EventTarget.labeled("right"), EventTarget.window("right"),
				EventTarget.webview("right"), EventTarget.webviewWindow("right"));
		for (EventTarget target : targets) {
			app(nodeA()).emitTo(target, "kind", target.getClass().getSimpleName());
		}
		app(nodeA()).emitTo("right", "kind", "by-label");
		sync(left, right);
		assertThat(payloads(right, "kind")).containsExactly("AnyLabel", "Window", "Webview", "WebviewWindow",
				"by-label");
		assertThat(payloads(left, "kind")).isEmpty();
	}

	@Test
	void appTargetReachesAnyAndAppListenersEverywhere() {
		TestWindow a = tab(nodeA(), "main");
		TestWindow b = tab(nodeB(), "main");
		a.listen("app", EventTarget.app());
		b.listen("app", EventTarget.any());
		List<Event> server = hear(nodeB(), "app");
		app(nodeA()).emitTo(EventTarget.app(), "app", "to-app");
		await().atMost(WAIT).until(() -> payloads(a, "app").size() == 1 && payloads(b, "app").size() == 1);
		await().atMost(WAIT).until(() -> server.size() == 1);
		assertThat(server.get(0).payload(String.class)).isEqualTo("to-app");
	}

	@Test
	void emitFilterSeesTheTargetsOfEveryNode() {
		TestWindow left = tab(nodeA(), "filter-left");
		TestWindow right = tab(nodeB(), "filter-right");
		left.listen("filtered", EventTarget.webviewWindow("filter-left"));
		right.listen("filtered", EventTarget.webviewWindow("filter-right"));
		ClusterNode emitter = nodeA().getBean(ClusterNode.class);
		await().atMost(WAIT).until(() -> emitter.knownTargets("filtered").contains(EventTarget.webviewWindow("filter-right")));
		Predicate<EventTarget> onlyRight = (target) -> target.equals(EventTarget.webviewWindow("filter-right"));
		app(nodeA()).emitFilter("filtered", "only-right", onlyRight);
		app(nodeA()).emitFilter("filtered", "nobody", (target) -> false);
		sync(left, right);
		assertThat(payloads(right, "filtered")).containsExactly("only-right");
		assertThat(payloads(left, "filtered")).isEmpty();
	}

	@Test
	void instanceTokensAreValidOnEveryNodeAndScopeEmissions() {
		TestWindow main = tab(nodeA(), "main");
		TestWindow second = sibling(nodeB(), main, "second");
		assertThat(second.instanceToken()).isEqualTo(main.instanceToken());
		// looked up before another instance takes the label "main" too
		String id = instanceIdOf(nodeA(), "main");
		TestWindow stranger = tab(nodeB(), "main");
		assertThat(app(nodeB()).instance(id)).as("instance %s on node B", id).isPresent();
		for (TestWindow window : List.of(main, second, stranger)) {
			window.listen("scoped", EventTarget.any());
		}
		List<Event> server = hear(nodeB(), "scoped");
		// the instance's handle on node A reaches its window on node B, not the other instance's
		app(nodeA()).instance(id).orElseThrow().emit("scoped", "instance");
		// a page's emit is scoped to its instance too, and server listeners of every node hear it
		main.emit("scoped", "page");
		sync(main, second, stranger);
		assertThat(payloads(second, "scoped")).containsExactly("instance", "page");
		assertThat(payloads(main, "scoped")).containsExactly("instance", "page");
		assertThat(payloads(stranger, "scoped")).isEmpty();
		await().atMost(WAIT).until(() -> server.size() == 2);
		Event fromPage = server.get(1);
		assertThat(fromPage.payload(String.class)).isEqualTo("page");
		assertThat(fromPage.source()).hasValueSatisfying((source) -> assertThat(source.label()).isEqualTo("main"));
	}

	@Test
	void lookupsFindTheWindowsAndInstancesOfEveryNode() {
		TestWindow main = tab(nodeA(), "lookup-main");
		long opened = System.nanoTime();
		String id = instanceIdOf(nodeA(), "lookup-main");
		WebviewWindow found = awaitWindow(nodeB(), id, "lookup-main");
		long foundAfter = System.nanoTime() - opened;
		assertThat(found.label()).isEqualTo("lookup-main");
		assertThat(found.app().instanceId()).hasValue(id);
		assertThat(found.isOpen()).isTrue();
		assertThat(app(nodeB()).instances()).anySatisfy((instance) -> assertThat(instance.instanceId()).hasValue(id));
		assertThat(app(nodeB()).instance(id).orElseThrow().webviewWindows()).containsKey("lookup-main");
		// the server-wide handle: one instance holds the label
		assertThat(app(nodeB()).getWebviewWindow("lookup-main")).hasValueSatisfying(
				(window) -> assertThat(window.app().instanceId()).hasValue(id));
		assertThat(app(nodeB()).webviewWindows()).containsKey("lookup-main");
		// what is emitted through it reaches the window on its node
		main.listen("looked-up", EventTarget.any());
		found.emitTo("lookup-main", "looked-up", "through-b");
		await().atMost(WAIT).until(() -> payloads(main, "looked-up").equals(List.of("through-b")));
		long closing = System.nanoTime();
		main.close();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> !found.isOpen());
		System.out.printf("lookup (%s): found on node B %d µs after the welcome, gone %d µs after the close%n",
				getClass().getSimpleName(), foundAfter / 1000, (System.nanoTime() - closing) / 1000);
		await().atMost(WAIT).until(() -> app(nodeB()).getWebviewWindow("lookup-main").isEmpty()
				&& app(nodeB()).instance(id).flatMap((instance) -> instance.getWebviewWindow("lookup-main")).isEmpty());
	}

	@Test
	void closeThroughAnotherNodeClosesTheWindowAsALocalClose() {
		TestWindow window = tab(nodeA(), "closed-from-b");
		WebviewWindow found = awaitWindow(nodeB(), instanceIdOf(nodeA(), "closed-from-b"), "closed-from-b");
		found.close();
		assertThat(window.awaitClose().getCode()).isEqualTo(1000);
		await().atMost(WAIT).until(() -> app(nodeB()).getWebviewWindow("closed-from-b").isEmpty());
	}

	@Test
	void evalThroughAnotherNodeRunsInThePage() {
		TestWindow window = tab(nodeA(), "eval-from-b");
		WebviewWindow found = awaitWindow(nodeB(), instanceIdOf(nodeA(), "eval-from-b"), "eval-from-b");
		found.eval("console.log('from node B')");
		assertThat(window.next((frame) -> "eval".equals(frame.path("type").asString())).path("script").asString())
			.isEqualTo("console.log('from node B')");
	}

	@Test
	void listenersOfAnInstanceOfAnotherNodeHearItsWindows() {
		TestWindow page = tab(nodeA(), "heard-elsewhere");
		TestWindow stranger = tab(nodeA(), "heard-stranger");
		String id = instanceIdOf(nodeA(), "heard-elsewhere");
		awaitWindow(nodeB(), id, "heard-elsewhere");
		AppHandle instance = app(nodeB()).instance(id).orElseThrow();
		List<Event> heard = new CopyOnWriteArrayList<>();
		long listener = instance.listen("from-page", heard::add);
		this.cleanups.add(() -> instance.unlisten(listener));
		List<Event> everyInstance = hear(nodeB(), "from-page");
		stranger.emit("from-page", "stranger");
		page.emit("from-page", "page");
		await().atMost(WAIT).until(() -> everyInstance.size() == 2);
		await().atMost(WAIT).until(() -> heard.size() == 1);
		assertThat(heard.get(0).payload(String.class)).isEqualTo("page");
		assertThat(heard.get(0).source()).hasValueSatisfying((source) -> assertThat(source.app()).isSameAs(instance));
		// a window of the instance joins on node B: the handle handed out before speaks for it, listeners and all
		TestWindow joined = sibling(nodeB(), page, "joined");
		joined.emit("from-page", "joined");
		await().atMost(WAIT).until(() -> heard.size() == 2);
		assertThat(heard.get(1).payload(String.class)).isEqualTo("joined");
		assertThat(app(nodeB()).instance(id)).containsSame(instance);
	}

	/** The window as a node sees it, once that node knows it (another node's within a bus round trip). */
	static WebviewWindow awaitWindow(ConfigurableApplicationContext node, String instanceId, String label) {
		return await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(1))
			.until(() -> app(node).instance(instanceId).flatMap((instance) -> instance.getWebviewWindow(label)),
					Optional::isPresent)
			.orElseThrow();
	}

	static String instanceIdOf(ConfigurableApplicationContext node, String label) {
		return app(node).instances()
			.stream()
			.filter((instance) -> instance.getWebviewWindow(label).isPresent())
			.map((instance) -> instance.instanceId().orElseThrow())
			.findFirst()
			.orElseThrow();
	}

	@Test
	void aLabelHasOneOwnerAcrossNodes() {
		TestWindow first = tab(nodeA(), "owner");
		TestWindow second = sibling(nodeB(), first, "owner");
		// duplicate-label=replace (the default): the newer connection wins wherever the older one is
		assertThat(first.awaitClose().getCode()).isEqualTo(4000);
		second.listen("owned", EventTarget.any());
		app(nodeA()).emitTo("owner", "owned", "still-reachable");
		await().atMost(WAIT).until(() -> payloads(second, "owned").size() == 1);
	}

	@Test
	void lifecycleEventsReachListenersOnEveryNode() {
		List<Event> created = hear(nodeB(), "tauri://window-created");
		List<Event> destroyed = hear(nodeB(), "tauri://destroyed");
		TestWindow window = tab(nodeA(), "lifecycle");
		await().atMost(WAIT).until(() -> created.stream()
			.anyMatch((event) -> event.payload().contains("\"lifecycle\"")));
		window.close();
		await().atMost(WAIT).until(() -> !destroyed.isEmpty());
	}

	@Test
	void emissionsOfOneSenderArriveInOrderOnEveryNode() {
		TestWindow a = tab(nodeA(), "order-a");
		TestWindow b = tab(nodeB(), "order-b");
		a.listen("seq", EventTarget.any());
		b.listen("seq", EventTarget.any());
		List<Event> server = hear(nodeB(), "seq");
		int count = 500;
		Thread fromA = new Thread(() -> {
			for (int i = 0; i < count; i++) {
				app(nodeA()).emit("seq", "a" + i);
			}
		});
		Thread fromB = new Thread(() -> {
			for (int i = 0; i < count; i++) {
				app(nodeB()).emit("seq", "b" + i);
			}
		});
		fromA.start();
		fromB.start();
		for (TestWindow window : List.of(a, b)) {
			await().atMost(WAIT).until(() -> payloads(window, "seq").size() == 2 * count);
			assertInOrder(payloads(window, "seq"), "a", count);
			assertInOrder(payloads(window, "seq"), "b", count);
		}
		await().atMost(WAIT).until(() -> server.size() == 2 * count);
		assertInOrder(server.stream().map((event) -> event.payload(String.class)).toList(), "a", count);
	}

	@Test
	void burstsToManyWindowsOnBothNodesArriveOnceEachAndNothingComesLate() {
		// the shape of the benchmark's 2-node fan-out: windows on both nodes, bursts from one thread of one node,
		// every window counting each burst, then quiet: an emission must never reach a window twice, even late
		List<TestWindow> windows = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			TestWindow window = tab((i % 2 == 0) ? nodeA() : nodeB(), "burst-" + i);
			window.listen("burst", EventTarget.any());
			windows.add(window);
		}
		sync(windows.toArray(TestWindow[]::new));
		int count = 1000;
		for (int burst = 0; burst < 3; burst++) {
			String sender = "r" + burst + "-";
			for (int i = 0; i < count; i++) {
				app(nodeA()).emit("burst", sender + i);
			}
			for (TestWindow window : windows) {
				await().atMost(WAIT).until(() -> payloads(window, "burst").stream().filter((p) -> p.startsWith(sender)).count() >= count);
			}
		}
		// two rounds of markers through both nodes: whatever was still on its way has arrived behind them
		sync(windows.toArray(TestWindow[]::new));
		sync(windows.toArray(TestWindow[]::new));
		for (TestWindow window : windows) {
			List<String> burst = payloads(window, "burst");
			assertThat(burst).as("events of window %s", window.label()).hasSize(3 * count);
			for (int round = 0; round < 3; round++) {
				assertInOrder(burst, "r" + round + "-", count);
			}
		}
	}

	static void assertInOrder(List<String> payloads, String sender, int count) {
		List<String> fromSender = payloads.stream().filter((payload) -> payload.startsWith(sender)).toList();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			expected.add(sender + i);
		}
		assertThat(fromSender).as("emissions of %s, in order, once each", sender).isEqualTo(expected);
	}

	static Map<String, Object> nodeProperties(String clusterName) {
		return Map.of("server.port", "0", "tauri.events.cluster.enabled", "true", "tauri.events.cluster.name",
				clusterName, "tauri.events.cluster.heartbeat-interval", "200ms", "tauri.events.instances.grace-period",
				"2s", "tauri.events.eval.enabled", "true", "spring.main.banner-mode", "off");
	}

	/** The application every node runs. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class Node {

	}

}
