package io.taurievents.ipc;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * A browser window as the server sees it: a real WebSocket connection speaking protocol v1, with invoke promises.
 */
final class CommandTestWindow extends AbstractWebSocketHandler implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();

	final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

	final BlockingQueue<JsonNode> errors = new LinkedBlockingQueue<>();

	private final WebSocketSession session;

	private CommandTestWindow(int port, String label, @Nullable String basicAuth) throws Exception {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		if (basicAuth != null) {
			headers.set("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
		}
		this.session = new StandardWebSocketClient()
			.execute(this, headers, URI.create("ws://localhost:" + port + "/tauri?label=" + label))
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	static CommandTestWindow connect(int port, String label) throws Exception {
		return new CommandTestWindow(port, label, null);
	}

	static CommandTestWindow connect(int port, String label, String user, String password) throws Exception {
		return new CommandTestWindow(port, label, user + ":" + password);
	}

	/**
	 * Invokes with JSON arguments.
	 * @param command the command
	 * @param args the args object, as JSON text
	 * @return the response
	 */
	CompletableFuture<Response> invoke(String command, String args) throws Exception {
		return invoke(command, args, Map.of());
	}

	CompletableFuture<Response> invoke(String command, String args, Map<String, String> headers) throws Exception {
		long id = this.ids.incrementAndGet();
		ObjectNode frame = json.createObjectNode();
		frame.put("type", "invoke");
		frame.put("id", id);
		frame.put("cmd", command);
		frame.set("args", json.readTree(args));
		frame.set("headers", json.valueToTree(headers));
		CompletableFuture<Response> response = new CompletableFuture<>();
		this.pending.put(id, response);
		synchronized (this.session) {
			this.session.sendMessage(new TextMessage(json.writeValueAsString(frame)));
		}
		return response;
	}

	/**
	 * Invokes with a raw body, as {@code invoke(cmd, new Uint8Array(...))} does.
	 */
	CompletableFuture<Response> invokeBytes(String command, byte[] body) throws Exception {
		long id = this.ids.incrementAndGet();
		byte[] header = json.writeValueAsBytes(Map.of("type", "invoke", "id", id, "cmd", command, "headers", Map.of()));
		ByteBuffer frame = ByteBuffer.allocate(4 + header.length + body.length);
		frame.putInt(header.length).put(header).put(body).flip();
		CompletableFuture<Response> response = new CompletableFuture<>();
		this.pending.put(id, response);
		synchronized (this.session) {
			this.session.sendMessage(new BinaryMessage(frame));
		}
		return response;
	}

	/**
	 * Invokes and waits for the response.
	 */
	Response call(String command, String args) throws Exception {
		return invoke(command, args).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		JsonNode frame = json.readTree(message.getPayload());
		switch (frame.get("type").asString()) {
			case "response" -> {
				CompletableFuture<Response> response = this.pending.remove(frame.get("id").asLong());
				if (response != null) {
					boolean ok = frame.get("ok").asBoolean();
					response.complete(new Response(ok, frame.get(ok ? "payload" : "error"), null));
				}
			}
			case "event" -> this.events.add(frame);
			case "error" -> this.errors.add(frame);
			default -> {
			}
		}
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		ByteBuffer buffer = message.getPayload();
		byte[] header = new byte[buffer.getInt()];
		buffer.get(header);
		byte[] body = new byte[buffer.remaining()];
		buffer.get(body);
		JsonNode frame = json.readTree(new String(header, StandardCharsets.UTF_8));
		CompletableFuture<Response> response = this.pending.remove(frame.get("id").asLong());
		if (response != null) {
			response.complete(new Response(frame.get("ok").asBoolean(), null, body));
		}
	}

	boolean isOpen() {
		return this.session.isOpen();
	}

	@Override
	public void close() throws Exception {
		this.session.close();
	}

	/**
	 * A settled invoke: {@code ok} with a JSON {@code value} or {@code bytes} (an {@code ArrayBuffer}), or a
	 * rejection with the error {@code value}.
	 */
	record Response(boolean ok, @Nullable JsonNode value, byte @Nullable [] bytes) {

		String text() {
			return (this.value != null) ? this.value.asString() : "<no value>";
		}

	}

}
