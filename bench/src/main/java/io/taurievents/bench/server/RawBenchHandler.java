package io.taurievents.bench.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.taurievents.bench.Payloads;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The practical ceiling: a {@code TextWebSocketHandler}-style handler that sends pre-built frames with the
 * container's blocking send. Text frames it understands: {@code {"sub":true}} subscribes the window to emits,
 * {@code {"stream":N,"size":S,"binary":B}} streams N messages back, anything else is echoed as it came.
 */
class RawBenchHandler extends AbstractWebSocketHandler implements BenchBackend {

	/** The inbound frame limit every stack gets (tauri: {@code tauri.events.max-frame-size}). */
	static final int MAX_FRAME_SIZE = 128 * 1024;

	private final Set<WebSocketSession> subscribed = ConcurrentHashMap.newKeySet();

	private final Map<String, WebSocketSession> byLabel = new ConcurrentHashMap<>();

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		// what tauri-events does with its max-frame-size; Tomcat sizes the session's buffers by it
		session.setTextMessageSizeLimit(MAX_FRAME_SIZE);
		session.setBinaryMessageSizeLimit(MAX_FRAME_SIZE);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.subscribed.remove(session);
		this.byLabel.values().remove(session);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
		String text = message.getPayload();
		if (text.startsWith("{\"sub\"")) {
			String label = label(session);
			if (label != null) {
				this.byLabel.put(label, session);
			}
			this.subscribed.add(session);
		}
		else if (text.startsWith("{\"stream\"")) {
			stream(session, text);
		}
		else {
			send(session, message);
		}
	}

	private void stream(WebSocketSession session, String request) throws IOException {
		int count = intField(request, "\"stream\":");
		int size = intField(request, "\"size\":");
		if (request.contains("\"binary\":true")) {
			for (int i = 0; i < count; i++) {
				send(session, new BinaryMessage(ByteBuffer.wrap(Payloads.binary(i, size))));
			}
		}
		else {
			String filler = Payloads.filler(size);
			for (int i = 0; i < count; i++) {
				send(session, new TextMessage(Payloads.json(i, filler)));
			}
		}
	}

	@Override
	public void emit(int count, int size, @Nullable String label) {
		String filler = Payloads.filler(size);
		WebSocketSession target = (label != null) ? this.byLabel.get(label) : null;
		for (int i = 0; i < count; i++) {
			TextMessage frame = new TextMessage(Payloads.json(i, filler));
			if (label != null) {
				if (target != null) {
					send(target, frame);
				}
			}
			else {
				for (WebSocketSession session : this.subscribed) {
					send(session, frame);
				}
			}
		}
	}

	@Override
	public int subscribers() {
		return this.subscribed.size();
	}

	@Override
	public Set<String> features() {
		return Set.of("channel");
	}

	private void send(WebSocketSession session, WebSocketMessage<?> message) {
		// the container's blocking send allows one writer per session at a time
		synchronized (session) {
			try {
				if (session.isOpen()) {
					session.sendMessage(message);
				}
			}
			catch (IOException | RuntimeException ex) {
				closeQuietly(session);
			}
		}
	}

	private static void closeQuietly(WebSocketSession session) {
		try {
			session.close(CloseStatus.SERVER_ERROR);
		}
		catch (IOException ex) {
			// already gone
		}
	}

	private static @Nullable String label(WebSocketSession session) {
		return (session.getUri() != null)
				? UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams().getFirst("label") : null;
	}

	private static int intField(String json, String key) {
		int start = json.indexOf(key) + key.length();
		int end = start;
		while (end < json.length() && Character.isDigit(json.charAt(end))) {
			end++;
		}
		return Integer.parseInt(json, start, end, 10);
	}

}
