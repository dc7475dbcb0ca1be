package io.taurievents.test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A browser window stand-in for tests: a real WebSocket client on {@code /tauri} that records every frame it
 * receives and speaks the protocol of {@code docs/protocol.md}.
 */
public final class TestWindow implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final String label;

	private final java.util.LinkedList<JsonNode> frames = new java.util.LinkedList<>();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final BlockingQueue<byte[]> binaryBodies = new LinkedBlockingQueue<>();

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	private final AtomicLong requestIds = new AtomicLong(1);

	private volatile @Nullable WebSocketSession session;

	private volatile @Nullable String instanceToken;

	private int port;

	private WebSocketHttpHeaders headers = new WebSocketHttpHeaders();

	private volatile @Nullable CountDownLatch readGate;

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
		return open(this.port, label, instanceToken(), this.headers, true);
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
		StandardWebSocketClient client = new StandardWebSocketClient();
		String query = (label != null) ? "?label=" + java.net.URLEncoder.encode(label, StandardCharsets.UTF_8) : "";
		if (version > 1) {
			query += (query.isEmpty() ? "?" : "&") + "v=" + version;
		}
		try {
			WebSocketSession session = client
				.execute(window.handler, headers, URI.create("ws://localhost:" + port + "/tauri" + query))
				.get(10, TimeUnit.SECONDS);
			try {
				session.setTextMessageSizeLimit(16 * 1024 * 1024);
				session.setBinaryMessageSizeLimit(16 * 1024 * 1024);
			}
			catch (IllegalStateException ex) {
				// the server already closed it (e.g. an invalid label): the test reads the close status
			}
			window.session = session;
			if (version > 1 && hello) {
				Map<String, Object> helloFrame = new java.util.LinkedHashMap<>();
				helloFrame.put("type", "hello");
				if (instanceToken != null) {
					helloFrame.put("instance", instanceToken);
				}
				window.sendText(json.writeValueAsString(helloFrame));
			}
			if (awaitWelcome) {
				JsonNode welcome = window.next((frame) -> true);
				assertThat(welcome.get("type").asString()).isEqualTo("welcome");
				window.instanceToken = welcome.path("instance").asString(null);
			}
			return window;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not connect window " + label, ex);
		}
	}

	/** The token of the window's app instance, from its welcome. */
	public String instanceToken() {
		String token = this.instanceToken;
		assertThat(token).as("instance token of window '%s'", this.label).isNotNull();
		return token;
	}

	public String label() {
		return this.label;
	}

	public WebSocketSession session() {
		WebSocketSession session = this.session;
		assertThat(session).as("connected").isNotNull();
		return session;
	}

	/** Sends a raw text frame. */
	public void sendText(String text) {
		try {
			WebSocketSession session = session();
			synchronized (session) {
				session.sendMessage(new TextMessage(text));
			}
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
		assertThat(response.get("ok").asBoolean()).as("invoke %s resolved: %s", cmd, response).isTrue();
		return response.get("payload");
	}

	/** Invokes and returns the rejection value, failing if the invoke resolves. */
	public JsonNode reject(String cmd, Object args) {
		JsonNode response = invoke(cmd, args);
		assertThat(response.get("ok").asBoolean()).as("invoke %s rejected: %s", cmd, response).isFalse();
		return response.get("error");
	}

	/** Registers a listener like {@code listen(event, cb, {target})} and returns its id. */
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

	/** Emits like the page's {@code emit(event, payload)}. */
	public void emit(String event, Object payload) {
		resolve("plugin:event|emit", Map.of("event", event, "payload", payload));
	}

	/** Waits for the first unconsumed frame matching the predicate and consumes it; other frames stay. */
	public JsonNode next(Predicate<JsonNode> matching) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		synchronized (this.frames) {
			try {
				while (true) {
					for (java.util.Iterator<JsonNode> it = this.frames.iterator(); it.hasNext();) {
						JsonNode frame = it.next();
						if (matching.test(frame)) {
							it.remove();
							return frame;
						}
					}
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0) {
						break;
					}
					this.frames.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return fail("window '" + this.label + "' got no matching frame within " + TIMEOUT);
	}

	/** Waits for the next event frame with the given name. */
	public JsonNode nextEvent(String event) {
		return next((frame) -> "event".equals(frame.path("type").asString())
				&& event.equals(frame.path("event").asString()));
	}

	/** Every event frame received so far, in arrival order. */
	public List<JsonNode> events() {
		return new ArrayList<>(this.events);
	}

	/** Names of every event received so far. */
	public List<String> eventNames() {
		return this.events.stream().map((frame) -> frame.get("event").asString()).toList();
	}

	/** Waits for the next binary frame body. */
	public byte[] nextBinary() throws InterruptedException {
		byte[] body = this.binaryBodies.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(body).as("binary frame").isNotNull();
		return body;
	}

	/** Stops consuming frames (the client's reader blocks), until {@link #resumeReading()}. */
	public void stopReading() {
		this.readGate = new CountDownLatch(1);
	}

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
			assertThat(this.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("connection closed").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.closeStatus.get();
	}

	public boolean isOpen() {
		WebSocketSession session = this.session;
		return session != null && session.isOpen();
	}

	@Override
	public void close() {
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

	private void received(JsonNode frame) {
		if ("event".equals(frame.path("type").asString())) {
			this.events.add(frame);
		}
		synchronized (this.frames) {
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
			received(json.readTree(message.getPayload()));
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
			gate();
			ByteBuffer buffer = message.getPayload();
			byte[] header = new byte[buffer.getInt()];
			buffer.get(header);
			byte[] body = new byte[buffer.remaining()];
			buffer.get(body);
			JsonNode frame = json.readTree(new String(header, StandardCharsets.UTF_8));
			TestWindow.this.binaryBodies.add(body);
			received(frame);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			TestWindow.this.closeStatus.set(status);
			TestWindow.this.closed.countDown();
		}

	}

}
