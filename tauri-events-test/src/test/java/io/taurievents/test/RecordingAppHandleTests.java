package io.taurievents.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.ipc.Channel;
import io.taurievents.ipc.ChannelClosedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The recorder as a service's {@code AppHandle} in a unit test: emissions checked in order, by payload, target,
 * filter and instance, server listeners that hear them; and a recording {@code Channel}.
 */
class RecordingAppHandleTests {

	private final RecordingAppHandle app = new RecordingAppHandle();

	@Test
	void recordsEmissionsInOrderWithTheirPayloads() {
		new Downloads(this.app).download("https://example.org/file");
		assertThat(this.app).emitted("download-started").withPayload("https://example.org/file").to(EventTarget.any());
		assertThat(this.app).emitted("download-progress").withPayload(new Progress(1));
		assertThat(this.app).emitted("download-progress").withPayload(Map.of("percent", 100));
		assertThat(this.app).emitted("download-finished").to(EventTarget.labeled("main"));
		assertThat(this.app).emittedNothingMore();
		assertThat(this.app.eventNames()).containsExactly("download-started", "download-progress", "download-progress",
				"download-finished");
	}

	@Test
	void writesPayloadsAsTheRealHandleDoes() {
		// a list of one polymorphic type keeps its items' type ids, as emit writes it
		this.app.emit("shapes", List.of(new Circle(1)));
		assertThat(this.app.emissions()).singleElement()
			.satisfies((emission) -> assertThat(emission.payload().toString()).isEqualTo("[{\"kind\":\"circle\",\"radius\":1}]"));
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
	@JsonSubTypes(@JsonSubTypes.Type(value = Circle.class, name = "circle"))
	interface Shape {
	}

	record Circle(int radius) implements Shape {
	}

	@Test
	void checksWhoAFilteredEmissionReaches() {
		this.app.emitFilter("secret", 42, (target) -> target.equals(EventTarget.webviewWindow("admin")));
		assertThat(this.app).emitted("secret")
			.withPayload(42)
			.reaching(EventTarget.webviewWindow("admin"))
			.notReaching(EventTarget.webviewWindow("main"));
	}

	@Test
	void failsOnAMissingOrDifferentEmission() {
		this.app.emit("a", 1);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.app).emitted("b"))
			.withMessageContaining("[a]");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.app).emitted("a").withPayload(2))
			.withMessageContaining("payload");
	}

	@Test
	void emittedNothingMoreFailsOnAnUncheckedEmission() {
		this.app.emitJson("raw", "{\"already\":\"json\"}");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.app).emittedNothingMore())
			.withMessageContaining("raw");
		assertThat(this.app).emitted("raw").withPayload(Map.of("already", "json"));
	}

	@Test
	void serverListenersHearEmissions() {
		List<Object> heard = new ArrayList<>();
		this.app.listen("ping", (event) -> heard.add(event.payload(Integer.class)));
		this.app.once("ping", (event) -> heard.add("once"));
		this.app.emit("ping", 1);
		this.app.emitTo(EventTarget.labeled("main"), "ping", 2);
		this.app.emitTo(EventTarget.app(), "ping", 3);
		assertThat(heard).containsExactly(1, "once", 3);
	}

	@Test
	void servicesReachTheInstancesTheTestStarted() {
		this.app.startInstance("tab-1", "ada");
		this.app.startInstance("tab-2", "bob");
		RecordingAppHandle adasSecondTab = this.app.startInstance("tab-3", "ada");
		List<Object> heardOnTab3 = new ArrayList<>();
		adasSecondTab.listen("logged-out", (event) -> heardOnTab3.add(event.payload(String.class)));
		new Sessions(this.app).logOut("ada");
		assertThat(this.app).emitted("logged-out").withPayload("ada").inInstance("tab-1");
		assertThat(this.app).emitted("logged-out").inInstance("tab-3");
		assertThat(this.app).emittedNothingMore();
		assertThat(adasSecondTab).emitted("logged-out").inInstance("tab-3");
		assertThat(adasSecondTab).emittedNothingMore();
		assertThat(heardOnTab3).containsExactly("ada");
		assertThat(this.app.instance("tab-2")).get().satisfies((tab) -> assertThat(tab.principalName()).contains("bob"));
		this.app.endInstance("tab-2");
		assertThat(this.app.instances()).extracting((tab) -> tab.instanceId().orElseThrow()).containsExactly("tab-1", "tab-3");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> {
				this.app.emit("logged-out", "everyone");
				assertThat(this.app).emitted("logged-out").inInstance("tab-1");
			})
			.withMessageContaining("server-wide");
	}

	@Test
	void checksThatNothingOrNotAnEventWasEmitted() {
		assertThat(this.app).emittedNothingMore().neverEmitted("download-started");
		new Downloads(this.app).download("u");
		assertThat(this.app).emitted("download-started");
		assertThat(this.app).neverEmitted("download-failed");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.app).neverEmitted("download-started"))
			.withMessageContaining("download-started");
	}

	@Test
	void recordingChannelKeepsWhatAServiceStreams() {
		RecordingChannel<Progress> onProgress = new RecordingChannel<>();
		List<String> closed = new ArrayList<>();
		onProgress.onClose(() -> closed.add("closed"));
		new Downloads(this.app).stream(onProgress);
		assertThat(onProgress.messages()).containsExactly(new Progress(1), new Progress(100));
		assertThat(onProgress.isClosed()).isTrue();
		assertThat(closed).containsExactly("closed");
		assertThat(onProgress.window().label()).isEqualTo("main");
		assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> onProgress.send(new Progress(2)));
	}

	@Test
	void recordingChannelOnARecorderRecordsWhatTheServiceEmitsThroughItsWindow() {
		RecordingChannel<Progress> onProgress = new RecordingChannel<>(this.app);
		new Downloads(this.app).streamAndTell(onProgress, "https://example.org/file");
		assertThat(onProgress.messages()).containsExactly(new Progress(100));
		assertThat(onProgress.window().app()).isSameAs(this.app);
		assertThat(this.app).emitted("download-finished").withPayload("https://example.org/file").to(EventTarget.any());
		assertThat(this.app).emitted("download-logged").to(EventTarget.labeled("log"));
		assertThat(this.app).emittedNothingMore();
	}

	@Test
	void instancesAreStartedAndEndedOnTheServerWideRecorderOnly() {
		RecordingAppHandle tab = this.app.startInstance("tab-1", "ada");
		assertThat(this.app.instance("tab-1")).containsSame(tab);
		assertThat(tab.instance("tab-1")).containsSame(tab);
		assertThat(this.app.instance("tab-2")).isEmpty();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> tab.endInstance("tab-1"))
			.withMessageContaining("server-wide recorder");
		assertThat(this.app.instance("tab-1")).isPresent();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.app.endInstance("tab-2"))
			.withMessageContaining("tab-2 was not started");
		this.app.endInstance("tab-1");
		assertThat(this.app.instance("tab-1")).isEmpty();
	}

	@Test
	void clearOnTheServerWideRecorderForgetsItsInstancesEmissionsToo() {
		RecordingAppHandle ada = this.app.startInstance("tab-1", "ada");
		RecordingAppHandle bob = this.app.startInstance("tab-2", "bob");
		ada.emit("hello", "ada");
		bob.emit("hello", "bob");
		bob.clear();
		assertThat(bob.emissions()).isEmpty();
		assertThat(this.app.eventNames()).containsExactly("hello", "hello");
		this.app.clear();
		assertThat(this.app.emissions()).isEmpty();
		assertThat(ada.emissions()).isEmpty();
		assertThat(this.app).emittedNothingMore();
		assertThat(ada).emittedNothingMore();
		ada.emit("again", null);
		assertThat(this.app).emitted("again").inInstance("tab-1");
	}

	record Progress(int percent) {
	}

	/** A service that tells every tab of a user. */
	record Sessions(AppHandle app) {

		void logOut(String user) {
			this.app.instancesOf(user).forEach((tab) -> tab.emit("logged-out", user));
		}

	}

	/** A service as an application writes it. */
	record Downloads(AppHandle app) {

		void download(String url) {
			this.app.emit("download-started", url);
			this.app.emit("download-progress", new Progress(1));
			this.app.emit("download-progress", new Progress(100));
			this.app.emitTo("main", "download-finished", url);
		}

		void streamAndTell(Channel<Progress> onProgress, String url) {
			onProgress.send(new Progress(100));
			onProgress.window().emit("download-finished", url);
			onProgress.window().app().emitTo("log", "download-logged", url);
		}

		void stream(Channel<Progress> onProgress) {
			onProgress.send(new Progress(1));
			onProgress.trySend(new Progress(100));
			onProgress.close();
		}

	}

}
