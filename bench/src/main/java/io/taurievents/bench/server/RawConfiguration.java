package io.taurievents.bench.server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The raw stack: one hand-written handler at {@code /raw}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("raw")
@EnableWebSocket
class RawConfiguration implements WebSocketConfigurer {

	private final RawBenchHandler handler = new RawBenchHandler();

	@Bean
	RawBenchHandler rawBenchHandler() {
		return this.handler;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this.handler, "/raw").setAllowedOriginPatterns("*");
	}

}
