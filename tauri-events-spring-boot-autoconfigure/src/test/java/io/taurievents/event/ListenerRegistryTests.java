package io.taurievents.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.Event;
import io.taurievents.EventTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ListenerRegistryTests {

	private final ListenerRegistry registry = new ListenerRegistry(JsonMapper.builder().build());

	@Test
	void idsStartAtZeroAndAreSharedByServerAndWindowListeners() {
		RecordingSink window = new RecordingSink();
		assertThat(this.registry.listen("a", EventTarget.app(), false, (event) -> {
		})).isZero();
		assertThat(this.registry.listenWindow(window, "a", EventTarget.any())).isEqualTo(1);
		assertThat(this.registry.listen("b", EventTarget.any(), true, (event) -> {
		})).isEqualTo(2);
		assertThat(this.registry.listenWindow(window, "c", EventTarget.labeled("main"))).isEqualTo(3);
	}

	@Test
	void handlersGetTheirOwnIdTheNameAndThePayloadAsJsonText() {
		List<Event> received = new ArrayList<>();
		long first = this.registry.listen("download-started", EventTarget.app(), false, received::add);
		long second = this.registry.listen("download-started", EventTarget.any(), false, received::add);
		this.registry.emit("download-started", EventTarget.any(), "\"https://example.org\"", null);
		assertThat(received).extracting(Event::id).containsExactly(first, second);
		assertThat(received).allSatisfy((event) -> {
			assertThat(event.event()).isEqualTo("download-started");
			assertThat(event.payload()).isEqualTo("\"https://example.org\"");
			assertThat(event.payload(String.class)).isEqualTo("https://example.org");
			assertThat(event.source()).isEmpty();
		});
	}

	@Test
	void serverListenersFollowTheMatchingTable() {
		List<String> received = Collections.synchronizedList(new ArrayList<>());
		this.registry.listen("e", EventTarget.app(), false, (event) -> received.add("app"));
		this.registry.listen("e", EventTarget.webviewWindow("main"), false, (event) -> received.add("main"));
		this.registry.listen("e", EventTarget.any(), false, (event) -> received.add("any"));
		this.registry.emit("e", EventTarget.labeled("main"), "null", null);
		assertThat(received).containsExactly("main", "any");
		received.clear();
		this.registry.emit("e", EventTarget.app(), "null", null);
		assertThat(received).containsExactly("app", "any");
		received.clear();
		this.registry.emitFilter("e", (target) -> target.equals(EventTarget.app()), "null", null);
		assertThat(received).containsExactly("app", "any");
	}

	@Test
	void onceFiresExactlyOnceUnderConcurrentEmits() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		this.registry.listen("ready", EventTarget.app(), true, (event) -> calls.incrementAndGet());
		ExecutorService executor = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		try {
			for (int thread = 0; thread < 8; thread++) {
				executor.submit(() -> {
					start.await();
					for (int i = 0; i < 2_000; i++) {
						this.registry.emit("ready", EventTarget.any(), "null", null);
					}
					return null;
				});
			}
			start.countDown();
			executor.shutdown();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(calls).hasValue(1);
		assertThat(this.registry.hasListeners("ready")).isFalse();
	}

	@Test
	void onceCanBeUnlistenedBeforeItFires() {
		AtomicInteger calls = new AtomicInteger();
		long id = this.registry.listen("ready", EventTarget.app(), true, (event) -> calls.incrementAndGet());
		this.registry.unlisten(id);
		this.registry.emit("ready", EventTarget.any(), "null", null);
		assertThat(calls).hasValue(0);
	}

	@Test
	void onceThatEmitsItsOwnEventRunsOnceAndDoesNotDeadlock() {
		AtomicInteger calls = new AtomicInteger();
		this.registry.listen("again", EventTarget.any(), true, (event) -> {
			calls.incrementAndGet();
			this.registry.emit("again", EventTarget.any(), "null", null);
		});
		this.registry.emit("again", EventTarget.any(), "null", null);
		assertThat(calls).hasValue(1);
	}

	@Test
	void unlistenInsideTheHandlerStopsLaterEmissions() {
		// seed 002: `if event.data == "ready" { handle.unlisten(event.id) }`
		List<String> received = new ArrayList<>();
		this.registry.listen("status-changed", EventTarget.app(), false, (event) -> {
			received.add(event.payload(String.class));
			if ("ready".equals(event.payload(String.class))) {
				this.registry.unlisten(event.id());
				this.registry.unlisten(event.id());
			}
		});
		for (String status : List.of("loading", "ready", "after")) {
			this.registry.emit("status-changed", EventTarget.any(), "\"" + status + "\"", null);
		}
		assertThat(received).containsExactly("loading", "ready");
	}

	@Test
	void unlistenOfUnknownIdsIsIgnored() {
		this.registry.unlisten(42);
		this.registry.unlistenWindow(new RecordingSink(), "nothing", 7);
		assertThat(this.registry.hasListeners("nothing")).isFalse();
	}

	@Test
	void aThrowingHandlerStopsNeitherTheOthersNorTheEmitter() {
		List<String> received = new ArrayList<>();
		this.registry.listen("e", EventTarget.any(), false, (event) -> received.add("first"));
		this.registry.listen("e", EventTarget.any(), false, (event) -> {
			throw new IllegalStateException("boom");
		});
		this.registry.listen("e", EventTarget.any(), false, (event) -> received.add("third"));
		this.registry.emit("e", EventTarget.any(), "null", null);
		assertThat(received).containsExactly("first", "third");
	}

	@Test
	void listenersAddedDuringAnEmissionDoNotSeeIt() {
		List<String> received = new ArrayList<>();
		this.registry.listen("e", EventTarget.any(), false, (event) -> {
			received.add("outer");
			this.registry.listen("e", EventTarget.any(), false, (inner) -> received.add("inner"));
		});
		this.registry.emit("e", EventTarget.any(), "null", null);
		assertThat(received).containsExactly("outer");
	}

	@Test
	void windowListenersLiveInTheWindowThatRegisteredThem() {
		RecordingSink main = new RecordingSink();
		RecordingSink other = new RecordingSink();
		// registered in `other`, but aimed at Window{main}: still delivered to `other` (Tauri rule 2)
		this.registry.listenWindow(other, "e", EventTarget.window("main"));
		this.registry.listenWindow(main, "e", EventTarget.webviewWindow("main"));
		this.registry.emit("e", EventTarget.window("main"), "1", null);
		assertThat(other.deliveries).hasSize(1);
		assertThat(main.deliveries).isEmpty();
	}

	@Test
	void windowRoutingAgreesWithTheMatchingTableForEveryCombination() {
		List<EventTarget> kinds = List.of(EventTarget.any(), EventTarget.app(), EventTarget.labeled("main"),
				EventTarget.window("main"), EventTarget.webview("main"), EventTarget.webviewWindow("main"),
				EventTarget.labeled("other"), EventTarget.webviewWindow("other"));
		List<RecordingSink> single = new ArrayList<>();
		for (EventTarget kind : kinds) {
			RecordingSink window = new RecordingSink();
			this.registry.listenWindow(window, "e", kind);
			single.add(window);
		}
		// windows mixing a labeled listener with another label's, or with an unlabeled one
		RecordingSink mixedLabels = new RecordingSink();
		this.registry.listenWindow(mixedLabels, "e", EventTarget.window("main"));
		this.registry.listenWindow(mixedLabels, "e", EventTarget.webview("other"));
		RecordingSink mixedApp = new RecordingSink();
		this.registry.listenWindow(mixedApp, "e", EventTarget.app());
		this.registry.listenWindow(mixedApp, "e", EventTarget.webviewWindow("other"));
		for (EventTarget emitted : kinds) {
			List<RecordingSink> all = new ArrayList<>(single);
			all.add(mixedLabels);
			all.add(mixedApp);
			all.forEach((window) -> window.deliveries.clear());
			this.registry.emit("e", emitted, "1", null);
			for (int i = 0; i < kinds.size(); i++) {
				assertThat(single.get(i).deliveries).as("%s emitted, %s listening", emitted, kinds.get(i))
					.hasSize(emitted.reaches(kinds.get(i)) ? 1 : 0);
			}
			assertThat(mixedLabels.deliveries).as("%s emitted, mixed labels", emitted)
				.hasSize(emitted.reaches(EventTarget.window("main")) || emitted.reaches(EventTarget.webview("other")) ? 1 : 0);
			assertThat(mixedApp.deliveries).as("%s emitted, App + other", emitted)
				.hasSize(emitted.reaches(EventTarget.app()) || emitted.reaches(EventTarget.webviewWindow("other")) ? 1 : 0);
		}
		// the index follows removals too
		this.registry.removeWindow(single.get(3), List.of("e"));
		single.get(3).deliveries.clear();
		this.registry.emit("e", EventTarget.window("main"), "1", null);
		assertThat(single.get(3).deliveries).isEmpty();
	}

	@Test
	void windowsWithoutAMatchingListenerGetNothing() {
		RecordingSink main = new RecordingSink();
		RecordingSink settings = new RecordingSink();
		this.registry.listenWindow(main, "login-result", EventTarget.webviewWindow("main"));
		this.registry.listenWindow(settings, "login-result", EventTarget.webviewWindow("settings"));
		this.registry.emit("login-result", EventTarget.labeled("login"), "\"loggedIn\"", null);
		assertThat(main.deliveries).isEmpty();
		assertThat(settings.deliveries).isEmpty();
	}

	@Test
	void oneWindowGetsOneFrameWhateverTheNumberOfMatchingListeners() {
		RecordingSink main = new RecordingSink();
		this.registry.listenWindow(main, "e", EventTarget.any());
		this.registry.listenWindow(main, "e", EventTarget.labeled("main"));
		this.registry.emit("e", EventTarget.any(), "1", null);
		assertThat(main.deliveries).hasSize(1);
		assertThat(main.deliveries.get(0).ids).isNull();
	}

	@Test
	void filteredEmissionsCarryTheChosenIds() {
		RecordingSink main = new RecordingSink();
		long any = this.registry.listenWindow(main, "open-file", EventTarget.any());
		long chosen = this.registry.listenWindow(main, "open-file", EventTarget.webviewWindow("main"));
		this.registry.listenWindow(main, "open-file", EventTarget.webviewWindow("settings"));
		this.registry.emitFilter("open-file",
				(target) -> target instanceof EventTarget.WebviewWindow w && w.label().equals("main"), "\"/tmp\"",
				null);
		assertThat(main.deliveries).singleElement().satisfies((delivery) -> assertThat(delivery.ids).containsExactly(any, chosen));
	}

	@Test
	void windowsThatAreBehindGetTheEmissionAfterEveryOtherWindow() {
		List<String> order = new ArrayList<>();
		RecordingSink slow = new RecordingSink("slow", order, false);
		RecordingSink fast = new RecordingSink("fast", order, true);
		this.registry.listenWindow(slow, "e", EventTarget.any());
		this.registry.listenWindow(fast, "e", EventTarget.any());
		this.registry.emit("e", EventTarget.any(), "1", null);
		assertThat(order).containsExactly("slow:try", "fast:try", "slow:wait");
	}

	@Test
	void removingAWindowRemovesItsListenersAndEmptyEntries() {
		RecordingSink main = new RecordingSink();
		this.registry.listenWindow(main, "a", EventTarget.any());
		this.registry.listenWindow(main, "b", EventTarget.any());
		this.registry.removeWindow(main, List.of("a", "b"));
		assertThat(this.registry.hasListeners("a")).isFalse();
		assertThat(this.registry.hasListeners("b")).isFalse();
		this.registry.emit("a", EventTarget.any(), "1", null);
		assertThat(main.deliveries).isEmpty();
	}

	@Test
	void unlistenWindowRemovesOnlyThatListener() {
		RecordingSink main = new RecordingSink();
		long first = this.registry.listenWindow(main, "a", EventTarget.any());
		this.registry.listenWindow(main, "a", EventTarget.any());
		this.registry.unlistenWindow(main, "a", first);
		assertThat(this.registry.hasWindowListener(main, "a")).isTrue();
	}

	@Test
	void aWindowCannotUnlistenAnotherWindowsListener() {
		RecordingSink main = new RecordingSink();
		RecordingSink other = new RecordingSink();
		long id = this.registry.listenWindow(main, "a", EventTarget.any());
		this.registry.listenWindow(other, "a", EventTarget.any());
		assertThat(this.registry.unlistenWindow(other, "a", id)).isFalse();
		this.registry.emit("a", EventTarget.any(), "1", null);
		assertThat(main.deliveries).hasSize(1);
		assertThat(this.registry.unlistenWindow(main, "a", id)).isTrue();
	}

	@Test
	void invalidNamesAreRejectedOnListen() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.listen("player.state", EventTarget.app(), false, (event) -> {
			}))
			.withMessageContaining("player.state");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.registry.listenWindow(new RecordingSink(), "a b", EventTarget.any()));
	}

	@Test
	void idsKeepIncreasingAcrossManyRegistrations() {
		AtomicLong last = new AtomicLong(-1);
		for (int i = 0; i < 1000; i++) {
			long id = this.registry.listen("e" + i, EventTarget.app(), false, (event) -> {
			});
			assertThat(id).isEqualTo(last.get() + 1);
			last.set(id);
			this.registry.unlisten(id);
		}
	}

	static final class RecordingSink implements EventSink {

		final List<Delivery> deliveries = new ArrayList<>();

		private final String name;

		private final List<String> order;

		private final boolean hasRoom;

		RecordingSink() {
			this("sink", new ArrayList<>(), true);
		}

		RecordingSink(String name, List<String> order, boolean hasRoom) {
			this.name = name;
			this.order = order;
			this.hasRoom = hasRoom;
		}

		@Override
		public boolean tryDeliver(Emission emission, long @Nullable [] ids) {
			this.order.add(this.name + ":try");
			if (this.hasRoom) {
				this.deliveries.add(new Delivery(emission, ids));
			}
			return this.hasRoom;
		}

		@Override
		public void deliver(Emission emission, long @Nullable [] ids) {
			this.order.add(this.name + ":wait");
			this.deliveries.add(new Delivery(emission, ids));
		}

	}

	record Delivery(Emission emission, long @Nullable [] ids) {
	}

}
