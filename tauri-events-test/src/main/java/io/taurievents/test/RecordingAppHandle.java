package io.taurievents.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.assertj.core.api.AssertProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.event.EventPayloads;

import org.springframework.util.Assert;

/**
 * An {@link AppHandle} for unit tests of services that emit: it records every {@code emit}, {@code emitTo},
 * {@code emitFilter} and {@code emitJson*} instead of sending anything, and {@code assertThat(app)} checks them
 * in order, as {@link TestWindowAssert} does for a window:
 *
 * <pre class="code">
 * RecordingAppHandle app = new RecordingAppHandle();
 * new Downloads(app).download("https://example.org/file");
 * assertThat(app).emitted("download-started").withPayload("https://example.org/file");
 * assertThat(app).emitted("download-progress").withPayload(1);
 * assertThat(app).emitted("login-result").to(EventTarget.labeled("login"));
 * </pre>
 *
 * It stands for the server-wide bean: a service that reaches app instances ({@code instances()},
 * {@code instance(id)}, {@code instancesOf(user)}) finds the ones the test started with {@link #startInstance},
 * each a {@code RecordingAppHandle} of its own whose emissions are recorded on it and here, with the instance's id:
 *
 * <pre class="code">
 * RecordingAppHandle app = new RecordingAppHandle();
 * app.startInstance("tab-1", "ada");
 * app.startInstance("tab-2", "bob");
 * new Sessions(app).logOut("ada");   // app.instancesOf("ada").forEach((tab) -&gt; tab.emit("logged-out", null))
 * assertThat(app).emitted("logged-out").inInstance("tab-1");
 * assertThat(app).emittedNothingMore();
 * </pre>
 *
 * Server listeners registered on a handle ({@code listen}, {@code once}, {@code listenAny}, {@code onceAny}) hear
 * what it emits (the recorder's own listeners also what its instances emit) synchronously: {@code listen}/{@code once}
 * those to every target ({@code emit}) or to {@code EventTarget.app()}, {@code listenAny}/{@code onceAny} all of
 * them, and a window's ({@link TauriCommandTester}'s, {@link RecordingChannel#window()}'s) those to every target or
 * to its label. It has no windows. Payloads are written as JSON with the given {@code JsonMapper}, as the real handle does,
 * so a payload the application could not send fails here too.
 */
public class RecordingAppHandle implements AppHandle, AssertProvider<RecordedEmissionsAssert> {

	/**
	 * One recorded emission.
	 * @param event the event name
	 * @param target the target ({@code EventTarget.any()} for {@code emit}), {@code null} for {@code emitFilter}
	 * @param filter the filter of {@code emitFilter}, {@code null} otherwise
	 * @param payload the payload as JSON
	 * @param instance the id of the app instance that emitted (a handle from {@link #startInstance}), {@code null}
	 * for the server-wide recorder
	 */
	public record Emission(String event, @Nullable EventTarget target, @Nullable Predicate<EventTarget> filter,
			JsonNode payload, @Nullable String instance) {

		/**
		 * Whether this emission reaches listeners registered with a target: by the matching table of
		 * {@link EventTarget#reaches(EventTarget)} for {@code emit}/{@code emitTo}, by its filter for
		 * {@code emitFilter}.
		 * @param target the listeners' target
		 * @return whether it reaches them
		 */
		public boolean reaches(EventTarget target) {
			if (this.filter != null) {
				return this.filter.test(target);
			}
			return this.target != null && this.target.reaches(target);
		}

	}

	private final JsonMapper jsonMapper;

	private final List<Emission> emissions = new CopyOnWriteArrayList<>();

	/** Emissions assertions have not taken yet, in order. */
	private final List<Emission> untaken = new ArrayList<>();

	private final Map<Long, Registered> listeners = new ConcurrentSkipListMap<>();

	private final AtomicLong ids = new AtomicLong();

	/** The recorder that started this instance, {@code null} for the server-wide recorder. */
	private final @Nullable RecordingAppHandle server;

	private final @Nullable String instanceId;

	private final @Nullable String principalName;

	/** The instances {@link #startInstance} started, by id in the order they started (on the server-wide recorder). */
	private final Map<String, RecordingAppHandle> instances = new LinkedHashMap<>();

	/** A handle that writes payloads with a default {@code JsonMapper}. */
	public RecordingAppHandle() {
		this(JsonMapper.builder().build());
	}

	/**
	 * A handle that writes payloads with the application's mapper.
	 * @param jsonMapper the mapper
	 */
	public RecordingAppHandle(JsonMapper jsonMapper) {
		this(jsonMapper, null, null, null);
	}

	private RecordingAppHandle(JsonMapper jsonMapper, @Nullable RecordingAppHandle server,
			@Nullable String instanceId, @Nullable String principalName) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.jsonMapper = jsonMapper;
		this.server = server;
		this.instanceId = instanceId;
		this.principalName = principalName;
	}

	/**
	 * Starts an app instance (a browser tab) that {@link #instances()}, {@link #instance(String)} and
	 * {@link #instancesOf(String)} then return. Call it on the server-wide recorder.
	 * @param id the instance's id
	 * @param principalName the user the instance is bound to, {@code null} for an anonymous one
	 * @return the instance's handle: what it emits is recorded on it and on this recorder
	 */
	public RecordingAppHandle startInstance(String id, @Nullable String principalName) {
		Assert.hasText(id, "id must not be empty");
		Assert.state(this.server == null, "startInstance is for the server-wide recorder, not an instance");
		RecordingAppHandle instance = new RecordingAppHandle(this.jsonMapper, this, id, principalName);
		synchronized (this.instances) {
			Assert.state(this.instances.putIfAbsent(id, instance) == null, () -> "Instance " + id + " already started");
		}
		return instance;
	}

	/**
	 * Ends an instance {@link #startInstance} started: services no longer find it. Call it on the server-wide
	 * recorder, as {@code startInstance}.
	 * @param id the instance's id
	 */
	public void endInstance(String id) {
		Assert.state(this.server == null, "endInstance is for the server-wide recorder, not an instance");
		synchronized (this.instances) {
			Assert.state(this.instances.remove(id) != null, () -> "Instance " + id + " was not started");
		}
	}

	/**
	 * Every emission recorded so far, in order.
	 * @return a copy of the emissions
	 */
	public List<Emission> emissions() {
		return List.copyOf(this.emissions);
	}

	/**
	 * The names of every emission recorded so far, in order, as {@link TestWindow#eventNames()} for a window: the
	 * order across event names, which {@code assertThat(app).emitted(name)} (first of a name) does not check.
	 * <pre class="code">
	 * assertThat(app.eventNames()).containsSubsequence("download-started", "download-finished");
	 * </pre>
	 * @return the names
	 */
	public List<String> eventNames() {
		return this.emissions.stream().map(Emission::event).toList();
	}

	/**
	 * Forgets every emission recorded so far: on the server-wide recorder, its instances' too; on an instance's
	 * handle, that instance's only (the server-wide recorder keeps its copies).
	 */
	public void clear() {
		synchronized (this.untaken) {
			this.emissions.clear();
			this.untaken.clear();
		}
		if (this.server == null) {
			startedInstances().forEach(RecordingAppHandle::clear);
		}
	}

	/** The mapper payloads are written with. */
	JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	@Override
	public RecordedEmissionsAssert assertThat() {
		return new RecordedEmissionsAssert(this);
	}

	/** Takes the first emission of that name not taken yet. */
	@Nullable Emission take(String event) {
		synchronized (this.untaken) {
			for (int i = 0; i < this.untaken.size(); i++) {
				if (this.untaken.get(i).event().equals(event)) {
					return this.untaken.remove(i);
				}
			}
			return null;
		}
	}

	List<Emission> untaken() {
		synchronized (this.untaken) {
			return List.copyOf(this.untaken);
		}
	}

	// Emitter

	@Override
	public void emitTo(EventTarget target, String event, @Nullable Object payload) {
		Assert.notNull(target, "target must not be null");
		record(new Emission(event, target, null, this.jsonMapper.readTree(EventPayloads.write(this.jsonMapper, payload)), this.instanceId));
	}

	@Override
	public void emitFilter(String event, @Nullable Object payload, Predicate<EventTarget> filter) {
		Assert.notNull(filter, "filter must not be null");
		record(new Emission(event, null, filter, this.jsonMapper.readTree(EventPayloads.write(this.jsonMapper, payload)), this.instanceId));
	}

	@Override
	public void emitJsonTo(EventTarget target, String event, String json) {
		Assert.notNull(target, "target must not be null");
		record(new Emission(event, target, null, this.jsonMapper.readTree(json), this.instanceId));
	}

	@Override
	public void emitJsonFilter(String event, String json, Predicate<EventTarget> filter) {
		Assert.notNull(filter, "filter must not be null");
		record(new Emission(event, null, filter, this.jsonMapper.readTree(json), this.instanceId));
	}

	private void record(Emission emission) {
		Assert.hasText(emission.event(), "event must not be empty");
		keep(emission);
		if (this.server != null) {
			this.server.keep(emission);
		}
	}

	/** Records an emission of this handle or of one of its instances, and tells this handle's listeners. */
	private void keep(Emission emission) {
		synchronized (this.untaken) {
			this.emissions.add(emission);
			this.untaken.add(emission);
		}
		for (Map.Entry<Long, Registered> entry : this.listeners.entrySet()) {
			Registered listener = entry.getValue();
			if (listener.event.equals(emission.event()) && (listener.target == null || emission.reaches(listener.target))) {
				if (listener.once && this.listeners.remove(entry.getKey()) == null) {
					continue;
				}
				listener.handler.accept(new Event(entry.getKey(), emission.event(),
						this.jsonMapper.writeValueAsString(emission.payload()), null, this.jsonMapper));
			}
		}
	}

	// Listener

	@Override
	public long listen(String event, Consumer<Event> handler) {
		return register(event, handler, EventTarget.app(), false);
	}

	@Override
	public long once(String event, Consumer<Event> handler) {
		return register(event, handler, EventTarget.app(), true);
	}

	@Override
	public long listenAny(String event, Consumer<Event> handler) {
		return register(event, handler, null, false);
	}

	@Override
	public long onceAny(String event, Consumer<Event> handler) {
		return register(event, handler, null, true);
	}

	@Override
	public void unlisten(long id) {
		this.listeners.remove(id);
	}

	/**
	 * Registers a server listener.
	 * @param event the event name
	 * @param handler the handler
	 * @param target what it listens on, as the matching table reads it ({@code EventTarget.app()} for the
	 * handle, a window's own target for a {@link RecordingWindow}); {@code null} hears every emission of the name
	 * @param once whether it is removed after the first
	 * @return its id, for {@link #unlisten}
	 */
	long register(String event, Consumer<Event> handler, @Nullable EventTarget target, boolean once) {
		Assert.hasText(event, "event must not be empty");
		Assert.notNull(handler, "handler must not be null");
		long id = this.ids.getAndIncrement();
		this.listeners.put(id, new Registered(event, handler, target, once));
		return id;
	}

	private record Registered(String event, Consumer<Event> handler, @Nullable EventTarget target, boolean once) {
	}

	// AppHandle: no windows; the instances the test started

	@Override
	public Optional<WebviewWindow> getWebviewWindow(String label) {
		return Optional.empty();
	}

	@Override
	public Map<String, WebviewWindow> webviewWindows() {
		return Map.of();
	}

	@Override
	public Optional<String> instanceId() {
		return Optional.ofNullable(this.instanceId);
	}

	@Override
	public Optional<String> principalName() {
		return Optional.ofNullable(this.principalName);
	}

	@Override
	public List<AppHandle> instances() {
		return List.copyOf(startedInstances());
	}

	@Override
	public Optional<AppHandle> instance(String id) {
		RecordingAppHandle server = server();
		synchronized (server.instances) {
			return Optional.ofNullable(server.instances.get(id));
		}
	}

	@Override
	public List<AppHandle> instancesOf(String principalName) {
		return startedInstances().stream()
			.filter((instance) -> principalName.equals(instance.principalName))
			.map(AppHandle.class::cast)
			.toList();
	}

	private List<RecordingAppHandle> startedInstances() {
		RecordingAppHandle server = server();
		synchronized (server.instances) {
			return List.copyOf(server.instances.values());
		}
	}

	/** The server-wide recorder: this one, or the one that started this instance. */
	private RecordingAppHandle server() {
		return (this.server != null) ? this.server : this;
	}

	@Override
	public String toString() {
		return (this.instanceId != null) ? "RecordingAppHandle[instance " + this.instanceId + "]" : "RecordingAppHandle";
	}

}
