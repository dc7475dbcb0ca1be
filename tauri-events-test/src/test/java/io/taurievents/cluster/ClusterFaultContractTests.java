package io.taurievents.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.taurievents.AppHandle;
import io.taurievents.event.AppInstances;
import io.taurievents.test.FaultyProxy;
import io.taurievents.test.ResumingTestWindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failures a cluster bus must survive without losing anything silently: a stalled bus, a restarted bus that lost
 * its data, connections to the bus cut, and a node that dies under its windows. During each, node A emits a numbered
 * stream to windows on node B; afterwards every window has every number once, in order, or has been told to resync
 * (the resume protocol's {@code resumed:false}) and has no duplicate either way.
 */
public abstract class ClusterFaultContractTests extends ClusterContractTests {

	/** The faults, for {@link #losesNothingOn}. */
	protected enum Fault {

		/** The bus's service stops answering for five seconds, then goes on. */
		STALL,

		/** The bus's service restarts and has lost what it held. */
		RESTART,

		/** Every connection to the bus's service is cut. */
		CUT

	}

	/** Freezes the bus's service. */
	protected abstract void pauseBus();

	/** Lets the bus's service go on. */
	protected abstract void resumeBus();

	/** Restarts the bus's service, losing its data. */
	protected abstract void restartBus();

	/** Cuts every connection to the bus's service. */
	protected abstract void cutBusConnections();

	/** Stops node A at once; the next {@link #nodeA()} is a new run of it. */
	protected abstract void crashNodeA();

	/**
	 * Whether the bus delivers everything through a fault, rather than making windows resync.
	 * @param fault the fault
	 * @return {@code true} when the bus must lose nothing
	 */
	protected abstract boolean losesNothingOn(Fault fault);

	@Test
	void aStalledBusDelaysButLosesNothingSilently() {
		faultDuringStream(Fault.STALL, () -> {
			pauseBus();
			ClusterNode node = nodeB().getBean(ClusterNode.class);
			try {
				await().atMost(WAIT).until(() -> !node.stats().bus().up());
				// the bus stays frozen five seconds in all
				await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
			}
			finally {
				resumeBus();
			}
			await().atMost(WAIT).until(() -> node.stats().bus().up());
		});
	}

	@Test
	void aRestartedBusLosesNothingSilently() {
		faultDuringStream(Fault.RESTART, this::restartBus);
	}

	@Test
	void cutBusConnectionsLoseNothingSilently() {
		faultDuringStream(Fault.CUT, () -> {
			for (int i = 0; i < 3; i++) {
				cutBusConnections();
				await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
			}
		});
	}

	private void faultDuringStream(Fault fault, Runnable inject) {
		List<ResumingTestWindow> windows = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			ResumingTestWindow window = track(ResumingTestWindow.open(port(nodeB()), "stream-" + i));
			window.listen("n");
			windows.add(window);
		}
		ResumingTestWindow local = track(ResumingTestWindow.open(port(nodeA()), "stream-local"));
		local.listen("n");
		Emitter emitter = new Emitter(app(nodeA()));
		emitter.start();
		await().atMost(WAIT).until(() -> windows.stream().allMatch((window) -> !numbers(window).isEmpty()));
		inject.run();
		int before = emitter.sent();
		// a window told to resync listens again only after its resume: the stream goes on until every window hears
		// it again, or a window that resynced after the last emission would wait for it for ever
		await().atMost(WAIT).until(() -> emitter.sent() > before + 50 && windows.stream().allMatch((window) -> {
			List<Integer> numbers = numbers(window);
			return !numbers.isEmpty() && numbers.get(numbers.size() - 1) > before + 50;
		}));
		int last = emitter.stop();
		for (ResumingTestWindow window : windows) {
			try {
				await().atMost(WAIT).until(() -> {
					List<Integer> numbers = numbers(window);
					return !numbers.isEmpty() && numbers.get(numbers.size() - 1) == last;
				});
			}
			catch (org.awaitility.core.ConditionTimeoutException ex) {
				List<Integer> numbers = numbers(window);
				throw new AssertionError(fault + ": window " + windows.indexOf(window) + " never got " + last
						+ "; ready " + window.isReady() + ", closes " + window.closeCodes() + ", resyncs "
						+ window.resyncs() + ", welcomes " + window.welcomes().size() + ", last numbers "
						+ numbers.subList(Math.max(0, numbers.size() - 5), numbers.size()) + ", node B "
						+ nodeB().getBean(ClusterNode.class).stats() + ", node A "
						+ nodeA().getBean(ClusterNode.class).stats(), ex);
			}
			List<Integer> numbers = numbers(window);
			int missing = numbers.get(numbers.size() - 1) - numbers.get(0) + 1 - numbers.size();
			System.out.printf("%s window %d: %d received, %d missing, resyncs %s, bus %s%n", fault, windows.indexOf(window), numbers.size(),
					missing, window.resyncs(), nodeB().getBean(ClusterNode.class).stats());
			assertThat(numbers).as("no duplicate, in order").isSorted().doesNotHaveDuplicates();
			assertThat(window.duplicateFrames()).isZero();
			if (missing > 0) {
				assertThat(window.resyncs()).as("%d numbers lost: the window must have been told", missing)
					.contains(ClusterNode.GAP);
			}
			if (losesNothingOn(fault)) {
				assertThat(missing).as("numbers lost").isZero();
				assertThat(window.resyncs()).isEmpty();
			}
		}
		// the emitting node's own windows never depend on the bus
		List<Integer> own = numbers(local);
		assertThat(own).isSorted().doesNotHaveDuplicates();
		assertThat(own.get(own.size() - 1) - own.get(0) + 1).isEqualTo(own.size());
	}

	@Test
	void windowsOfAStoppedNodeVanishFromTheOthersLookups() {
		tab(nodeA(), "stopping");
		String id = instanceIdOf(nodeA(), "stopping");
		awaitWindow(nodeB(), id, "stopping");
		crashNodeA();
		await().atMost(WAIT).until(() -> app(nodeB()).getWebviewWindow("stopping").isEmpty()
				&& app(nodeB()).instance(id).isEmpty());
	}

	@Test
	void windowsOfACrashedNodeReconnectToAnotherAndAreToldToResync() throws Exception {
		try (FaultyProxy proxy = FaultyProxy.start(port(nodeA()))) {
			ResumingTestWindow moving = track(ResumingTestWindow.open(proxy.port(), "crash"));
			moving.listen("n");
			ResumingTestWindow staying = track(ResumingTestWindow.open(port(nodeB()), "stay"));
			staying.listen("n");
			String token = moving.welcomes().get(0).path("instance").asString();
			String instanceId = instanceIdOf(nodeA(), "crash");
			Emitter emitter = new Emitter(app(nodeB()));
			emitter.start();
			await().atMost(WAIT).until(() -> numbers(moving).size() > 20);
			// the node dies: its sockets go without a close frame, the load balancer sends the pages to node B
			proxy.retarget(port(nodeB()));
			proxy.cutAll();
			crashNodeA();
			await().atMost(WAIT).until(() -> moving.welcomes().size() >= 2 && moving.isReady());
			int before = emitter.sent();
			await().atMost(WAIT).until(() -> emitter.sent() > before + 50);
			int last = emitter.stop();
			await().atMost(WAIT).until(() -> numbers(moving).contains(last) && numbers(staying).contains(last));
			JsonNode welcome = moving.welcomes().get(moving.welcomes().size() - 1);
			System.out.printf("crash: resyncs %s, welcome %s%n", moving.resyncs(), welcome);
			// told clearly: its session was on the dead node
			assertThat(welcome.path("resumed").asBoolean()).isFalse();
			assertThat(moving.resyncs()).isNotEmpty();
			// same instance, now on node B, holding its label there
			assertThat(welcome.path("instance").asString()).isEqualTo(token);
			assertThat(app(nodeB()).instance(instanceId)).hasValueSatisfying(
					(instance) -> assertThat(instance.getWebviewWindow("crash")).isPresent());
			assertThat(numbers(moving)).isSorted().doesNotHaveDuplicates();
			List<Integer> stayed = numbers(staying);
			assertThat(stayed).isSorted().doesNotHaveDuplicates();
			assertThat(stayed.get(stayed.size() - 1) - stayed.get(0) + 1).as("the other node's windows lose nothing")
				.isEqualTo(stayed.size());
			assertThat(staying.resyncs()).isEmpty();
		}
	}

	@Test
	void aWindowThatMovesToAnotherNodeResumesThereWithNothingLost() throws Exception {
		try (FaultyProxy proxy = FaultyProxy.start(port(nodeA()))) {
			ResumingTestWindow moving = track(ResumingTestWindow.open(proxy.port(), "moving"));
			moving.listen("n");
			moving.listen("m");
			String instanceId = instanceIdOf(nodeA(), "moving");
			String token = moving.welcomes().get(0).path("instance").asString();
			// the instance is known cluster-wide (node A writes its token without waiting)
			await().atMost(WAIT).until(() -> nodeB().getBean(ClusterNode.class).find(token) != null);
			// a stream from each node, so the move is fenced against both the node it leaves and the one it joins
			Emitter fromA = new Emitter(app(nodeA()), "n");
			Emitter fromB = new Emitter(app(nodeB()), "m");
			fromA.start();
			fromB.start();
			await().atMost(WAIT).until(() -> numbers(moving, "n").size() > 20 && numbers(moving, "m").size() > 20);
			// the load balancer sends the page to node B; node A lives on and still holds the detached session
			proxy.retarget(port(nodeB()));
			proxy.cutAll();
			await().atMost(WAIT).until(() -> moving.welcomes().size() >= 2 && moving.isReady());
			int beforeA = fromA.sent();
			int beforeB = fromB.sent();
			await().atMost(WAIT).until(() -> fromA.sent() > beforeA + 50 && fromB.sent() > beforeB + 50);
			int lastA = fromA.stop();
			int lastB = fromB.stop();
			await().atMost(WAIT)
				.until(() -> numbers(moving, "n").contains(lastA) && numbers(moving, "m").contains(lastB));
			JsonNode welcome = moving.welcomes().get(moving.welcomes().size() - 1);
			System.out.printf("moved: welcome %s, resyncs %s, node A %s, node B %s%n", welcome, moving.resyncs(),
					nodeA().getBean(ClusterNode.class).stats(), nodeB().getBean(ClusterNode.class).stats());
			assertThat(welcome.path("resumed").asBoolean()).as("resumed on the other node").isTrue();
			assertThat(moving.resyncs()).isEmpty();
			for (String event : List.of("n", "m")) {
				List<Integer> numbers = numbers(moving, event);
				assertThat(numbers).as("%s: in order, once each", event).isSorted().doesNotHaveDuplicates();
				assertThat(numbers.get(numbers.size() - 1) - numbers.get(0) + 1).as("%s: none lost", event)
					.isEqualTo(numbers.size());
			}
			assertThat(moving.duplicateFrames()).isZero();
			assertThat(moving.gaps()).isZero();
			// the window now lives on node B, in the same instance; node A no longer holds it, and finds it on node B
			assertThat(nodeB().getBean(AppInstances.class).byId(instanceId)
				.flatMap((instance) -> instance.localWindow("moving"))).isPresent();
			assertThat(nodeA().getBean(AppInstances.class).byId(instanceId)
				.flatMap((instance) -> instance.localWindow("moving"))).isEmpty();
			await().atMost(WAIT).until(() -> app(nodeA()).instance(instanceId)
				.flatMap((instance) -> instance.getWebviewWindow("moving"))
				.filter(RemoteWebviewWindow.class::isInstance)
				.isPresent());
			// its listeners moved with it: an emission from either node reaches it once
			app(nodeA()).emit("n", lastA + 1);
			app(nodeB()).emit("m", lastB + 1);
			await().atMost(WAIT).until(() -> numbers(moving, "n").contains(lastA + 1)
					&& numbers(moving, "m").contains(lastB + 1));
			assertThat(numbers(moving, "n")).doesNotHaveDuplicates();
			assertThat(numbers(moving, "m")).doesNotHaveDuplicates();
		}
	}

	@Test
	void aWindowWhoseSessionCannotMoveIsToldWhy() throws Exception {
		try (FaultyProxy proxy = FaultyProxy.start(port(nodeA()))) {
			ResumingTestWindow moving = track(ResumingTestWindow.open(proxy.port(), "overflowing"));
			moving.listen("big");
			String token = moving.welcomes().get(0).path("instance").asString();
			await().atMost(WAIT).until(() -> nodeB().getBean(ClusterNode.class).find(token) != null);
			moving.reconnect(false);
			proxy.cutAll();
			// more than the session's replay buffer (tauri.events.resume.buffer-size, 1 MB) while the page is away
			String chunk = "x".repeat(64 * 1024);
			for (int i = 0; i < 20; i++) {
				app(nodeA()).emit("big", chunk);
			}
			proxy.retarget(port(nodeB()));
			moving.reconnectNow();
			await().atMost(WAIT).until(() -> moving.welcomes().size() >= 2 && moving.isReady());
			JsonNode welcome = moving.welcomes().get(moving.welcomes().size() - 1);
			// the reason comes from node A, which still runs: not a timeout
			assertThat(welcome.path("resumed").asBoolean()).isFalse();
			assertThat(welcome.path("reason").asString()).isEqualTo("overflow");
			assertThat(moving.resyncs()).containsExactly("overflow");
			// a fresh session on node B, in the same instance, listening again
			app(nodeA()).emit("big", "after");
			await().atMost(WAIT).until(() -> moving.events()
				.stream()
				.anyMatch((event) -> "after".equals(event.path("payload").asString())));
		}
	}

	static List<Integer> numbers(ResumingTestWindow window) {
		return numbers(window, "n");
	}

	static List<Integer> numbers(ResumingTestWindow window, String name) {
		List<Integer> numbers = new ArrayList<>();
		for (JsonNode event : window.events()) {
			if (name.equals(event.path("event").asString())) {
				numbers.add(event.path("payload").asInt());
			}
		}
		return numbers;
	}

	/** Emits "n" (or another event) with 1, 2, 3 … from one thread, every two milliseconds, until stopped. */
	static final class Emitter {

		private final AppHandle app;

		private final String event;

		private final AtomicInteger sent = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		Emitter(AppHandle app) {
			this(app, "n");
		}

		Emitter(AppHandle app, String event) {
			this.app = app;
			this.event = event;
			this.thread = new Thread(this::run, "test-emitter");
		}

		void start() {
			this.thread.start();
		}

		private void run() {
			while (this.running.get()) {
				this.app.emit(this.event, this.sent.get() + 1);
				this.sent.incrementAndGet();
				java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
			}
		}

		int sent() {
			return this.sent.get();
		}

		int stop() {
			this.running.set(false);
			try {
				this.thread.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.sent.get();
		}

	}

}
