package io.taurievents.transport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads the window label and the protocol version from the handshake's {@code label} and {@code v} query
 * parameters. The label is checked once the
 * connection is open, so that a bad one gets a close code the page can see (an HTTP error would reach it only as
 * a generic failure).
 */
public class LabelHandshakeInterceptor implements HandshakeInterceptor {

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
		String label = query.getFirst("label");
		if (label != null) {
			// form decoding, as browsers' URLSearchParams encode ('+' is a space)
			attributes.put(TauriWebSocketHandler.LABEL_ATTRIBUTE, URLDecoder.decode(label, StandardCharsets.UTF_8));
		}
		String version = query.getFirst("v");
		if (version != null && version.matches("[0-9]{1,3}")) {
			attributes.put(TauriWebSocketHandler.VERSION_ATTRIBUTE, Integer.valueOf(version));
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
