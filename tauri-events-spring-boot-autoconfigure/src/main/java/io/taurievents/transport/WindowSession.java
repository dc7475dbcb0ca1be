package io.taurievents.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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

	/** The handshake of the connection that opened the session: its principal and HTTP session. */
	private final WebSocketSession session;

	/** The current connection's queue; {@code null} while a resumable session is detached. */
	private volatile @Nullable OutboundQueue outbound;

	/** The current connection; {@code null} while detached. */
	private volatile @Nullable WebSocketSession connection;

	/** Resume bookkeeping; {@code null} for a session that ends with its connection (protocol v1, resume off). */
	private final @Nullable ResumeSessions resume;

	/**
	 * Guards the sequence numbers, the replay buffer and the switch between connections, so that frames reach
	 * every connection in seq order. Held only briefly and never while waiting.
	 */
	private final Object sequence = new Object();

	/** Frames not yet acknowledged by the page, oldest first; guarded by {@link #sequence}. */
	private final ArrayDeque<Buffered> replay = new ArrayDeque<>();

	private long replayBytes;

	private long lastSeq;

	/** The replay buffer overflowed: the session can no longer be resumed. */
	private boolean overflowed;

	/** The highest invoke id received; guarded by {@link #sequence}. */
	private long highestInvoke;

	private volatile long lastReceived = System.nanoTime();

	/**
	 * Whether the page has shown that it speaks resume (a {@code delivered}, or a {@code resume}): only then does
	 * its silence mean a dead connection, so a page that predates resume is never cut for being quiet.
	 */
	private volatile boolean heartbeating;

	private volatile long lastSent = System.nanoTime();

	/** When the session detached, 0 while attached. */
	private volatile long detachedAt;

	private volatile @Nullable String secret;

	/** The secret before the last welcome, valid until the page sends a frame after that welcome. */
	private volatile @Nullable String previousSecret;

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

	private volatile Consumer<CloseStatus> onEnd = (status) -> {
	};

	/**
	 * Where frames go once the session moved to another node of a cluster (the responses of invokes that were still
	 * running here); {@code null} while it lives here. Guarded by {@link #sequence}.
	 */
	private @Nullable Consumer<Object> movedTo;

	WindowSession(String label, WebSocketSession session, OutboundQueue outbound, AppInstance instance,
			ListenerRegistry registry, Frames frames, boolean evalEnabled, int channelWindow,
			Capabilities.Grants grants, TauriEventsStats stats, @Nullable ResumeSessions resume) {
		this.grants = grants;
		this.label = label;
		this.session = session;
		this.connection = session;
		this.outbound = outbound;
		this.resume = resume;
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
		if (this.resume != null) {
			// a detached session is open: its page is expected back
			return this.open.get();
		}
		// a cut window is closed from the moment it is cut, before the container reports the disconnect
		OutboundQueue outbound = this.outbound;
		return this.open.get() && outbound != null && !outbound.isClosed();
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

	/**
	 * The id of the current connection.
	 * @return the id, or {@code null} while detached
	 */
	@Nullable String connectionId() {
		WebSocketSession connection = this.connection;
		return (connection != null) ? connection.getId() : null;
	}

	boolean isResumable() {
		return this.resume != null;
	}

	/**
	 * Queues a frame without waiting; a window whose send buffer is full is cut. In a resumable session this is
	 * the one place that numbers frames: the frame is kept in the replay buffer until the page acknowledges it and
	 * goes to the current connection, if any.
	 * @param frame a text ({@code String}) or binary ({@code ByteBuffer}) frame
	 * @return whether it was queued (for a resumable session: whether the session is live)
	 */
	boolean send(Object frame) {
		if (this.resume == null) {
			OutboundQueue outbound = this.outbound;
			return this.stats.sent(frame, outbound != null && outbound.send(frame));
		}
		boolean overflowedDetached;
		synchronized (this.sequence) {
			if (!this.open.get()) {
				return false;
			}
			if (this.movedTo != null) {
				// numbered on the node the session moved to
				this.movedTo.accept(frame);
				return true;
			}
			long seq = buffer(frame);
			OutboundQueue outbound = this.outbound;
			if (outbound != null) {
				this.lastSent = System.nanoTime();
				this.stats.sent(frame, outbound.send(frame, seq));
			}
			overflowedDetached = this.overflowed && outbound == null;
		}
		if (overflowedDetached) {
			// nothing can resume it any more: end it, but never on the emitter's thread
			this.resume.endLater(this, ResumeSessions.OVERFLOW);
		}
		return true;
	}

	/** Numbers a frame and keeps it for a replay; caller holds {@link #sequence}. */
	private long buffer(Object frame) {
		long seq = ++this.lastSeq;
		if (this.overflowed) {
			return seq;
		}
		ResumeSessions resume = Objects.requireNonNull(this.resume);
		int size = sizeOf(frame);
		this.replay.addLast(new Buffered(seq, frame, size));
		this.replayBytes += size;
		resume.accounted(size);
		if (this.replayBytes > resume.settings().bufferSize()) {
			// the page is too far behind for a replay: keep nothing rather than a replay with a hole
			overflow();
		}
		return seq;
	}

	/** Drops the replay buffer for good; caller holds {@link #sequence}. */
	private void overflow() {
		this.overflowed = true;
		Objects.requireNonNull(this.resume).accounted(-this.replayBytes);
		this.replayBytes = 0;
		this.replay.clear();
	}

	/**
	 * Gives up the replay buffer to bring the server-wide total down.
	 * @return the bytes freed
	 */
	long evict() {
		synchronized (this.sequence) {
			long freed = this.replayBytes;
			if (!this.overflowed) {
				overflow();
			}
			return freed;
		}
	}

	long replayBytes() {
		synchronized (this.sequence) {
			return this.replayBytes;
		}
	}

	boolean hasOverflowed() {
		synchronized (this.sequence) {
			return this.overflowed;
		}
	}

	/**
	 * The page's {@code delivered}: drops every buffered frame up to the sequence number.
	 * @param seq the last frame the page processed
	 */
	void delivered(long seq) {
		this.heartbeating = true;
		synchronized (this.sequence) {
			trim(seq);
		}
	}

	private void trim(long seq) {
		long freed = 0;
		while (!this.replay.isEmpty() && this.replay.peekFirst().seq() <= seq) {
			freed += this.replay.removeFirst().size();
		}
		if (freed > 0) {
			this.replayBytes -= freed;
			Objects.requireNonNull(this.resume).accounted(-freed);
		}
	}

	/**
	 * Records an invoke id; ids a resumed page sends again are duplicates of invokes already running or done.
	 * @param id the invoke id
	 * @return {@code false} for a duplicate, to be ignored
	 */
	boolean acceptInvoke(long id) {
		if (this.resume == null) {
			return true;
		}
		synchronized (this.sequence) {
			if (id <= this.highestInvoke || this.movedTo != null) {
				// a frame that was still on its way from the page before the session moved: the page sends it
				// again to the new node, as it has an id above the `received` of that node's welcome
				return false;
			}
			this.highestInvoke = id;
			return true;
		}
	}

	/**
	 * Sends the welcome of a fresh session on its first connection (not numbered, like every welcome).
	 * @param welcome builds the welcome from the last seq and the highest invoke id received
	 */
	void welcome(String welcome) {
		OutboundQueue outbound = this.outbound;
		if (outbound != null) {
			outbound.send(welcome);
		}
	}

	/**
	 * Takes the session over for a resuming page's new connection: the welcome, every frame after the page's
	 * {@code seq} with its original number, then live frames, all in order. A connection still attached (a
	 * half-open one the server has not noticed yet) is cut.
	 * @param seq the last seq the page processed
	 * @param connection the new connection
	 * @param outbound its queue
	 * @param welcome builds the welcome from the seq and the highest invoke id received
	 * @return {@code null} when resumed, otherwise the reason for the page
	 */
	@Nullable String resume(long seq, WebSocketSession connection, OutboundQueue outbound,
			java.util.function.LongFunction<String> welcome) {
		OutboundQueue previous;
		synchronized (this.sequence) {
			String refusal = resumableAfter(seq);
			if (refusal != null) {
				return refusal;
			}
			previous = this.outbound;
			this.outbound = outbound;
			this.connection = connection;
			this.detachedAt = 0;
			this.heartbeating = true;
			this.lastReceived = System.nanoTime();
			this.lastSent = this.lastReceived;
			outbound.force(welcome.apply(this.highestInvoke));
			for (Buffered buffered : this.replay) {
				outbound.force(buffered.frame(), buffered.seq());
			}
		}
		if (previous != null) {
			previous.cutNow(TauriWebSocketHandler.REPLACED.withReason("resumed on a new connection"),
					"its page resumed on a new connection");
		}
		return null;
	}

	/**
	 * Whether a page that processed every frame up to a seq can resume; drops what it has acknowledged so. Caller
	 * holds {@link #sequence}.
	 * @return {@code null} when it can, otherwise the reason for the page
	 */
	private @Nullable String resumableAfter(long seq) {
		if (!this.open.get() || this.movedTo != null) {
			return ResumeSessions.EXPIRED;
		}
		if (this.overflowed) {
			return ResumeSessions.OVERFLOW;
		}
		if (seq < 0 || seq > this.lastSeq) {
			// the page claims frames this session never sent
			return ResumeSessions.UNKNOWN;
		}
		trim(seq);
		long firstKept = this.replay.isEmpty() ? this.lastSeq + 1 : this.replay.peekFirst().seq();
		return (firstKept != seq + 1) ? ResumeSessions.OVERFLOW : null;
	}

	/**
	 * Lets the session go to another node of a cluster, for a page that resumes there: its numbering and the frames
	 * its page has not processed go with it, a connection still attached here is cut, and from now on frames sent
	 * here go to {@code movedTo}.
	 * @param seq the last seq the page processed
	 * @param movedTo takes the frames sent here after the move
	 * @return the state, or the reason (a {@code String}) why the page cannot resume
	 */
	Object moveAway(long seq, Consumer<Object> movedTo) {
		OutboundQueue previous;
		Moved moved;
		synchronized (this.sequence) {
			String refusal = resumableAfter(seq);
			if (refusal != null) {
				return refusal;
			}
			List<Map.Entry<Long, Object>> frames = new ArrayList<>();
			for (Buffered buffered : this.replay) {
				frames.add(Map.entry(buffered.seq(), buffered.frame()));
			}
			moved = new Moved(this.lastSeq, this.highestInvoke, frames);
			Objects.requireNonNull(this.resume).accounted(-this.replayBytes);
			this.replayBytes = 0;
			this.replay.clear();
			this.movedTo = movedTo;
			previous = this.outbound;
			this.outbound = null;
			this.connection = null;
			this.detachedAt = 0;
		}
		if (previous != null) {
			previous.cutNow(TauriWebSocketHandler.REPLACED.withReason("resumed on another node"),
					"its page resumed on another node");
		}
		this.serverListeners.forEach(this.registry::unlisten);
		this.serverListeners.clear();
		return moved;
	}

	/**
	 * Takes over the numbering and the unacknowledged frames of a session that moved here from another node,
	 * before {@link #resume} attaches the page's connection. The session starts detached.
	 * @param moved the state its old node exported
	 */
	void moveIn(Moved moved) {
		synchronized (this.sequence) {
			// the queue the session was built with is the page's connection, which resume() attaches again
			this.outbound = null;
			this.connection = null;
			this.lastSeq = moved.lastSeq();
			this.highestInvoke = moved.highestInvoke();
			ResumeSessions resume = Objects.requireNonNull(this.resume);
			for (Map.Entry<Long, Object> frame : moved.frames()) {
				int size = sizeOf(frame.getValue());
				this.replay.addLast(new Buffered(frame.getKey(), frame.getValue(), size));
				this.replayBytes += size;
				resume.accounted(size);
			}
		}
	}

	/** The names this window's page listens to. */
	Set<String> listenedEvents() {
		return this.listenedEvents;
	}

	/**
	 * A session's state as it moves between nodes.
	 * @param lastSeq the last seq assigned
	 * @param highestInvoke the highest invoke id received
	 * @param frames the frames the page has not acknowledged, with their seq, oldest first
	 */
	record Moved(long lastSeq, long highestInvoke, List<Map.Entry<Long, Object>> frames) {
	}

	/**
	 * Detaches the session from a connection that was lost.
	 * @param outbound the lost connection's queue
	 * @return whether it was the current connection (otherwise nothing changed)
	 */
	boolean detach(OutboundQueue outbound) {
		synchronized (this.sequence) {
			if (this.outbound != outbound) {
				return false;
			}
			this.outbound = null;
			this.connection = null;
			this.detachedAt = Math.max(1, System.nanoTime());
			return true;
		}
	}

	/**
	 * Whether the given queue belongs to the current connection.
	 * @param outbound a queue
	 * @return whether it is the current one
	 */
	boolean isCurrent(OutboundQueue outbound) {
		return this.outbound == outbound;
	}

	/**
	 * The frame kept for a replay under a sequence number, as stored (without its seq).
	 * @param seq the sequence number
	 * @return the frame, or {@code null} when it is not buffered
	 */
	@Nullable Object bufferedFrame(long seq) {
		synchronized (this.sequence) {
			for (Buffered buffered : this.replay) {
				if (buffered.seq() == seq) {
					return buffered.frame();
				}
			}
			return null;
		}
	}

	long lastSeq() {
		synchronized (this.sequence) {
			return this.lastSeq;
		}
	}

	long detachedAt() {
		return this.detachedAt;
	}

	/**
	 * Records that a frame arrived.
	 * @param from the queue of the connection it arrived on
	 */
	void received(OutboundQueue from) {
		this.lastReceived = System.nanoTime();
		String previous = this.previousSecret;
		if (previous != null && this.resume != null && this.outbound == from) {
			// the page sent a frame after the welcome that rotated the secret: it holds the new one
			this.previousSecret = null;
			this.resume.retire(this, previous);
		}
	}

	long lastReceived() {
		return this.lastReceived;
	}

	boolean isHeartbeating() {
		return this.heartbeating;
	}

	/**
	 * Sends a heartbeat when the connection sent nothing for the interval.
	 * @param now {@link System#nanoTime()}
	 * @param intervalNanos the heartbeat interval
	 * @param heartbeat the heartbeat frame
	 */
	void heartbeatIfIdle(long now, long intervalNanos, String heartbeat) {
		OutboundQueue outbound = this.outbound;
		if (outbound != null && now - this.lastSent >= intervalNanos) {
			this.lastSent = now;
			// not numbered: it only says the connection lives
			outbound.offer(heartbeat);
		}
	}

	/**
	 * Cuts the current connection, found dead; the session detaches.
	 * @param status the close status
	 * @param why for the log
	 */
	void cutConnection(CloseStatus status, String why) {
		OutboundQueue outbound = this.outbound;
		if (outbound != null) {
			outbound.cutNow(status, why);
		}
	}

	@Nullable String secret() {
		return this.secret;
	}

	void secret(String secret) {
		this.secret = secret;
	}

	@Nullable String previousSecret() {
		return this.previousSecret;
	}

	void previousSecret(@Nullable String previousSecret) {
		this.previousSecret = previousSecret;
	}

	private static int sizeOf(Object frame) {
		return (frame instanceof String text) ? text.length() : ((ByteBuffer) frame).remaining();
	}

	/** A frame kept for a replay, without its seq (a shared frame stays one object). */
	private record Buffered(long seq, Object frame, int size) {
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
		OutboundQueue outbound = this.outbound;
		return (outbound != null) ? outbound.queuedBytes() : 0;
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
		OutboundQueue outbound = this.outbound;
		if (this.resume == null) {
			if (outbound == null) {
				return false;
			}
			if (wait) {
				// only a channel's own producer waits, and only for this window
				return this.stats.channelMessage(frame, outbound.sendWaiting(frame));
			}
			// a refused offer is no drop: the producer is told and tries later
			boolean queued = outbound.offer(frame);
			if (queued) {
				this.stats.channelMessage(frame, true);
			}
			return queued;
		}
		if (wait && outbound != null) {
			// wait for room before taking the sequence lock, which emitters need; a connection that stays full is
			// cut, the session detaches and the message waits in the replay buffer like any other
			outbound.awaitRoom();
		}
		synchronized (this.sequence) {
			if (!this.open.get()) {
				return false;
			}
			outbound = this.outbound;
			if (!wait && outbound != null && !outbound.hasRoom()) {
				return false;
			}
			// while detached, the channel's credit bounds what is buffered: the producer waits for acks as usual
			long seq = buffer(frame);
			if (outbound != null) {
				this.lastSent = System.nanoTime();
				outbound.force(frame, seq);
			}
			this.stats.channelMessage(frame, true);
			return true;
		}
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
		OutboundQueue outbound;
		synchronized (this.sequence) {
			if (!this.open.compareAndSet(true, false)) {
				return false;
			}
			outbound = this.outbound;
			if (this.resume != null) {
				this.resume.accounted(-this.replayBytes);
				this.replayBytes = 0;
				this.replay.clear();
			}
		}
		if (outbound != null) {
			outbound.released();
		}
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
	 * Sets what ends a detached session that the server closes ({@link #close()}, the end of a sign-in).
	 * @param onEnd receives the close status
	 */
	void onEnd(Consumer<CloseStatus> onEnd) {
		this.onEnd = onEnd;
	}

	void closeConnection(CloseStatus status) {
		OutboundQueue outbound = this.outbound;
		if (outbound != null) {
			outbound.closeAfterCurrentWrite(status);
		}
		else if (this.resume != null) {
			this.onEnd.accept(status);
		}
	}

	@Override
	public String toString() {
		return "WebviewWindow[" + this.label + "]";
	}

}
