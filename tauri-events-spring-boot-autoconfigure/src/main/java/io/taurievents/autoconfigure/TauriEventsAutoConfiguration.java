package io.taurievents.autoconfigure;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.event.DefaultAppHandle;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.event.TauriEventListenerMethodProcessor;
import io.taurievents.ipc.ChannelFactory;
import io.taurievents.ipc.ChannelMethodArgumentResolver;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.limits.ConnectionLimits;
import io.taurievents.limits.LimitStats;
import io.taurievents.limits.WindowLimits;
import io.taurievents.transport.LabelHandshakeInterceptor;
import io.taurievents.transport.TauriWebSocketHandler;
import io.taurievents.transport.TransportSettings;
import io.taurievents.webview.WebviewWindowRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.log.LogMessage;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for tauri-events: the
 * {@link AppHandle}, the listener registry, the WebSocket endpoint at {@code tauri.events.path} and
 * {@code Channel} support.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "tauri.events.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TauriEventsProperties.class)
public final class TauriEventsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TauriEventsAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ListenerRegistry tauriListenerRegistry(ObjectProvider<JsonMapper> jsonMapper) {
		return new ListenerRegistry(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	WebviewWindowRegistry tauriWebviewWindowRegistry() {
		return new WebviewWindowRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	AppHandle tauriAppHandle(ListenerRegistry registry, WebviewWindowRegistry windows) {
		return new DefaultAppHandle(registry, windows);
	}

	@Bean
	@ConditionalOnMissingBean
	TauriEventListenerMethodProcessor tauriEventListenerMethodProcessor(ConfigurableListableBeanFactory beanFactory,
			ListenerRegistry registry, AppHandle app) {
		return new TauriEventListenerMethodProcessor(beanFactory, registry, app);
	}

	@Bean
	@ConditionalOnMissingBean
	TauriWebSocketHandler tauriWebSocketHandler(AppHandle app, ListenerRegistry registry,
			WebviewWindowRegistry windows, ApplicationEventPublisher eventPublisher, TauriEventsProperties properties,
			ObjectProvider<CommandHandler> commandHandler, WindowLimits windowLimits) {
		TauriWebSocketHandler handler = new TauriWebSocketHandler(app, registry, windows, eventPublisher,
				transportSettings(properties));
		commandHandler.ifAvailable(handler::setCommandHandler);
		handler.setWindowLimits(windowLimits);
		return handler;
	}

	@Bean
	@ConditionalOnMissingBean
	LimitStats tauriLimitStats() {
		return new LimitStats();
	}

	@Bean
	@ConditionalOnMissingBean
	WindowLimits tauriWindowLimits(TauriEventsProperties properties, LimitStats stats) {
		TauriEventsProperties.Limits limits = properties.getLimits();
		return new WindowLimits(limits.getMaxNameLength(), limits.getMaxListenerBytesPerWindow().toBytes(),
				limits.getEmitsPerSecond(), limits.getInvokesPerSecond(), stats);
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionLimits tauriConnectionLimits(TauriEventsProperties properties, LimitStats stats) {
		TauriEventsProperties.Limits limits = properties.getLimits();
		return new ConnectionLimits(limits.getMaxConnections(), limits.getMaxConnectionsPerPrincipal(),
				limits.getMaxConnectionsPerAddress(), stats);
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelFactory tauriChannelFactory(ListenerRegistry registry, TauriEventsProperties properties) {
		return new ChannelFactory(registry.jsonMapper(), properties.getChannel().getSendTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelMethodArgumentResolver tauriChannelMethodArgumentResolver(ChannelFactory channelFactory) {
		return new ChannelMethodArgumentResolver(channelFactory);
	}

	@Bean
	@ConditionalOnMissingBean(name = "tauriWebSocketHandlerMapping")
	HandlerMapping tauriWebSocketHandlerMapping(TauriWebSocketHandler handler, TauriEventsProperties properties,
			ConnectionLimits connectionLimits) {
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(
				connectionLimits.decorate(handler), new DefaultHandshakeHandler());
		OriginHandshakeInterceptor origins = new OriginHandshakeInterceptor(properties.getAllowedOrigins());
		requestHandler.getHandshakeInterceptors().add(origins);
		requestHandler.getHandshakeInterceptors().add(new LabelHandshakeInterceptor());
		// last, so a handshake refused for another reason takes no connection slot
		requestHandler.getHandshakeInterceptors().add(connectionLimits);
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setWebSocketUpgradeMatch(true);
		mapping.setUrlMap(Map.of(properties.getPath(), requestHandler));
		mapping.setOrder(-2);
		logger.info(LogMessage.format("tauri-events WebSocket endpoint at '%s'", properties.getPath()));
		return mapping;
	}

	private static TransportSettings transportSettings(TauriEventsProperties properties) {
		return new TransportSettings(Math.toIntExact(properties.getMaxFrameSize().toBytes()),
				properties.getSendBufferSize().toBytes(), properties.getSendTimeLimit().toMillis(),
				properties.getChannel().getWindow(),
				properties.getDuplicateLabel() == TauriEventsProperties.DuplicateLabel.REPLACE,
				properties.getEval().isEnabled(), properties.getMaxListenersPerWindow());
	}

}
