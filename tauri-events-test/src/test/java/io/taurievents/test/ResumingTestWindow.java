package io.taurievents.test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The page side of session resume ({@code /work/shared-notes/resume-protocol.md}) for tests: a protocol v2 window
 * that checks sequence numbers (duplicates dropped and counted, a gap closes with 4009), acknowledges with
 * {@code delivered}, detects a silent server after three heartbeat intervals, and on any unintended close reconnects
 * at once with {@code resume}: it re-sends the invokes the server has not received, in id order, and every open
 * channel's {@code ack}. After a failed resume it rejects pending invokes, ends open channels with an error, listens
 * again and records the reason.
 */
public final class ResumingTestWindow implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final WebSocketContainer container;

	static {
		container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(4 * 1024 * 1024);
		container.setDefaultMaxBinaryMessageBufferSize(4 * 1024 * 1024);
	}

	private final int port;

	private final String label;

	private final ScheduledExecutorService timer;

	/** Guards the session state below and every send, so re-sends after a resume stay in id order. */
	private final Object lock = new Object();

	private @Nullable WebSocketSession current;

	/** The latest connection attempt; closes and frames of earlier ones are ignored. */
	private volatile @Nullable Connection latest;

	private boolean ready;

	private @Nullable String instanceToken;

	private @Nullable String secret;

	private long heartbeatMillis = 5_000;

	private long lastSeq;

	private long deliveredSent;

	private long deliveredAt = System.nanoTime();

	private volatile long lastFrameAt = System.nanoTime();

	private long nextInvokeId = 1;

	private final TreeMap<Long, String> pendingInvokes = new TreeMap<>();

	/** Pending invokes written at least once (the others wait for the connection). */
	private final java.util.Set<Long> written = new java.util.HashSet<>();

	private final Map<Long, String> pendingCommands = new ConcurrentHashMap<>();

	private final Map<Long, CompletableFuture<JsonNode>> results = new ConcurrentHashMap<>();

	private final Map<Long, PageChannel> channels = new ConcurrentHashMap<>();

	private final List<String> listened = new CopyOnWriteArrayList<>();

	private long nextChannelId = 1;

	private boolean closing;

	private volatile boolean detectDeadServer = true;

	private volatile boolean reconnect = true;

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final List<JsonNode> welcomes = new CopyOnWriteArrayList<>();

	private final List<String> resyncs = new CopyOnWriteArrayList<>();

	private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();

	private final AtomicInteger duplicateFrames = new AtomicInteger();

	private final AtomicInteger duplicateResponses = new AtomicInteger();

	private final AtomicInteger gaps = new AtomicInteger();

	private final AtomicInteger reconnects = new AtomicInteger();

	private final AtomicInteger heartbeats = new AtomicInteger();

	private final AtomicInteger batches = new AtomicInteger();

	private final AtomicInteger resentInvokes = new AtomicInteger();

	private final AtomicInteger resentAcks = new AtomicInteger();

	private final CompletableFuture<Void> firstWelcome = new CompletableFuture<>();

	private ResumingTestWindow(int port, String label) {
		this.port = port;
		this.label = label;
		this.timer = Executors.newScheduledThreadPool(1, (task) -> {
			Thread thread = new Thread(task, "resuming-window-" + label);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Opens a window that starts a new app instance and waits for its welcome.
	 * @param port the server's (or proxy's) port
	 * @param label the label
	 * @return the window
	 */
	public static ResumingTestWindow open(int port, String label) {
		ResumingTestWindow window = new ResumingTestWindow(port, label);
		window.connect();
		window.firstWelcome.orTimeout(10, TimeUnit.SECONDS).join();
		window.timer.scheduleWithFixedDelay(window::tick, 20, 20, TimeUnit.MILLISECONDS);
		return window;
	}

	/** Turns the page's own detection of a silent server off, so only the server's detection is at work. */
	public void detectDeadServer(boolean detect) {
		this.detectDeadServer = detect;
	}

	/** Turns reconnecting off (on by default). */
	public void reconnect(boolean reconnect) {
		this.reconnect = reconnect;
	}

	private void connect() {
		Connection connection = new Connection();
		this.latest = connection;
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		new StandardWebSocketClient(container)
			.execute(connection, headers, URI.create("ws://localhost:" + this.port + "/tauri?label=" + this.label + "&v=2"))
			.whenComplete((session, failure) -> {
				if (failure != null && this.latest == connection && !this.closing) {
					retryLater();
				}
			});
	}

	private void retryLater() {
		if (!this.timer.isShutdown()) {
			this.timer.schedule(this::connect, 50, TimeUnit.MILLISECONDS);
		}
	}

	/** Invokes a command; the future completes with the response frame, or fails when the session was lost. */
	public CompletableFuture<JsonNode> invoke(String cmd, Map<String, ?> args) {
		synchronized (this.lock) {
			long id = this.nextInvokeId++;
			CompletableFuture<JsonNode> result = new CompletableFuture<>();
			this.results.put(id, result);
			String frame = json.writeValueAsString(Map.of("type", "invoke", "id", id, "cmd", cmd, "args", args));
			this.pendingInvokes.put(id, frame);
			this.pendingCommands.put(id, cmd);
			if (this.ready) {
				this.written.add(id);
				sendLocked(frame);
			}
			return result;
		}
	}

	/** Creates a channel for an invoke argument: pass {@link PageChannel#argument()}. */
	public PageChannel channel() {
		synchronized (this.lock) {
			PageChannel channel = new PageChannel(this.nextChannelId++);
			this.channels.put(channel.id, channel);
			return channel;
		}
	}

	/** Listens to an event (target Any) and listens again after a failed resume. */
	public void listen(String event) {
		this.listened.add(event);
		invoke("plugin:event|listen", Map.of("event", event, "target", Map.of("kind", "Any"), "handler", 1))
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
	}

	/** Every event processed, in order. */
	public List<JsonNode> events() {
		return new ArrayList<>(this.events);
	}

	public List<JsonNode> welcomes() {
		return new ArrayList<>(this.welcomes);
	}

	/** The reasons of failed resumes, in order. */
	public List<String> resyncs() {
		return new ArrayList<>(this.resyncs);
	}

	public List<Integer> closeCodes() {
		return new ArrayList<>(this.closeCodes);
	}

	public int duplicateFrames() {
		return this.duplicateFrames.get();
	}

	public int duplicateResponses() {
		return this.duplicateResponses.get();
	}

	public int gaps() {
		return this.gaps.get();
	}

	public int reconnects() {
		return this.reconnects.get();
	}

	/** Invokes written before and sent again after a resume because the server had not received them. */
	public int resentInvokes() {
		return this.resentInvokes.get();
	}

	/** Channel acks sent again after a resume. */
	public int resentAcks() {
		return this.resentAcks.get();
	}

	/** Batches received (text frames holding several frames). */
	public int batches() {
		return this.batches.get();
	}

	public int heartbeats() {
		return this.heartbeats.get();
	}

	public long lastSeq() {
		synchronized (this.lock) {
			return this.lastSeq;
		}
	}

	/**
	 * Drops the current connection as a page that noticed a dead network first would, without waiting for its
	 * close, and resumes at once on a new one.
	 */
	public void dropAndResume() {
		WebSocketSession dropped;
		synchronized (this.lock) {
			dropped = abandonLocked();
		}
		if (dropped != null) {
			closeQuietly(dropped, new CloseStatus(4000, "replaced"));
		}
		this.reconnects.incrementAndGet();
		connect();
	}

	/** Connects again now (after {@code reconnect(false)} and a drop). */
	public void reconnectNow() {
		this.reconnects.incrementAndGet();
		connect();
	}

	/** Whether the window is connected and welcomed. */
	public boolean isReady() {
		synchronized (this.lock) {
			return this.ready;
		}
	}

	/** Closes like {@code connection.close()}: code 1000, the server ends the session. */
	@Override
	public void close() {
		WebSocketSession session;
		synchronized (this.lock) {
			this.closing = true;
			session = this.current;
		}
		try {
			if (session != null && session.isOpen()) {
				session.close(CloseStatus.NORMAL);
			}
		}
		catch (Exception ex) {
			// already gone
		}
		this.timer.shutdownNow();
	}

	private void tick() {
		WebSocketSession dead = null;
		synchronized (this.lock) {
			if (!this.ready || this.closing) {
				return;
			}
			long now = System.nanoTime();
			long interval = TimeUnit.MILLISECONDS.toNanos(this.heartbeatMillis);
			if (this.detectDeadServer && now - this.lastFrameAt > 3 * interval) {
				dead = abandonLocked();
			}
			else if ((this.lastSeq != this.deliveredSent
					&& now - this.deliveredAt >= TimeUnit.SECONDS.toNanos(1)) || now - this.deliveredAt >= interval) {
				sendDeliveredLocked();
			}
		}
		if (dead != null) {
			closeQuietly(dead, new CloseStatus(4000, "no frame for 3 heartbeat intervals"));
			this.reconnects.incrementAndGet();
			connect();
		}
	}

	private void sendDeliveredLocked() {
		this.deliveredSent = this.lastSeq;
		this.deliveredAt = System.nanoTime();
		sendLocked("{\"type\":\"delivered\",\"seq\":" + this.lastSeq + "}");
	}

	/** Forgets the current connection: its late frames and its close are ignored from now on. */
	private @Nullable WebSocketSession abandonLocked() {
		WebSocketSession session = this.current;
		this.current = null;
		this.ready = false;
		return session;
	}

	/**
	 * Sends on the current connection, in order, without blocking under the lock: a write to a dying connection may
	 * block for long, and the page must keep processing frames meanwhile.
	 */
	private void sendLocked(String text) {
		WebSocketSession session = this.current;
		Connection connection = this.latest;
		if (session == null || connection == null) {
			return;
		}
		connection.write(session, text);
	}

	private static void closeQuietly(WebSocketSession session, CloseStatus status) {
		Thread closer = new Thread(() -> {
			try {
				session.close(status);
			}
			catch (Exception ex) {
				// gone
			}
		}, "resuming-window-close");
		closer.setDaemon(true);
		closer.start();
	}

	private void welcomed(Connection connection, WebSocketSession session, JsonNode welcome) {
		List<CompletableFuture<JsonNode>> lost = new ArrayList<>();
		List<PageChannel> ended = new ArrayList<>();
		boolean relisten = false;
		synchronized (this.lock) {
			if (connection != this.latest || this.closing) {
				return;
			}
			this.welcomes.add(welcome);
			this.current = session;
			this.secret = welcome.path("session").asString(null);
			this.instanceToken = welcome.path("instance").asString(null);
			this.heartbeatMillis = welcome.path("heartbeat").asLong(5_000);
			this.lastFrameAt = System.nanoTime();
			if (welcome.path("resumed").asBoolean()) {
				long received = welcome.path("received").asLong();
				this.ready = true;
				for (Map.Entry<Long, String> invoke : this.pendingInvokes.entrySet()) {
					if (invoke.getKey() > received) {
						if (!this.written.add(invoke.getKey())) {
							this.resentInvokes.incrementAndGet();
						}
						sendLocked(invoke.getValue());
					}
				}
				for (PageChannel channel : this.channels.values()) {
					if (!channel.ended) {
						this.resentAcks.incrementAndGet();
						sendLocked(channel.ackFrame());
					}
				}
			}
			else {
				String reason = welcome.path("reason").asString(null);
				this.lastSeq = welcome.path("seq").asLong();
				this.deliveredSent = this.lastSeq;
				this.ready = true;
				if (reason != null) {
					this.resyncs.add(reason);
					this.written.clear();
					for (Long id : this.pendingInvokes.keySet()) {
						lost.add(this.results.get(id));
						this.pendingCommands.remove(id);
					}
					this.pendingInvokes.clear();
					for (PageChannel channel : this.channels.values()) {
						if (!channel.ended) {
							channel.ended = true;
							channel.error = "session lost: " + reason;
							ended.add(channel);
						}
					}
					relisten = true;
				}
			}
		}
		for (CompletableFuture<JsonNode> result : lost) {
			result.completeExceptionally(new IllegalStateException("connection lost before the response arrived"));
		}
		for (PageChannel channel : ended) {
			channel.done.complete(null);
		}
		this.firstWelcome.complete(null);
		if (relisten) {
			for (String event : this.listened) {
				invoke("plugin:event|listen", Map.of("event", event, "target", Map.of("kind", "Any"), "handler", 1));
			}
		}
	}

	/** Processes a numbered frame in seq order; returns a frame to complete outside the lock. */
	private void numbered(WebSocketSession session, JsonNode frame, byte @Nullable [] body) {
		CompletableFuture<JsonNode> settled = null;
		PageChannel ended = null;
		WebSocketSession gap = null;
		synchronized (this.lock) {
			if (session != this.current) {
				return;
			}
			long seq = frame.path("seq").asLong(-1);
			if (seq <= this.lastSeq) {
				this.duplicateFrames.incrementAndGet();
				return;
			}
			if (seq != this.lastSeq + 1) {
				this.gaps.incrementAndGet();
				gap = abandonLocked();
			}
			else {
				this.lastSeq = seq;
				switch (frame.path("type").asString("")) {
					case "event" -> this.events.add(frame);
					case "response" -> {
						long id = frame.path("id").asLong();
						if (this.pendingInvokes.remove(id) == null) {
							this.duplicateResponses.incrementAndGet();
						}
						else {
							this.written.remove(id);
							this.pendingCommands.remove(id);
							settled = this.results.get(id);
						}
					}
					case "channel" -> {
						PageChannel channel = this.channels.get(frame.path("channel").asLong());
						if (channel != null && channel.receive(frame, body)) {
							ended = channel;
						}
					}
					default -> {
					}
				}
				if (this.lastSeq - this.deliveredSent >= 256) {
					sendDeliveredLocked();
				}
			}
		}
		if (gap != null) {
			closeQuietly(gap, new CloseStatus(4009, "sequence gap"));
			this.reconnects.incrementAndGet();
			connect();
		}
		if (settled != null) {
			settled.complete(frame);
		}
		if (ended != null) {
			ended.done.complete(null);
		}
	}

	private void closed(Connection connection, WebSocketSession session, CloseStatus status) {
		boolean again;
		synchronized (this.lock) {
			if (connection != this.latest) {
				// a connection this page already replaced
				return;
			}
			this.closeCodes.add(status.getCode());
			if (session == this.current) {
				abandonLocked();
			}
			again = !this.closing && this.reconnect && status.getCode() != 1000;
		}
		if (again) {
			this.reconnects.incrementAndGet();
			connect();
		}
	}

	/** A channel as the page sees it: its messages in order, acknowledged every half window. */
	public final class PageChannel {

		private final long id;

		private final List<JsonNode> messages = new ArrayList<>();

		private long next;

		private long acked;

		private volatile boolean ended;

		private volatile @Nullable String error;

		private final AtomicInteger outOfOrder = new AtomicInteger();

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		PageChannel(long id) {
			this.id = id;
		}

		/** The invoke argument naming this channel. */
		public String argument() {
			return "__CHANNEL__:" + this.id;
		}

		/** Completes when the channel ended (its end marker, or a failed resume). */
		public CompletableFuture<Void> done() {
			return this.done;
		}

		public List<JsonNode> messages() {
			synchronized (ResumingTestWindow.this.lock) {
				return new ArrayList<>(this.messages);
			}
		}

		public @Nullable String error() {
			return this.error;
		}

		public int outOfOrder() {
			return this.outOfOrder.get();
		}

		/** Caller holds the window's lock; returns whether the channel ended. */
		boolean receive(JsonNode frame, byte @Nullable [] body) {
			if (this.ended) {
				return false;
			}
			if (frame.path("index").asLong() != this.next) {
				this.outOfOrder.incrementAndGet();
			}
			if (frame.path("end").asBoolean()) {
				this.ended = true;
				return true;
			}
			this.messages.add((body != null) ? json.getNodeFactory().binaryNode(body) : frame.get("message"));
			this.next++;
			if (this.next - this.acked >= 32) {
				this.acked = this.next;
				sendLocked(ackFrame());
			}
			return false;
		}

		String ackFrame() {
			return "{\"type\":\"ack\",\"channel\":" + this.id + ",\"next\":" + this.next + "}";
		}

	}

	private final class Connection extends AbstractWebSocketHandler {

		private boolean welcomed;

		private final java.util.concurrent.ExecutorService writer = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "resuming-window-writer");
			thread.setDaemon(true);
			return thread;
		});

		void write(WebSocketSession session, String text) {
			try {
				this.writer.execute(() -> {
					try {
						session.sendMessage(new TextMessage(text));
					}
					catch (Exception ex) {
						// the connection is going: its close starts the resume
					}
				});
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// a connection this page gave up
			}
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			String first;
			synchronized (ResumingTestWindow.this.lock) {
				if (ResumingTestWindow.this.closing) {
					session.close();
					return;
				}
				if (ResumingTestWindow.this.secret != null) {
					first = json.writeValueAsString(orderedMap("type", "resume", "instance",
							ResumingTestWindow.this.instanceToken, "session", ResumingTestWindow.this.secret, "seq",
							ResumingTestWindow.this.lastSeq, "batch", true));
				}
				else {
					first = "{\"type\":\"hello\",\"batch\":true}";
				}
			}
			write(session, first);
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			ResumingTestWindow.this.lastFrameAt = System.nanoTime();
			JsonNode frame = json.readTree(message.getPayload());
			if (frame.isArray()) {
				// a batch (this page announces batching): its frames one by one, as if each had come alone
				ResumingTestWindow.this.batches.incrementAndGet();
				for (JsonNode inner : frame) {
					handle(session, inner);
				}
				return;
			}
			handle(session, frame);
		}

		private void handle(WebSocketSession session, JsonNode frame) {
			if (!this.welcomed) {
				this.welcomed = true;
				welcomed(this, session, frame);
				return;
			}
			if ("heartbeat".equals(frame.path("type").asString())) {
				ResumingTestWindow.this.heartbeats.incrementAndGet();
				return;
			}
			numbered(session, frame, null);
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
			ResumingTestWindow.this.lastFrameAt = System.nanoTime();
			ByteBuffer buffer = message.getPayload();
			byte[] header = new byte[buffer.getInt()];
			buffer.get(header);
			byte[] body = new byte[buffer.remaining()];
			buffer.get(body);
			numbered(session, json.readTree(new String(header, StandardCharsets.UTF_8)), body);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.writer.shutdown();
			closed(this, session, status);
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
			// the close follows
		}

	}

	private static Map<String, Object> orderedMap(Object... entries) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < entries.length; i += 2) {
			map.put((String) entries[i], entries[i + 1]);
		}
		return map;
	}

}
