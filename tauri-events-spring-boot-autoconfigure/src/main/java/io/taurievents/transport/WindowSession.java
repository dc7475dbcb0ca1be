package io.taurievents.transport;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.acl.Capabilities;
import io.taurievents.event.AppInstance;
import io.taurievents.event.Emission;
import io.taurievents.event.EventSink;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.ipc.ChannelSink;
import io.taurievents.stats.TauriEventsStats;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;

/**
 * A connected window: its {@link WebviewWindow} face for application code, its {@link EventSink} face for the
 * registry and its {@link ChannelSink} face for channels. Everything it sends goes through its
 * {@link OutboundQueue}.
 */
final class WindowSession implements WebviewWindow, EventSink, ChannelSink {

	private static final Log logger = LogFactory.getLog(WindowSession.class);

	private static final int NEW = 0;

	private static final int ANNOUNCING = 1;

	private static final int CREATED = 2;

	private static final int DESTROY_PENDING = 3;

	private static final int DESTROYED = 4;

	private final String label;

	private final WebSocketSession session;

	private final OutboundQueue outbound;

	private final AppInstance instance;

	/** What its capabilities let the window's page do, computed once. */
	private final Capabilities.Grants grants;

	private final ListenerRegistry registry;

	private final Frames frames;

	private final boolean evalEnabled;

	private final int channelWindow;

	private final TauriEventsStats stats;

	private final Instant connectedSince = Instant.now();

	/** Event names this window's page has listeners for, so they can be removed on disconnect. */
	private final Set<String> listenedEvents = ConcurrentHashMap.newKeySet();

	/** Server listeners registered through {@link #listen}; removed on disconnect. */
	private final Set<Long> serverListeners = ConcurrentHashMap.newKeySet();

	/** Open channels by the page's channel id: they get acknowledgements and learn of the disconnect. */
	private final Map<Long, ChannelSink.Peer> channels = new ConcurrentHashMap<>();

	private final AtomicBoolean open = new AtomicBoolean(true);

	private final PartialFrames partialFrames = new PartialFrames();

	private final AtomicInteger listenerCount = new AtomicInteger();

	/** Lifecycle for the created/destroyed announcements: {@link #NEW} → ... → {@link #DESTROYED}. */
	private final AtomicInteger lifecycle = new AtomicInteger(NEW);

	private volatile CloseStatus closeStatus = CloseStatus.NORMAL;

	WindowSession(String label, WebSocketSession session, OutboundQueue outbound, AppInstance instance,
			ListenerRegistry registry, Frames frames, boolean evalEnabled, int channelWindow,
			Capabilities.Grants grants, TauriEventsStats stats) {
		this.grants = grants;
		this.label = label;
		this.session = session;
		this.outbound = outbound;
		this.instance = instance;
		this.registry = registry;
		this.frames = frames;
		this.evalEnabled = evalEnabled;
		this.channelWindow = channelWindow;
		this.stats = stats;
	}

	@Override
	public String label() {
		return this.label;
	}

	@Override
	public AppHandle app() {
		return this.instance;
	}

	@Override
	public AppInstance instance() {
		return this.instance;
	}

	@Override
	public Optional<Principal> principal() {
		return Optional.ofNullable(this.session.getPrincipal());
	}

	/** The remote address of the connection, for {@link ClientKeys}. */
	@Nullable InetSocketAddress remoteAddress() {
		return this.session.getRemoteAddress();
	}

	@Override
	public boolean isOpen() {
		// a cut window is closed from the moment it is cut, before the container reports the disconnect
		return this.open.get() && !this.outbound.isClosed();
	}

	// Emitter: identical to the instance's (Tauri: the emitter never matters)

	@Override
	public void emitTo(EventTarget target, String event, @Nullable Object payload) {
		this.instance.emitTo(target, event, payload);
	}

	@Override
	public void emitFilter(String event, @Nullable Object payload, Predicate<EventTarget> filter) {
		this.instance.emitFilter(event, payload, filter);
	}

	@Override
	public void emitJsonTo(EventTarget target, String event, String json) {
		this.instance.emitJsonTo(target, event, json);
	}

	@Override
	public void emitJsonFilter(String event, String json, Predicate<EventTarget> filter) {
		this.instance.emitJsonFilter(event, json, filter);
	}

	// Listener: target WebviewWindow{label}, owned by this window

	@Override
	public long listen(String event, Consumer<Event> handler) {
		return own(event, EventTarget.webviewWindow(this.label), false, handler);
	}

	@Override
	public long once(String event, Consumer<Event> handler) {
		return own(event, EventTarget.webviewWindow(this.label), true, handler);
	}

	@Override
	public long listenAny(String event, Consumer<Event> handler) {
		return own(event, EventTarget.any(), false, handler);
	}

	@Override
	public long onceAny(String event, Consumer<Event> handler) {
		return own(event, EventTarget.any(), true, handler);
	}

	@Override
	public void unlisten(long id) {
		this.serverListeners.remove(id);
		this.registry.unlisten(id);
	}

	private long own(String event, EventTarget target, boolean once, Consumer<Event> handler) {
		long id = this.registry.listen(this.instance, event, target, once, handler);
		this.serverListeners.add(id);
		if (!isOpen()) {
			unlisten(id);
		}
		return id;
	}

	@Override
	public void eval(String script) {
		if (!this.evalEnabled) {
			throw new IllegalStateException(
					"WebviewWindow.eval is disabled; set tauri.events.eval.enabled=true to run scripts in pages");
		}
		send(this.frames.eval(script));
	}

	@Override
	public void close() {
		closeConnection(CloseStatus.NORMAL);
	}

	// EventSink

	@Override
	public void deliver(Emission emission, long @Nullable [] ids) {
		send(eventFrame(emission, ids));
	}

	private Object eventFrame(Emission emission, long @Nullable [] ids) {
		if (ids != null) {
			return this.frames.event(emission, ids);
		}
		Object shared = emission.sharedFrame();
		if (shared == null) {
			EventTarget target = emission.target();
			shared = this.frames.event(emission, (target != null) ? target : EventTarget.any());
			emission.sharedFrame(shared);
		}
		return shared;
	}

	// transport side

	String sessionId() {
		return this.session.getId();
	}

	/**
	 * Queues a frame without waiting; a window whose send buffer is full is cut.
	 * @param frame a text ({@code String}) or binary ({@code ByteBuffer}) frame
	 * @return whether it was queued
	 */
	boolean send(Object frame) {
		return this.stats.sent(frame, this.outbound.send(frame));
	}


	void respond(long requestId, boolean ok, String json) {
		send(this.frames.response(requestId, ok, json));
	}

	void respondBytes(long requestId, byte[] bytes) {
		send(this.frames.binaryResponse(requestId, bytes));
	}


	Instant connectedSince() {
		return this.connectedSince;
	}

	int listenerCount() {
		return this.listenerCount.get();
	}

	int openChannels() {
		return this.channels.size();
	}

	long queuedBytes() {
		return this.outbound.queuedBytes();
	}

	boolean connectionOpen() {
		return this.session.isOpen();
	}

	/**
	 * The id of the HTTP session of the window's handshake, when it had one.
	 * @return the id, or {@code null}
	 */
	@Nullable String httpSessionId() {
		return (this.session.getAttributes().get(HttpSessionHandshakeInterceptor.HTTP_SESSION_ID_ATTR_NAME)
				instanceof String id) ? id : null;
	}

	Capabilities.Grants grants() {
		return this.grants;
	}

	PartialFrames partialFrames() {
		return this.partialFrames;
	}

	void listened(String event) {
		this.listenedEvents.add(event);
	}

	/**
	 * Counts a new page listener against the limit.
	 * @param limit the most listeners a window may have
	 * @return {@code false} when the window already has that many
	 */
	boolean reserveListener(int limit) {
		if (this.listenerCount.incrementAndGet() > limit) {
			this.listenerCount.decrementAndGet();
			return false;
		}
		return true;
	}

	void unlistened(String event, boolean stillListening) {
		this.listenerCount.decrementAndGet();
		if (!stillListening) {
			this.listenedEvents.remove(event);
		}
	}

	boolean ack(long channel, long next) {
		ChannelSink.Peer peer = this.channels.get(channel);
		if (peer == null) {
			return false;
		}
		peer.acknowledged(next);
		return true;
	}

	// ChannelSink

	@Override
	public int channelWindow() {
		return this.channelWindow;
	}

	@Override
	public boolean openChannel(long channel, ChannelSink.Peer peer) {
		if (this.channels.putIfAbsent(channel, peer) != null) {
			return false;
		}
		if (!isOpen() && this.channels.remove(channel, peer)) {
			peer.windowClosed();
		}
		return true;
	}

	@Override
	public void closeChannel(long channel) {
		this.channels.remove(channel);
	}

	@Override
	public boolean sendChannelMessage(long channel, long index, Object message, boolean wait) {
		Object frame = (message instanceof byte[] bytes) ? this.frames.binaryChannelMessage(channel, index, bytes)
				: this.frames.channelMessage(channel, index, (String) message);
		// only a channel's own producer waits, and only for this window
		return wait ? this.stats.channelMessage(frame, this.outbound.sendWaiting(frame)) : offer(frame);
	}

	/** Queues a channel message if there is room; a refusal is no drop: the producer is told and tries later. */
	private boolean offer(Object frame) {
		boolean queued = this.outbound.offer(frame);
		if (queued) {
			this.stats.channelMessage(frame, true);
		}
		return queued;
	}

	@Override
	public void sendChannelEnd(long channel, long index) {
		send(this.frames.channelEnd(channel, index));
	}


	/**
	 * Marks the window closed and removes everything it registered.
	 * @return {@code false} if it was already closed
	 */
	boolean markClosed() {
		if (!this.open.compareAndSet(true, false)) {
			return false;
		}
		this.outbound.released();
		this.registry.removeWindow(this, this.listenedEvents);
		this.serverListeners.forEach(this.registry::unlisten);
		this.serverListeners.clear();
		for (Long channel : this.channels.keySet()) {
			ChannelSink.Peer peer = this.channels.remove(channel);
			if (peer != null) {
				peer.windowClosed();
			}
		}
		return true;
	}

	/**
	 * Starts announcing the window (window-created), unless it was closed already.
	 * @return whether to announce it
	 */
	boolean beginAnnouncement() {
		return this.lifecycle.compareAndSet(NEW, ANNOUNCING);
	}

	/**
	 * Ends the announcement.
	 * @return the close status to announce now if the window was closed while it was being announced, so that
	 * its destruction is announced after its creation, never before
	 */
	@Nullable CloseStatus endAnnouncement() {
		return this.lifecycle.compareAndSet(ANNOUNCING, CREATED) ? null : this.closeStatus;
	}

	/**
	 * Records that the window closed.
	 * @param status the close status
	 * @return whether the caller announces the destruction now (the window was announced); {@code false} when it
	 * was never announced or is still being announced (then {@link #endAnnouncement} reports it)
	 */
	boolean retire(CloseStatus status) {
		this.closeStatus = status;
		while (true) {
			int state = this.lifecycle.get();
			int next = (state == ANNOUNCING) ? DESTROY_PENDING : DESTROYED;
			if (this.lifecycle.compareAndSet(state, next)) {
				return state == CREATED;
			}
		}
	}

	/**
	 * Sets what happens when the transport cuts this window (see {@link OutboundQueue}); runs on a supervisor
	 * thread, never on the thread that emitted.
	 * @param onCut receives the close status
	 */
	void onCut(Consumer<CloseStatus> onCut) {
		this.outbound.onCut(onCut);
	}

	void closeConnection(CloseStatus status) {
		this.outbound.closeAfterCurrentWrite(status);
	}

	@Override
	public String toString() {
		return "WebviewWindow[" + this.label + "]";
	}

}
