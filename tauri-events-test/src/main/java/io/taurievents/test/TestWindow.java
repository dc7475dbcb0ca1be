package io.taurievents.test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.assertj.core.api.AssertProvider;
import org.assertj.core.api.Assertions;
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

import static org.assertj.core.api.Assertions.fail;

/**
 * A browser window stand-in for tests: a real WebSocket client on {@code /tauri} that speaks the protocol of
 * {@code docs/protocol.md} and records every frame it receives. Open one with {@link TestWindows} in a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} test:
 *
 * <pre class="code">
 * TestWindow main = windows.open("main");
 * main.listen("download-progress");
 * main.resolve("download", Map.of("url", "https://example.org/file"));
 * Assertions.assertThat(main).received("download-progress").withPayload(1);
 * Assertions.assertThat(main).receivedNothingMoreWithin(Duration.ofMillis(200));
 * </pre>
 *
 * Frames are kept until a test takes them: {@code Assertions.assertThat(window).received(...)}, {@link #nextEvent} and
 * {@link #next} take the first matching frame and leave the others, so a test reads events in the order they
 * arrived without racing the connection. Waits time out after 10 seconds with an assertion error.
 * <p>
 * The static {@code connect}, {@code open} and {@code openTab} methods open windows on a port without
 * {@link TestWindows}, with the protocol version and handshake under the test's control: they are for tests of the
 * transport itself, and their windows send nothing the test did not ask for (no acknowledgements).
 */
public final class TestWindow implements AutoCloseable, AssertProvider<TestWindowAssert> {

	private static final JsonMapper json = JsonValues.mapper();

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ScheduledExecutorService KEEP_ALIVE = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "test-window-keep-alive");
		thread.setDaemon(true);
		return thread;
	});

	private final String label;

	private final LinkedList<JsonNode> frames = new LinkedList<>();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final BlockingQueue<byte[]> binaryBodies = new LinkedBlockingQueue<>();

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	/** Counted down when the current connection closes; a new one after {@link #resume()}. */
	private volatile CountDownLatch closed = new CountDownLatch(1);

	private final AtomicLong requestIds = new AtomicLong(1);

	private volatile @Nullable WebSocketSession session;

	private volatile @Nullable String instanceToken;

	private int port;

	private WebSocketHttpHeaders headers = new WebSocketHttpHeaders();

	private volatile @Nullable CountDownLatch readGate;

	private final Set<WebSocketSession> dropped = ConcurrentHashMap.newKeySet();

	private final Map<Long, TestChannel> channels = new ConcurrentHashMap<>();

	private final AtomicLong channelIds = new AtomicLong(1);

	private volatile int version = 1;

	private volatile int channelWindow = 64;

	private volatile @Nullable String sessionSecret;

	private volatile long heartbeatMillis = 5_000;

	/** The highest sequence number received (protocol version 2); replayed duplicates are dropped. */
	private long lastSeq;

	private volatile long lastSentAt = System.nanoTime();

	private volatile @Nullable ScheduledFuture<?> keepAlive;

	/** Where siblings of a window opened by {@link TestWindows} are registered, to be closed after the test. */
	private volatile @Nullable Consumer<TestWindow> onSibling;

	private final AbstractWebSocketHandler handler = new Handler();

	private TestWindow(@Nullable String label) {
		this.label = label;
	}

	/**
	 * Connects a window and waits for its {@code welcome} frame.
	 * @param port the server port
	 * @param label the label, or {@code null} for none
	 * @return the connected window
	 */
	public static TestWindow connect(int port, @Nullable String label) {
		return connect(port, label, new WebSocketHttpHeaders(), true);
	}

	/**
	 * Connects a window of protocol version 1 with handshake headers.
	 * @param port the server port
	 * @param label the label, or {@code null} for none
	 * @param headers handshake headers (for example HTTP basic credentials)
	 * @param awaitWelcome whether to wait for the welcome (a refused window gets a close instead)
	 * @return the connected window
	 */
	public static TestWindow connect(int port, @Nullable String label, WebSocketHttpHeaders headers,
			boolean awaitWelcome) {
		return connect(port, label, headers, awaitWelcome, 1, null);
	}

	/**
	 * Connects a window with protocol version 2, as a browser tab does: the first frame is a {@code hello}
	 * naming the app instance to join.
	 * @param port the server port
	 * @param label the label
	 * @param instanceToken the token of the instance to join, or {@code null} to start a new one
	 * @param headers handshake headers (for example HTTP basic credentials)
	 * @param awaitWelcome whether to wait for the welcome (a refused window gets a close instead)
	 * @return the connected window
	 */
	public static TestWindow open(int port, String label, @Nullable String instanceToken,
			WebSocketHttpHeaders headers, boolean awaitWelcome) {
		return connect(port, label, headers, awaitWelcome, 2, instanceToken);
	}

	/**
	 * Connects with protocol version 2 and sends nothing: the test sends the first frame itself (a {@code resume},
	 * say) with {@link #sendText} and reads the welcome with {@link #next}.
	 * @param port the server port
	 * @param label the label
	 * @return the connected window
	 */
	public static TestWindow openWithoutHello(int port, String label) {
		return connect(port, label, new WebSocketHttpHeaders(), false, 2, null, false);
	}

	/**
	 * Connects a window that starts a new app instance, like a new browser tab.
	 * @param port the server port
	 * @param label the label
	 * @return the connected window
	 */
	public static TestWindow openTab(int port, String label) {
		return open(port, label, null, new WebSocketHttpHeaders(), true);
	}

	/**
	 * Connects another window of this window's app instance, as {@code window.open} from its page does.
	 * @param label the new window's label
	 * @return the connected window
	 */
	public TestWindow openSibling(String label) {
		TestWindow sibling = open(this.port, label, instanceToken(), this.headers, true);
		Consumer<TestWindow> onSibling = this.onSibling;
		if (onSibling != null) {
			sibling.keepAlive(onSibling);
			onSibling.accept(sibling);
		}
		return sibling;
	}

	private static TestWindow connect(int port, @Nullable String label, WebSocketHttpHeaders headers,
			boolean awaitWelcome, int version, @Nullable String instanceToken) {
		return connect(port, label, headers, awaitWelcome, version, instanceToken, true);
	}

	private static TestWindow connect(int port, @Nullable String label, WebSocketHttpHeaders headers,
			boolean awaitWelcome, int version, @Nullable String instanceToken, boolean hello) {
		TestWindow window = new TestWindow(label);
		window.port = port;
		window.headers = headers;
		window.version = version;
		try {
			WebSocketSession session = window.handshake();
			try {
				session.setTextMessageSizeLimit(16 * 1024 * 1024);
				session.setBinaryMessageSizeLimit(16 * 1024 * 1024);
			}
			catch (IllegalStateException ex) {
				// the server already closed it (e.g. an invalid label): the test reads the close status
			}
			window.session = session;
			if (version > 1 && hello) {
				Map<String, Object> helloFrame = new LinkedHashMap<>();
				helloFrame.put("type", "hello");
				if (instanceToken != null) {
					helloFrame.put("instance", instanceToken);
				}
				// read what the bundled client reads, so tests go through the same server paths as pages
				helloFrame.put("batch", true);
				helloFrame.put("utf8", true);
				window.sendText(json.writeValueAsString(helloFrame));
			}
			if (awaitWelcome) {
				window.welcomed(window.next((frame) -> true));
			}
			return window;
		}
		catch (Exception ex) {
			window.close();
			throw new IllegalStateException("Could not connect window " + label, ex);
		}
		catch (AssertionError ex) {
			// refused (the server closed it) or no welcome in time: leave no socket open behind the failure
			window.close();
			throw ex;
		}
	}

	private WebSocketSession handshake() throws Exception {
		String query = (this.label != null) ? "?label=" + java.net.URLEncoder.encode(this.label, StandardCharsets.UTF_8)
				: "";
		if (this.version > 1) {
			query += (query.isEmpty() ? "?" : "&") + "v=" + this.version;
		}
		StandardWebSocketClient client = new StandardWebSocketClient();
		// Tomcat's client gives up after 5 s by default: too short for a busy CI machine's first request
		client.setUserProperties(Map.of("org.apache.tomcat.websocket.IO_TIMEOUT_MS", "20000"));
		return client
			.execute(this.handler, this.headers, URI.create("ws://localhost:" + this.port + "/tauri" + query))
			.get(10, TimeUnit.SECONDS);
	}

	private void welcomed(JsonNode welcome) {
		Assertions.assertThat(welcome.path("type").asString()).as("first frame of window '%s'", this.label).isEqualTo("welcome");
		this.instanceToken = welcome.path("instance").asString(null);
		this.sessionSecret = welcome.path("session").asString(null);
		this.heartbeatMillis = welcome.path("heartbeat").asLong(5_000);
		this.channelWindow = welcome.path("channelWindow").asInt(64);
	}

	/**
	 * Acknowledges what the window received once per heartbeat interval, as a page does, so that an idle window
	 * is not taken for a dead one (protocol version 2).
	 */
	void keepAlive(Consumer<TestWindow> onSibling) {
		this.onSibling = onSibling;
		if (this.version > 1 && this.keepAlive == null) {
			long period = Math.max(50, this.heartbeatMillis / 2);
			this.keepAlive = KEEP_ALIVE.scheduleWithFixedDelay(() -> {
				if (isOpen() && System.nanoTime() - this.lastSentAt >= TimeUnit.MILLISECONDS.toNanos(period)) {
					sendDelivered();
				}
			}, period, period, TimeUnit.MILLISECONDS);
		}
	}

	private void sendDelivered() {
		long seq;
		synchronized (this.frames) {
			seq = this.lastSeq;
		}
		try {
			sendText("{\"type\":\"delivered\",\"seq\":" + seq + "}");
		}
		catch (IllegalStateException ex) {
			// closing: the next connection acknowledges
		}
	}

	/**
	 * Drops the connection as a page whose network went away (a close other than 1000: the server keeps the
	 * window's session for {@code tauri.events.resume.window}, buffering what is sent to it). {@link #resume()}
	 * comes back. Needs a window of protocol version 2 (every window {@link TestWindows} opens).
	 */
	public void dropConnection() {
		Assertions.assertThat(this.version).as("window '%s' speaks protocol version 2", this.label).isGreaterThan(1);
		WebSocketSession dropped = this.session;
		this.session = null;
		if (dropped != null) {
			this.dropped.add(dropped);
			try {
				// 4010, as a page that heard nothing for three heartbeat intervals: the session detaches, not ends
				dropped.close(new CloseStatus(4010, "connection dropped by the test"));
			}
			catch (Exception ex) {
				// already gone
			}
		}
	}

	/**
	 * Reconnects after {@link #dropConnection()} and resumes the session: the server replays what the window
	 * missed, each frame once and in order.
	 * @return the welcome of the resumed session
	 * @throws AssertionError if the server did not resume the session (its welcome says {@code resumed:false})
	 */
	public JsonNode resume() {
		Assertions.assertThat(this.sessionSecret).as("session of window '%s'", this.label).isNotNull();
		if (this.session != null) {
			dropConnection();
		}
		long seq;
		synchronized (this.frames) {
			seq = this.lastSeq;
		}
		// a new connection: how the last one closed no longer says anything about this one
		this.closeStatus.set(null);
		this.closed = new CountDownLatch(1);
		try {
			this.session = handshake();
			Map<String, Object> resume = new LinkedHashMap<>();
			resume.put("type", "resume");
			resume.put("instance", this.instanceToken);
			resume.put("session", this.sessionSecret);
			resume.put("seq", seq);
			resume.put("batch", true);
			resume.put("utf8", true);
			sendText(json.writeValueAsString(resume));
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not reconnect window " + this.label, ex);
		}
		JsonNode welcome = next((frame) -> "welcome".equals(frame.path("type").asString()));
		welcomed(welcome);
		Assertions.assertThat(welcome.path("resumed").asBoolean()).as("window '%s' resumed: %s", this.label, welcome).isTrue();
		for (TestChannel channel : this.channels.values()) {
			channel.resendAck();
		}
		return welcome;
	}

	/** The token of the window's app instance, from its welcome. */
	public String instanceToken() {
		String token = this.instanceToken;
		Assertions.assertThat(token).as("instance token of window '%s'", this.label).isNotNull();
		return token;
	}

	/**
	 * The window's label.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * The current connection, for tests of the transport itself.
	 * @return the WebSocket session
	 */
	public WebSocketSession session() {
		WebSocketSession session = this.session;
		Assertions.assertThat(session).as("connected").isNotNull();
		return session;
	}

	/** Sends a raw text frame. */
	public void sendText(String text) {
		try {
			WebSocketSession session = session();
			synchronized (session) {
				session.sendMessage(new TextMessage(text));
			}
			this.lastSentAt = System.nanoTime();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends a raw binary frame. */
	public void sendBinary(byte[] bytes) {
		try {
			WebSocketSession session = session();
			synchronized (session) {
				session.sendMessage(new BinaryMessage(bytes));
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends an invoke and returns its request id without waiting. */
	public long send(String cmd, Object args) {
		long id = this.requestIds.getAndIncrement();
		sendText(json.writeValueAsString(Map.of("type", "invoke", "id", id, "cmd", cmd, "args", args)));
		return id;
	}

	/** Sends an invoke with {@code InvokeOptions.headers} and returns its request id without waiting. */
	public long send(String cmd, Object args, Map<String, String> headers) {
		long id = this.requestIds.getAndIncrement();
		sendText(json.writeValueAsString(
				Map.of("type", "invoke", "id", id, "cmd", cmd, "args", args, "headers", headers)));
		return id;
	}

	/**
	 * Sends an invoke with a raw body, as {@code invoke(cmd, new Uint8Array(body))} does, and returns its request id
	 * without waiting.
	 */
	public long sendBytes(String cmd, byte[] body) {
		long id = this.requestIds.getAndIncrement();
		byte[] header = json.writeValueAsBytes(Map.of("type", "invoke", "id", id, "cmd", cmd, "headers", Map.of()));
		sendBinary(ByteBuffer.allocate(4 + header.length + body.length).putInt(header.length).put(header).put(body)
			.array());
		return id;
	}

	/** Invokes a command and waits for its response frame. */
	public JsonNode invoke(String cmd, Object args) {
		long id = send(cmd, args);
		return response(id);
	}

	/** Waits for the response to a request id. */
	public JsonNode response(long id) {
		return next((frame) -> "response".equals(frame.path("type").asString()) && frame.path("id").asLong() == id);
	}

	/** Invokes and returns the resolved payload, failing if the invoke rejects. */
	public JsonNode resolve(String cmd, Object args) {
		JsonNode response = invoke(cmd, args);
		Assertions.assertThat(response.get("ok").asBoolean()).as("invoke %s resolved: %s", cmd, response).isTrue();
		return response.get("payload");
	}

	/** Invokes and returns the rejection value, failing if the invoke resolves. */
	public JsonNode reject(String cmd, Object args) {
		JsonNode response = invoke(cmd, args);
		Assertions.assertThat(response.get("ok").asBoolean()).as("invoke %s rejected: %s", cmd, response).isFalse();
		return response.get("error");
	}

	/**
	 * Listens like the page's {@code listen(event, cb)}: hears every emission of that event to this window (target
	 * {@code Any}).
	 * @param event the event name
	 * @return the listener id
	 */
	public long listen(String event) {
		return listen(event, Map.of("kind", "Any"));
	}

	/**
	 * Listens like the page's {@code listen(event, cb, {target})}.
	 * @param event the event name
	 * @param target an {@link io.taurievents.EventTarget} or its wire form
	 * @return the listener id
	 */
	public long listen(String event, Object target) {
		return resolve("plugin:event|listen", Map.of("event", event, "target", wire(target), "handler", 1)).asLong();
	}

	/**
	 * The wire form of a target: an {@link io.taurievents.EventTarget} as Tauri's tagged JSON, anything else as
	 * it is.
	 * @param target the target
	 * @return what to put in the args
	 */
	public static Object wire(Object target) {
		return (target instanceof io.taurievents.EventTarget eventTarget)
				? json.readTree(json.writerFor(io.taurievents.EventTarget.class).writeValueAsString(eventTarget))
				: target;
	}

	/**
	 * Stops a listener like the page's {@code unlisten()}.
	 * @param event the event name
	 * @param id the id {@link #listen} returned
	 */
	public void unlisten(String event, long id) {
		resolve("plugin:event|unlisten", Map.of("event", event, "eventId", id));
	}

	/** Emits like the page's {@code emit(event, payload)}. */
	public void emit(String event, Object payload) {
		resolve("plugin:event|emit", Map.of("event", event, "payload", payload));
	}

	/**
	 * Emits like the page's {@code emitTo(target, event, payload)}.
	 * @param target a label (target {@code AnyLabel}) or an {@link io.taurievents.EventTarget}
	 * @param event the event name
	 * @param payload the payload
	 */
	public void emitTo(Object target, String event, Object payload) {
		Object wireTarget = (target instanceof String label) ? Map.of("kind", "AnyLabel", "label", label) : wire(target);
		resolve("plugin:event|emit_to", Map.of("target", wireTarget, "event", event, "payload", payload));
	}

	/**
	 * Invokes and reads the resolved value into a type, failing if the invoke rejects.
	 * @param <T> the type
	 * @param cmd the command
	 * @param args the arguments (a map or an object Jackson writes as one)
	 * @param type the type of the result
	 * @return the result
	 */
	public <T> @Nullable T resolve(String cmd, Object args, Class<T> type) {
		return json.treeToValue(resolve(cmd, args), type);
	}

	/**
	 * Creates a page-side channel to pass as an invoke argument: {@code Map.of("onEvent", channel)}. The window
	 * acknowledges its messages as the bundled client does, so the command streams at full speed.
	 * @return the channel
	 */
	public TestChannel channel() {
		long id = this.channelIds.getAndIncrement();
		TestChannel channel = new TestChannel(id, this::channelWindow, (next) -> sendAck(id, next), json);
		this.channels.put(channel.id(), channel);
		return channel;
	}

	void sendAck(long channel, long next) {
		sendText("{\"type\":\"ack\",\"channel\":" + channel + ",\"next\":" + next + "}");
	}

	int channelWindow() {
		return this.channelWindow;
	}

	/** Whether a frame is an event, of that name if one is given. */
	static Predicate<JsonNode> event(@Nullable String name) {
		return (frame) -> "event".equals(frame.path("type").asString())
				&& (name == null || name.equals(frame.path("event").asString()));
	}

	/**
	 * The one wait of the kit: takes the first unconsumed frame matching the predicate, waiting up to
	 * {@code timeout} for it. Gives up at once when the server has closed the connection, since nothing more will
	 * come; the frames it sent before its close are matched first.
	 * @param matching the frames wanted
	 * @param timeout how long to wait, {@link Duration#ZERO} not to
	 * @return the frame, or {@code null} on timeout or close (then {@link #closeStatus()} says which)
	 */
	@Nullable JsonNode await(Predicate<JsonNode> matching, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.frames) {
			while (true) {
				for (Iterator<JsonNode> it = this.frames.iterator(); it.hasNext();) {
					JsonNode frame = it.next();
					if (matching.test(frame)) {
						it.remove();
						return frame;
					}
				}
				// frames are added under this lock before the close is recorded: none is missed here
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || this.closeStatus.get() != null) {
					return null;
				}
				try {
					this.frames.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return null;
				}
			}
		}
	}

	/**
	 * Assertions on what this window received; prefer {@code Assertions.assertThat(window)}.
	 * @return the assertions
	 */
	@Override
	public TestWindowAssert assertThat() {
		return new TestWindowAssert(this);
	}

	/** Waits for the first unconsumed frame matching the predicate and consumes it; other frames stay. */
	public JsonNode next(Predicate<JsonNode> matching) {
		JsonNode frame = await(matching, TIMEOUT);
		if (frame != null) {
			return frame;
		}
		CloseStatus status = this.closeStatus.get();
		if (status != null) {
			// nothing more will come: say why now rather than after the timeout
			return fail("window '" + this.label + "' was closed (" + describe(status) + ") with no matching frame");
		}
		return fail("window '" + this.label + "' got no matching frame within " + TIMEOUT);
	}

	/** Waits for the next event frame with the given name. */
	public JsonNode nextEvent(String event) {
		return next(event(event));
	}

	/** Every event frame received so far, in arrival order. */
	public List<JsonNode> events() {
		return new ArrayList<>(this.events);
	}

	/**
	 * Names of every event received so far, in arrival order, taken or not: the order across event names, which
	 * {@code assertThat(window).received(name)} (the first of a name) does not check.
	 * <pre class="code">
	 * assertThat(main.eventNames()).containsSubsequence("download-started", "download-finished");
	 * </pre>
	 * @return the names
	 */
	public List<String> eventNames() {
		return this.events.stream().map((frame) -> frame.get("event").asString()).toList();
	}

	/** Waits for the next binary frame body. */
	public byte[] nextBinary() throws InterruptedException {
		byte[] body = this.binaryBodies.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		Assertions.assertThat(body).as("binary frame").isNotNull();
		return body;
	}

	/** Stops consuming frames (the client's reader blocks), until {@link #resumeReading()}. */
	public void stopReading() {
		this.readGate = new CountDownLatch(1);
	}

	/** Consumes frames again after {@link #stopReading()}. */
	public void resumeReading() {
		CountDownLatch gate = this.readGate;
		this.readGate = null;
		if (gate != null) {
			gate.countDown();
		}
	}

	/** Waits for the server to close the connection and returns the status. */
	public CloseStatus awaitClose() {
		try {
			Assertions.assertThat(this.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("connection closed").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.closeStatus.get();
	}

	/** A close status as the failure messages give it: the code, then the reason if any. */
	static String describe(CloseStatus status) {
		return status.getCode() + ((status.getReason() != null) ? " " + status.getReason() : "");
	}

	/**
	 * Waits for the current connection's close to complete, as {@link #awaitClose()} without failing.
	 * @param timeout how long to wait
	 * @return whether it closed in time
	 */
	boolean awaitClosed(Duration timeout) {
		try {
			return this.closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** How the server closed the current connection, {@code null} while it is open (or dropped by the test). */
	@Nullable CloseStatus closeStatus() {
		return this.closeStatus.get();
	}

	/**
	 * Whether the connection is open: not once the server's close was seen ({@code isClosedWith}, {@code awaitClose}).
	 * @return whether it is
	 */
	public boolean isOpen() {
		WebSocketSession session = this.session;
		// the client's session may still say open while its close callback runs: the recorded close decides
		return session != null && session.isOpen() && this.closeStatus.get() == null;
	}

	/** Closes like the page's {@code close()}: code 1000, the server ends the window's session. */
	@Override
	public void close() {
		ScheduledFuture<?> keepAlive = this.keepAlive;
		if (keepAlive != null) {
			keepAlive.cancel(false);
		}
		resumeReading();
		try {
			if (isOpen()) {
				session().close();
			}
		}
		catch (Exception ex) {
			// already gone
		}
	}

	private void received(JsonNode frame, byte @Nullable [] body) {
		synchronized (this.frames) {
			JsonNode seq = frame.get("seq");
			if (seq != null && !"welcome".equals(frame.path("type").asString())) {
				if (seq.asLong() <= this.lastSeq) {
					// replayed after a resume, already processed
					return;
				}
				this.lastSeq = seq.asLong();
			}
			TestChannel channel = "channel".equals(frame.path("type").asString())
					? this.channels.get(frame.path("channel").asLong()) : null;
			if (channel != null) {
				channel.received(frame, body);
				return;
			}
			if (body != null) {
				this.binaryBodies.add(body);
			}
			if ("event".equals(frame.path("type").asString())) {
				this.events.add(frame);
			}
			this.frames.add(frame);
			this.frames.notifyAll();
		}
	}

	private void gate() {
		CountDownLatch gate = this.readGate;
		if (gate != null) {
			try {
				gate.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private final class Handler extends AbstractWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			gate();
			if (!TestWindow.this.dropped.contains(session)) {
				receivedJson(json.readTree(message.getPayload()));
			}
		}

		/** A frame, or a batch of frames (a JSON array) taken one by one. */
		private void receivedJson(JsonNode frame) {
			if (frame.isArray()) {
				frame.forEach((inner) -> received(inner, null));
			}
			else {
				received(frame, null);
			}
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
			gate();
			ByteBuffer buffer = message.getPayload();
			if (buffer.hasRemaining() && (buffer.get(buffer.position()) == '{' || buffer.get(buffer.position()) == '[')) {
				// a text frame sent as UTF-8 (a channel's binary message starts with its header length instead)
				if (!TestWindow.this.dropped.contains(session)) {
					receivedJson(json.readTree(StandardCharsets.UTF_8.decode(buffer).toString()));
				}
				return;
			}
			byte[] header = new byte[buffer.getInt()];
			buffer.get(header);
			byte[] body = new byte[buffer.remaining()];
			buffer.get(body);
			received(json.readTree(new String(header, StandardCharsets.UTF_8)), body);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			if (TestWindow.this.dropped.contains(session)) {
				// a connection this window dropped and replaced
				return;
			}
			TestWindow.this.closeStatus.set(status);
			TestWindow.this.closed.countDown();
			synchronized (TestWindow.this.frames) {
				TestWindow.this.frames.notifyAll();
			}
		}

	}

}
