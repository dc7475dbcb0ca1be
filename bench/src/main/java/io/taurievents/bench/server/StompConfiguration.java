package io.taurievents.bench.server;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The STOMP stack as a Spring user would set it up: simple broker, {@code /app} for {@code @MessageMapping}, with
 * the ordering options on (tauri-events keeps order, so STOMP must too) and the same inbound frame limit as the
 * other stacks.
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
		registration.setMessageSizeLimit(RawBenchHandler.MAX_FRAME_SIZE);
		// STOMP has no backpressure towards the producer: with tauri's 1 MB it terminates a window under an emit
		// burst ("Buffer size ... exceeds the allowed limit"), so it gets room to finish instead
		registration.setSendBufferSizeLimit(16 * 1024 * 1024);
		registration.setSendTimeLimit(10_000);
		registration.addDecoratorFactory((handler) -> new WebSocketHandlerDecorator(handler) {
			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				// the same inbound frame limit as the other stacks
				session.setTextMessageSizeLimit(RawBenchHandler.MAX_FRAME_SIZE);
				session.setBinaryMessageSizeLimit(RawBenchHandler.MAX_FRAME_SIZE);
				super.afterConnectionEstablished(session);
			}
		});
	}

}
