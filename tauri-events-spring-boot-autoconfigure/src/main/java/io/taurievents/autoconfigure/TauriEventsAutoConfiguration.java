package io.taurievents.autoconfigure;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.event.AppInstances;
import io.taurievents.event.DefaultAppHandle;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.event.TauriEventListenerMethodProcessor;
import io.taurievents.ipc.ChannelFactory;
import io.taurievents.ipc.ChannelMethodArgumentResolver;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.transport.LabelHandshakeInterceptor;
import io.taurievents.transport.TauriWebSocketHandler;
import io.taurievents.transport.TransportSettings;

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
	AppInstances tauriAppInstances(ListenerRegistry registry, TauriEventsProperties properties,
			ApplicationEventPublisher eventPublisher) {
		TauriEventsProperties.Instances instances = properties.getInstances();
		return new AppInstances(registry, instances.getMode(), instances.getGracePeriod(), eventPublisher);
	}

	@Bean
	@ConditionalOnMissingBean
	AppHandle tauriAppHandle(ListenerRegistry registry, AppInstances instances) {
		return new DefaultAppHandle(registry, instances);
	}

	@Bean
	@ConditionalOnMissingBean
	TauriEventListenerMethodProcessor tauriEventListenerMethodProcessor(ConfigurableListableBeanFactory beanFactory,
			ListenerRegistry registry, AppHandle app) {
		return new TauriEventListenerMethodProcessor(beanFactory, registry, app);
	}

	@Bean
	@ConditionalOnMissingBean
	TauriWebSocketHandler tauriWebSocketHandler(ListenerRegistry registry, AppInstances instances,
			ApplicationEventPublisher eventPublisher, TauriEventsProperties properties,
			ObjectProvider<CommandHandler> commandHandler) {
		TauriWebSocketHandler handler = new TauriWebSocketHandler(registry, instances, eventPublisher,
				transportSettings(properties));
		commandHandler.ifAvailable(handler::setCommandHandler);
		return handler;
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
	HandlerMapping tauriWebSocketHandlerMapping(TauriWebSocketHandler handler, TauriEventsProperties properties) {
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
				new DefaultHandshakeHandler());
		OriginHandshakeInterceptor origins = new OriginHandshakeInterceptor(properties.getAllowedOrigins());
		requestHandler.getHandshakeInterceptors().add(origins);
		requestHandler.getHandshakeInterceptors().add(new LabelHandshakeInterceptor());
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
