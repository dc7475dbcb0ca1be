package io.taurievents.ipc;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * A page for channel tests: a real WebSocket client that speaks protocol v1, records every frame in arrival order
 * (binary bodies with their headers) and acknowledges channel messages like the bundled client does (every
 * {@code channelWindow / 2} messages) unless a channel is {@link #stall stalled}.
 */
final class ChannelPage extends AbstractWebSocketHandler implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<Frame> frames = new ArrayList<>();

	private final Map<Long, CompletableFuture<Frame>> responses = new ConcurrentHashMap<>();

	private final AtomicLong requestIds = new AtomicLong();

	private final CompletableFuture<Integer> welcome = new CompletableFuture<>();

	private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

	private final Set<Long> stalled = ConcurrentHashMap.newKeySet();

	private volatile @Nullable WebSocketSession session;

	static ChannelPage connect(int port, String label) throws Exception {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(4 * 1024 * 1024);
		container.setDefaultMaxBinaryMessageBufferSize(4 * 1024 * 1024);
		ChannelPage window = new ChannelPage();
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.setOrigin("http://localhost:" + port);
		new StandardWebSocketClient(container)
			.execute(window, headers, URI.create("ws://localhost:" + port + "/tauri?label=" + label))
			.get(10, TimeUnit.SECONDS);
		window.welcome.get(10, TimeUnit.SECONDS);
		return window;
	}

	/** The {@code channelWindow} the server announced. */
	int channelWindow() {
		return this.welcome.join();
	}

	/** Stops acknowledging a channel's messages, as a page whose consumer is stuck would. */
	void stall(long channel) {
		this.stalled.add(channel);
	}

	/** Acknowledges a stalled channel's messages again. */
	void resume(long channel) {
		this.stalled.remove(channel);
	}

	CompletableFuture<Frame> invoke(String command, Map<String, ?> args) {
		long id = this.requestIds.incrementAndGet();
		CompletableFuture<Frame> response = new CompletableFuture<>();
		this.responses.put(id, response);
		send(json.writeValueAsString(Map.of("type", "invoke", "id", id, "cmd", command, "args", args)));
		return response;
	}

	void ack(long channel, long next) {
		WebSocketSession session = this.session;
		if (session != null && session.isOpen()) {
			send("{\"type\":\"ack\",\"channel\":" + channel + ",\"next\":" + next + "}");
		}
	}

	private void send(String text) {
		WebSocketSession session = this.session;
		if (session == null) {
			throw new IllegalStateException("not connected");
		}
		synchronized (session) {
			try {
				session.sendMessage(new TextMessage(text));
			}
			catch (IOException | IllegalStateException ex) {
				if (session.isOpen()) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	/** Every frame received so far, in arrival order. */
	synchronized List<Frame> frames() {
		return List.copyOf(this.frames);
	}

	/** The frames of one channel, in arrival order. */
	synchronized List<Frame> channel(long channel) {
		return this.frames.stream()
			.filter((frame) -> "channel".equals(frame.type()) && frame.header().get("channel").asLong() == channel)
			.toList();
	}

	CompletableFuture<CloseStatus> closed() {
		return this.closed;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.session = session;
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		received(new Frame(json.readTree(message.getPayload()), null));
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		ByteBuffer buffer = message.getPayload();
		byte[] header = new byte[buffer.getInt()];
		buffer.get(header);
		byte[] body = new byte[buffer.remaining()];
		buffer.get(body);
		received(new Frame(json.readTree(new String(header, StandardCharsets.UTF_8)), body));
	}

	private void received(Frame frame) {
		synchronized (this) {
			this.frames.add(frame);
		}
		switch (frame.type()) {
			case "welcome" -> this.welcome.complete(frame.header().get("channelWindow").asInt());
			case "response" -> {
				CompletableFuture<Frame> response = this.responses.remove(frame.header().get("id").asLong());
				if (response != null) {
					response.complete(frame);
				}
			}
			case "channel" -> {
				long channel = frame.header().get("channel").asLong();
				long next = frame.index() + 1;
				int every = Math.max(1, channelWindow() / 2);
				if (!this.stalled.contains(channel) && !frame.isEnd() && next % every == 0) {
					ack(channel, next);
				}
			}
			default -> {
			}
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.closed.complete(status);
	}

	@Override
	public void close() throws IOException {
		WebSocketSession session = this.session;
		if (session != null && session.isOpen()) {
			session.close();
		}
	}

	/**
	 * A received frame: the JSON frame, or a binary frame's header and body.
	 */
	record Frame(JsonNode header, byte @Nullable [] body) {

		String type() {
			return this.header.get("type").asString();
		}

		boolean isEnd() {
			return this.header.path("end").asBoolean(false);
		}

		long index() {
			return this.header.get("index").asLong();
		}

		JsonNode message() {
			return this.header.get("message");
		}

	}

}
