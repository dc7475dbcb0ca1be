package io.taurievents.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Every listener of the application, server and window alike, and the routing of emissions to them.
 * <p>
 * One id counter from 0 for both kinds. Registrations are kept per event name in copy-on-write arrays:
 * emissions read a snapshot without locking, changes lock only their event name. Server listeners and window
 * listeners are separate, as in Tauri: {@link #unlisten(long)} removes server listeners,
 * {@link #unlistenWindow(EventSink, String, long)} window listeners.
 * <p>
 * Listeners and emissions may be scoped to an {@link AppInstance}: an emission scoped to an instance reaches only
 * that instance's windows and server listeners plus the unscoped (server-wide) server listeners; an unscoped
 * emission reaches everyone. Windows are always scoped to their instance ({@link EventSink#instance()}).
 */
public final class ListenerRegistry {

	private static final Log logger = LogFactory.getLog(ListenerRegistry.class);

	private static final ServerListener[] NO_SERVER_LISTENERS = {};

	private static final WindowListeners[] NO_WINDOWS = {};

	private final AtomicLong ids = new AtomicLong();

	private final Map<String, Listeners> byEvent = new ConcurrentHashMap<>();

	private final Map<Long, ServerListener> serverById = new ConcurrentHashMap<>();

	private final JsonMapper jsonMapper;

	private volatile EmissionObserver emissionObserver = EmissionObserver.NONE;

	private volatile EmissionRelay relay = EmissionRelay.NONE;

	/**
	 * Creates an empty registry.
	 * @param jsonMapper the mapper handed to {@link Event}s for typed payloads
	 */
	public ListenerRegistry(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Sets what is told of every emission of an event that has listeners (statistics, observations).
	 * @param emissionObserver the observer
	 */
	public void setEmissionObserver(EmissionObserver emissionObserver) {
		Assert.notNull(emissionObserver, "emissionObserver must not be null");
		this.emissionObserver = emissionObserver;
	}

	/**
	 * Sets where emissions made on this node are relayed to other nodes (the cluster bus).
	 * @param relay the relay
	 */
	public void setRelay(EmissionRelay relay) {
		Assert.notNull(relay, "relay must not be null");
		this.relay = relay;
	}

	/**
	 * Whether emissions leave this node: emitters then serialize payloads even when nobody here listens.
	 * @return whether a cluster relay is active
	 */
	public boolean isRelaying() {
		return this.relay.isActive();
	}

	/**
	 * The distinct targets that listeners of an event registered on this node name, for filtered emissions of other
	 * nodes (a filter is a local predicate: the emitting node evaluates it against every node's targets).
	 * @param event the event name
	 * @return the labeled targets of its server and window listeners
	 */
	public Set<EventTarget> labeledTargets(String event) {
		Listeners listeners = this.byEvent.get(event);
		if (listeners == null) {
			return Set.of();
		}
		Set<EventTarget> targets = new HashSet<>();
		for (ServerListener listener : listeners.server) {
			if (listener.target.label() != null) {
				targets.add(listener.target);
			}
		}
		for (WindowListeners window : listeners.windows) {
			for (WindowListener listener : window.listeners) {
				if (listener.target.label() != null) {
					targets.add(listener.target);
				}
			}
		}
		return targets;
	}

	/**
	 * The event names with listeners on this node.
	 * @return a snapshot
	 */
	public Set<String> events() {
		return Set.copyOf(this.byEvent.keySet());
	}

	/**
	 * Delivers an emission that another node made, on this node only (it is never relayed again).
	 * @param scope the app instance the emission is scoped to when it lives on this node, or {@code null}
	 * @param foreign whether the emission is scoped to an instance that has no window or listener here: then only
	 * the unscoped server listeners hear it
	 * @param event the event name
	 * @param target the target, or {@code null} for a filtered emission
	 * @param accepted for a filtered emission, the targets its filter accepted (and {@code Any} always)
	 * @param payloadJson the serialized payload
	 * @param source the window that emitted, or {@code null}
	 */
	public void deliverRelayed(@Nullable AppInstance scope, boolean foreign, String event,
			@Nullable EventTarget target, @Nullable Set<EventTarget> accepted, String payloadJson,
			@Nullable WebviewWindow source) {
		Assert.isTrue((target == null) != (accepted == null), "exactly one of target and accepted must be given");
		if (target != null) {
			deliver(scope, foreign, event, target, payloadJson, source);
		}
		else {
			deliverFiltered(scope, foreign, event, Objects.requireNonNull(accepted)::contains, payloadJson, source);
		}
	}

	/**
	 * The mapper used for payloads.
	 * @return the application's mapper
	 */
	public JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	/**
	 * Registers a server listener.
	 * @param event the event name (validated)
	 * @param target the listener's target
	 * @param once whether to call it at most once
	 * @param handler the handler
	 * @return the listener id
	 */
	public long listen(String event, EventTarget target, boolean once, Consumer<Event> handler) {
		return listen(null, event, target, once, handler);
	}

	/**
	 * Registers a server listener that hears only the emissions of one app instance (and unscoped ones).
	 * @param scope the instance, or {@code null} to hear every instance
	 * @param event the event name (validated)
	 * @param target the listener's target
	 * @param once whether to call it at most once
	 * @param handler the handler
	 * @return the listener id
	 */
	public long listen(@Nullable AppInstance scope, String event, EventTarget target, boolean once,
			Consumer<Event> handler) {
		EventNames.validate(event);
		Assert.notNull(target, "target must not be null");
		Assert.notNull(handler, "handler must not be null");
		ServerListener listener = new ServerListener(this.ids.getAndIncrement(), scope, event, target, once,
				handler);
		this.serverById.put(listener.id, listener);
		update(event, (listeners) -> listeners.server = append(listeners.server, listener));
		return listener.id;
	}

	/**
	 * Removes a server listener; unknown ids are ignored.
	 * @param id the listener id
	 */
	public void unlisten(long id) {
		// removed from the index only after the listener is gone, so that a concurrent second unlisten of the same
		// id waits for the first instead of returning while emissions can still reach the handler
		ServerListener listener = this.serverById.get(id);
		if (listener != null) {
			update(listener.event, (listeners) -> listeners.server = without(listeners.server, listener));
			this.serverById.remove(id, listener);
		}
	}

	/**
	 * Registers a listener that lives in a window.
	 * @param sink the window
	 * @param event the event name (validated)
	 * @param target the listener's target; only filters, delivery is always to {@code sink}
	 * @return the listener id
	 */
	public long listenWindow(EventSink sink, String event, EventTarget target) {
		EventNames.validate(event);
		Assert.notNull(target, "target must not be null");
		WindowListener listener = new WindowListener(this.ids.getAndIncrement(), target);
		addWindowListener(sink, event, listener);
		return listener.id;
	}

	private void addWindowListener(EventSink sink, String event, WindowListener listener) {
		update(event, (listeners) -> {
			for (int i = 0; i < listeners.windows.length; i++) {
				WindowListeners window = listeners.windows[i];
				if (window.sink == sink) {
					WindowListeners[] windows = listeners.windows.clone();
					windows[i] = new WindowListeners(sink, append(window.listeners, listener));
					listeners.windows = windows;
					return;
				}
			}
			listeners.windows = append(listeners.windows,
					new WindowListeners(sink, new WindowListener[] { listener }));
		});
	}

	/**
	 * Registers a window listener under an id it had on another node, so that the page's {@code unlisten} with
	 * that id still works after its session moved here.
	 * @param sink the window
	 * @param event the event name (validated)
	 * @param target the listener's target
	 * @param id the listener id the page holds
	 */
	public void restoreWindowListener(EventSink sink, String event, EventTarget target, long id) {
		EventNames.validate(event);
		Assert.notNull(target, "target must not be null");
		// ids this node hands out later never collide with the restored one
		this.ids.accumulateAndGet(id + 1, Math::max);
		WindowListener listener = new WindowListener(id, target);
		addWindowListener(sink, event, listener);
	}

	/**
	 * The listeners a window registered, for moving its session to another node.
	 * @param sink the window
	 * @param events the names it registered listeners for
	 * @return the listeners
	 */
	public List<WindowListening> windowListeners(EventSink sink, Iterable<String> events) {
		List<WindowListening> result = new ArrayList<>();
		for (String event : events) {
			Listeners listeners = this.byEvent.get(event);
			if (listeners == null) {
				continue;
			}
			for (WindowListeners window : listeners.windows) {
				if (window.sink == sink) {
					for (WindowListener listener : window.listeners) {
						result.add(new WindowListening(event, listener.id, listener.target));
					}
				}
			}
		}
		return result;
	}

	/**
	 * Delivers an emission that another node made to one window only: what a window whose session just moved here
	 * missed while it moved.
	 * @param sink the window
	 * @param scope the app instance the emission is scoped to when it lives on this node, or {@code null}
	 * @param foreign whether the emission is scoped to an instance that has nothing on this node
	 * @param event the event name
	 * @param target the target, or {@code null} for a filtered emission
	 * @param accepted for a filtered emission, the targets its filter accepted
	 * @param payloadJson the serialized payload
	 * @param source the window that emitted, or {@code null}
	 */
	public void deliverRelayedTo(EventSink sink, @Nullable AppInstance scope, boolean foreign, String event,
			@Nullable EventTarget target, @Nullable Set<EventTarget> accepted, String payloadJson,
			@Nullable WebviewWindow source) {
		Listeners listeners = this.byEvent.get(event);
		if (foreign || listeners == null || (scope != null && sink.instance() != scope)) {
			return;
		}
		for (WindowListeners window : listeners.windows) {
			if (window.sink != sink) {
				continue;
			}
			Emission emission = new Emission(event, target, payloadJson, source);
			if (target != null) {
				if (window.matches(target)) {
					sink.deliver(emission, null);
				}
			}
			else {
				long[] ids = Arrays.stream(window.listeners)
					.filter((listener) -> listener.target instanceof EventTarget.Any
							|| Objects.requireNonNull(accepted).contains(listener.target))
					.mapToLong((listener) -> listener.id)
					.toArray();
				if (ids.length > 0) {
					sink.deliver(emission, ids);
				}
			}
		}
	}

	/**
	 * A window listener, as {@link #windowListeners} lists it.
	 * @param event the event name
	 * @param id the id the page holds
	 * @param target the listener's target
	 */
	public record WindowListening(String event, long id, EventTarget target) {
	}

	/**
	 * Removes a window listener by event name and id, only if the given window registered it (a page can never
	 * remove another page's listeners). Unknown ids are ignored.
	 * @param owner the window asking
	 * @param event the event name
	 * @param id the listener id
	 * @return whether the listener was removed
	 */
	public boolean unlistenWindow(EventSink owner, String event, long id) {
		if (!this.byEvent.containsKey(event)) {
			return false;
		}
		boolean[] removed = new boolean[1];
		update(event, (current) -> {
			WindowListeners[] windows = current.windows;
			for (int i = 0; i < windows.length; i++) {
				if (windows[i].sink != owner) {
					continue;
				}
				WindowListener[] remaining = Arrays.stream(windows[i].listeners)
					.filter((listener) -> listener.id != id)
					.toArray(WindowListener[]::new);
				if (remaining.length != windows[i].listeners.length) {
					current.windows = replace(windows, i, remaining);
					removed[0] = true;
				}
				return;
			}
		});
		return removed[0];
	}

	/**
	 * Removes every listener a window registered, for the given event names.
	 * @param sink the window
	 * @param events the names it registered listeners for
	 */
	public void removeWindow(EventSink sink, Iterable<String> events) {
		for (String event : events) {
			if (this.byEvent.containsKey(event)) {
				update(event, (listeners) -> listeners.windows = Arrays.stream(listeners.windows)
					.filter((window) -> window.sink != sink)
					.toArray(WindowListeners[]::new));
			}
		}
	}

	/**
	 * Whether anyone listens to the event; emitters skip serialization when nobody does.
	 * @param event the event name
	 * @return whether the event has listeners
	 */
	public boolean hasListeners(String event) {
		return this.byEvent.containsKey(event);
	}

	/**
	 * Whether the window has a listener for the event, for tests and diagnostics.
	 * @param sink the window
	 * @param event the event name
	 * @return whether it has one
	 */
	public boolean hasWindowListener(EventSink sink, String event) {
		Listeners listeners = this.byEvent.get(event);
		return listeners != null && Arrays.stream(listeners.windows).anyMatch((window) -> window.sink == sink);
	}

	/**
	 * Delivers an emission aimed at a target: to every window with a listener the target reaches, and then to
	 * the matching server listeners, on this thread.
	 * @param event the event name
	 * @param target the emission target
	 * @param payloadJson the serialized payload
	 * @param source the window that emitted, or {@code null}
	 */
	public void emit(String event, EventTarget target, String payloadJson, @Nullable WebviewWindow source) {
		emit(null, event, target, payloadJson, source);
	}

	/**
	 * Delivers an emission within a scope: like {@link #emit(String, EventTarget, String, WebviewWindow)}, but
	 * only to the windows and server listeners of that app instance (and the unscoped server listeners).
	 * @param scope the app instance, or {@code null} for every instance
	 * @param event the event name
	 * @param target the emission target
	 * @param payloadJson the serialized payload
	 * @param source the window that emitted, or {@code null}
	 */
	public void emit(@Nullable AppInstance scope, String event, EventTarget target, String payloadJson,
			@Nullable WebviewWindow source) {
		EmissionRelay relay = this.relay;
		try {
			relay.relay(scope, event, target, null, payloadJson, source);
			deliver(scope, false, event, target, payloadJson, source);
		}
		finally {
			relay.delivered();
		}
	}

	private void deliver(@Nullable AppInstance scope, boolean foreign, String event, EventTarget target,
			String payloadJson, @Nullable WebviewWindow source) {
		Listeners listeners = this.byEvent.get(event);
		if (listeners == null) {
			return;
		}
		try (EmissionObserver.Delivered delivered = this.emissionObserver.emitting(target)) {
			Emission emission = new Emission(event, target, payloadJson, source);
			if (foreign) {
				callServerListeners(listeners.server, null, true, target::reaches, emission);
				return;
			}
			Routing routing = (scope != null) ? listeners.routing.within(scope) : listeners.routing;
			String label = target.label();
			// Any reaches every window; App and labeled targets only the windows the index names (unlabeled
			// listeners, plus listeners of that label), so emitTo(label) among many windows is a lookup, not a scan
			WindowListeners[] candidates = (target instanceof EventTarget.Any) ? routing.all : routing.unlabeled;
			WindowListeners[] ofLabel = (label != null) ? routing.labeledOnly.getOrDefault(label, NO_WINDOWS) : NO_WINDOWS;
			deliver(candidates, emission);
			deliver(ofLabel, emission);
			callServerListeners(listeners.server, scope, false, target::reaches, emission);
		}
	}

	/**
	 * Delivers an emission to the listeners whose target passes the filter, and to every {@code Any} listener.
	 * @param event the event name
	 * @param filter the filter
	 * @param payloadJson the serialized payload
	 * @param source the window that emitted, or {@code null}
	 */
	public void emitFilter(String event, Predicate<EventTarget> filter, String payloadJson,
			@Nullable WebviewWindow source) {
		emitFilter(null, event, filter, payloadJson, source);
	}

	/**
	 * Delivers a filtered emission within a scope: like
	 * {@link #emitFilter(String, Predicate, String, WebviewWindow)}, but only to the windows and server listeners
	 * of that app instance (and the unscoped server listeners).
	 * @param scope the app instance, or {@code null} for every instance
	 * @param event the event name
	 * @param filter the filter
	 * @param payloadJson the serialized payload
	 * @param source the window that emitted, or {@code null}
	 */
	public void emitFilter(@Nullable AppInstance scope, String event, Predicate<EventTarget> filter,
			String payloadJson, @Nullable WebviewWindow source) {
		EmissionRelay relay = this.relay;
		try {
			relay.relay(scope, event, null, filter, payloadJson, source);
			deliverFiltered(scope, false, event, filter, payloadJson, source);
		}
		finally {
			relay.delivered();
		}
	}

	private void deliverFiltered(@Nullable AppInstance scope, boolean foreign, String event,
			Predicate<EventTarget> filter, String payloadJson, @Nullable WebviewWindow source) {
		Listeners listeners = this.byEvent.get(event);
		if (listeners == null) {
			return;
		}
		try (EmissionObserver.Delivered delivered = this.emissionObserver.emitting(null)) {
			Predicate<EventTarget> matches = (target) -> target instanceof EventTarget.Any || filter.test(target);
			Emission emission = new Emission(event, null, payloadJson, source);
			if (foreign) {
				callServerListeners(listeners.server, null, true, matches, emission);
				return;
			}
			WindowListeners[] windows = (scope != null) ? listeners.routing.within(scope).all : listeners.windows;
			for (WindowListeners window : windows) {
				long[] ids = Arrays.stream(window.listeners)
					.filter((listener) -> matches.test(listener.target))
					.mapToLong((listener) -> listener.id)
					.toArray();
				if (ids.length > 0) {
					window.sink.deliver(emission, ids);
				}
			}
			callServerListeners(listeners.server, scope, false, matches, emission);
		}
	}

	private static void deliver(WindowListeners[] windows, Emission emission) {
		EventTarget target = emission.target();
		for (WindowListeners window : windows) {
			if (window.matches(target)) {
				window.sink.deliver(emission, null);
			}
		}
	}

	private void callServerListeners(ServerListener[] snapshot, @Nullable AppInstance scope, boolean foreign,
			Predicate<EventTarget> matches, Emission emission) {
		for (ServerListener listener : snapshot) {
			// unscoped emissions reach every instance's listeners; unscoped listeners hear every instance
			if (scope != null && listener.scope != null && listener.scope != scope) {
				continue;
			}
			// an instance that lives on another node only: only the server-wide listeners here hear it
			if (foreign && listener.scope != null) {
				continue;
			}
			if (!matches.test(listener.target)) {
				continue;
			}
			if (listener.once) {
				if (!listener.fired.compareAndSet(false, true)) {
					continue;
				}
				unlisten(listener.id);
			}
			try {
				listener.handler.accept(new Event(listener.id, emission.event(), emission.payloadJson(),
						emission.source(), this.jsonMapper));
			}
			catch (RuntimeException | Error ex) {
				if (ex instanceof VirtualMachineError) {
					throw ex;
				}
				logger.error(LogMessage.format("Listener %d of event '%s' failed", listener.id, emission.event()),
						ex);
			}
		}
	}

	private void update(String event, Consumer<Listeners> change) {
		while (true) {
			Listeners listeners = this.byEvent.computeIfAbsent(event, (name) -> new Listeners());
			synchronized (listeners) {
				if (listeners.removed) {
					continue;
				}
				WindowListeners[] windows = listeners.windows;
				change.accept(listeners);
				if (listeners.windows != windows) {
					listeners.routing = Routing.of(listeners.windows);
				}
				if (listeners.server.length == 0 && listeners.windows.length == 0) {
					// drop empty entries so that pages cannot grow the map with names nobody listens to
					listeners.removed = true;
					this.byEvent.remove(event, listeners);
				}
				return;
			}
		}
	}

	private static WindowListeners[] replace(WindowListeners[] windows, int index, WindowListener[] remaining) {
		if (remaining.length == 0) {
			WindowListeners[] result = new WindowListeners[windows.length - 1];
			System.arraycopy(windows, 0, result, 0, index);
			System.arraycopy(windows, index + 1, result, index, windows.length - index - 1);
			return result;
		}
		WindowListeners[] result = windows.clone();
		result[index] = new WindowListeners(windows[index].sink, remaining);
		return result;
	}

	private static <T> T[] append(T[] array, T element) {
		T[] result = Arrays.copyOf(array, array.length + 1);
		result[array.length] = element;
		return result;
	}

	private static ServerListener[] without(ServerListener[] array, ServerListener element) {
		return Arrays.stream(array).filter((candidate) -> candidate != element).toArray(ServerListener[]::new);
	}


	/** The listeners of one event name. */
	private static final class Listeners {

		volatile ServerListener[] server = NO_SERVER_LISTENERS;

		volatile WindowListeners[] windows = NO_WINDOWS;

		volatile Routing routing = Routing.EMPTY;

		boolean removed;

	}

	/** One window's listeners of one event name. */
	private record WindowListeners(EventSink sink, WindowListener[] listeners) {

		boolean matches(EventTarget target) {
			for (WindowListener listener : this.listeners) {
				if (target.reaches(listener.target)) {
					return true;
				}
			}
			return false;
		}

		boolean hasUnlabeled() {
			for (WindowListener listener : this.listeners) {
				if (listener.target.label() == null) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * Which windows an emission can reach, derived from the windows whenever they change: all of them (for
	 * {@code Any}), those with an {@code Any} or {@code App} listener, and by label those whose listeners all name
	 * a label; the same again per app instance, so an instance's emission never scans other instances' windows.
	 */
	private record Routing(WindowListeners[] all, WindowListeners[] unlabeled,
			Map<String, WindowListeners[]> labeledOnly, Map<AppInstance, Routing> byInstance) {

		static final Routing EMPTY = new Routing(NO_WINDOWS, NO_WINDOWS, Map.of(), Map.of());

		Routing within(AppInstance instance) {
			return this.byInstance.getOrDefault(instance, EMPTY);
		}

		static Routing of(WindowListeners[] windows) {
			Map<AppInstance, List<WindowListeners>> byInstance = new HashMap<>();
			for (WindowListeners window : windows) {
				AppInstance instance = window.sink.instance();
				if (instance != null) {
					byInstance.computeIfAbsent(instance, (key) -> new ArrayList<>()).add(window);
				}
			}
			Map<AppInstance, Routing> instanceRoutings = new HashMap<>();
			byInstance.forEach((instance, list) -> instanceRoutings.put(instance,
					index(list.toArray(NO_WINDOWS), Map.of())));
			return index(windows, instanceRoutings);
		}

		private static Routing index(WindowListeners[] windows, Map<AppInstance, Routing> byInstance) {
			List<WindowListeners> unlabeled = new ArrayList<>();
			Map<String, List<WindowListeners>> labeledOnly = new HashMap<>();
			for (WindowListeners window : windows) {
				if (window.hasUnlabeled()) {
					unlabeled.add(window);
					continue;
				}
				Set<String> labels = new HashSet<>();
				for (WindowListener listener : window.listeners) {
					labels.add(listener.target.label());
				}
				labels.forEach((label) -> labeledOnly.computeIfAbsent(label, (key) -> new ArrayList<>()).add(window));
			}
			Map<String, WindowListeners[]> byLabel = new HashMap<>();
			labeledOnly.forEach((label, list) -> byLabel.put(label, list.toArray(NO_WINDOWS)));
			return new Routing(windows, unlabeled.toArray(NO_WINDOWS), byLabel, byInstance);
		}

	}

	private record WindowListener(long id, EventTarget target) {
	}

	private static final class ServerListener {

		final long id;

		final @Nullable AppInstance scope;

		final String event;

		final EventTarget target;

		final boolean once;

		final Consumer<Event> handler;

		final AtomicBoolean fired = new AtomicBoolean();

		ServerListener(long id, @Nullable AppInstance scope, String event, EventTarget target, boolean once,
				Consumer<Event> handler) {
			this.id = id;
			this.scope = scope;
			this.event = event;
			this.target = target;
			this.once = once;
			this.handler = handler;
		}

	}

}
