package io.taurievents.transport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads the window label from the handshake's {@code label} query parameter. The label is checked once the
 * connection is open, so that a bad one gets a close code the page can see (an HTTP error would reach it only as
 * a generic failure).
 */
public class LabelHandshakeInterceptor implements HandshakeInterceptor {

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		String label = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("label");
		if (label != null) {
			// form decoding, as browsers' URLSearchParams encode ('+' is a space)
			attributes.put(TauriWebSocketHandler.LABEL_ATTRIBUTE, URLDecoder.decode(label, StandardCharsets.UTF_8));
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
