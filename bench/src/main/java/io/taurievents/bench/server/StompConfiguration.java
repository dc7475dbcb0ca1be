package io.taurievents.bench.server;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * The STOMP stack as a Spring user would set it up: simple broker, {@code /app} for {@code @MessageMapping}, with
 * the ordering options on (tauri-events keeps order, so STOMP must too) and the same inbound frame limit as the
 * other stacks, reached the STOMP way.
 */
@Configuration(proxyBeanMethods = false)
@Profile("stomp")
@EnableWebSocketMessageBroker
class StompConfiguration implements WebSocketMessageBrokerConfigurer {

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/stomp").setAllowedOriginPatterns("*");
		registry.setPreserveReceiveOrder(true);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.enableSimpleBroker("/topic", "/queue");
		registry.setApplicationDestinationPrefixes("/app");
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		// large STOMP frames come split into 8 KB WebSocket messages (stomp.js splitLargeFrames), reassembled up to
		// the same 128 KB limit as the other stacks; Tomcat's per-session buffers stay at their 8 KB default, which
		// matters because every STOMP window sends a frame (CONNECT) even when idle
		registration.setMessageSizeLimit(RawBenchHandler.MAX_FRAME_SIZE);
		// STOMP has no backpressure towards the producer: with tauri's 1 MB (and even with 16 MB) it terminates a
		// window under an emit or stream burst ("Buffer size ... exceeds the allowed limit"); it gets room for a
		// whole burst instead, so that it has figures at all (the clock still stops at the last arrival)
		registration.setSendBufferSizeLimit(256 * 1024 * 1024);
		registration.setSendTimeLimit(10_000);
	}

}
