package io.taurievents.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.acl.AccessControl;
import io.taurievents.acl.Capabilities;
import io.taurievents.acl.Capability;
import io.taurievents.acl.CapabilityFiles;
import io.taurievents.acl.SpringSecurityAuthorizers;
import io.taurievents.acl.TauriCommandAccess;
import io.taurievents.acl.TauriEventAccess;
import io.taurievents.aot.TauriEventsRuntimeHints;
import io.taurievents.event.AppInstances;
import io.taurievents.event.DefaultAppHandle;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.event.TauriEventListenerMethodProcessor;
import io.taurievents.ipc.ChannelFactory;
import io.taurievents.ipc.ChannelMethodArgumentResolver;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.ipc.TauriCommandMessageHandler;
import io.taurievents.limits.ConnectionLimits;
import io.taurievents.limits.LimitStats;
import io.taurievents.limits.WindowLimits;
import io.taurievents.observation.EmissionObservations;
import io.taurievents.observation.InvokeObservationConvention;
import io.taurievents.observation.ObservingCommandHandler;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.transport.TauriGracefulShutdown;
import io.taurievents.transport.TauriHandshake;
import io.taurievents.transport.TauriHandshakeCustomizer;
import io.taurievents.transport.TauriWebSocketHandler;
import io.taurievents.transport.ResumeSettings;
import io.taurievents.transport.TransportSettings;
import io.taurievents.transport.WindowAuthenticationMonitor;
import io.taurievents.transport.WindowStatsReader;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.log.LogMessage;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
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
@ImportRuntimeHints(TauriEventsRuntimeHints.class)
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
		// a detached session keeps its instance: the grace period starts when the session ends, not the socket
		return new AppInstances(registry, instances.getMode(), instances.getGracePeriod(), eventPublisher);
	}

	@Bean
	@ConditionalOnMissingBean
	TauriEventsStats tauriEventsStats(AppInstances instances, ListenerRegistry registry,
			TauriEventsProperties properties, ObjectProvider<ObservationRegistry> observationRegistry) {
		TauriEventsStats stats = new TauriEventsStats(instances, new WindowStatsReader());
		// emissions are always counted; observed only on demand, as emitting is the hot path
		registry.setEmissionObserver(new EmissionObservations(stats,
				properties.getObservations().isEmit() ? observationRegistry.getIfAvailable() : null));
		return stats;
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
	TauriGracefulShutdown tauriGracefulShutdown(AppInstances instances, TauriEventsStats stats,
			ApplicationContext context, Environment environment) {
		// the same budget Boot gives every lifecycle phase, the web server's graceful shutdown included
		Binder binder = Binder.get(environment);
		Duration timeout = binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		// Boot's default is graceful; immediate means running invokes are not awaited either
		boolean graceful = !"immediate".equalsIgnoreCase(binder.bind("server.shutdown", String.class).orElse("graceful"));
		return new TauriGracefulShutdown(instances, stats, context, timeout, graceful);
	}

	@Bean
	@ConditionalOnMissingBean
	TauriWebSocketHandler tauriWebSocketHandler(ListenerRegistry registry, AppInstances instances,
			ApplicationEventPublisher eventPublisher, TauriEventsProperties properties,
			ObjectProvider<CommandHandler> commandHandler, AccessControl accessControl, WindowLimits windowLimits,
			TauriEventsStats stats, TauriGracefulShutdown shutdown,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<InvokeObservationConvention> invokeObservationConvention) {
		TauriEventsProperties.Resume resume = properties.getResume();
		Assert.isTrue(resume.getWindow().compareTo(Duration.ofMinutes(5)) <= 0,
				"tauri.events.resume.window must be at most 5 minutes");
		TauriWebSocketHandler handler = new TauriWebSocketHandler(registry, instances, eventPublisher,
				transportSettings(properties), new ResumeSettings(resume.isEnabled(), resume.getWindow().toMillis(),
						resume.getHeartbeatInterval().toMillis(), resume.getBufferSize().toBytes(),
						resume.getMaxTotal().toBytes()));
		handler.setStats(stats);
		CommandHandler commands = commandHandler.getIfAvailable(CommandHandler::none);
		ObservationRegistry observations = observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP);
		if (!observations.isNoop()) {
			// command names are bounded by the application's @TauriCommand methods; any other name is UNKNOWN
			CommandHandler known = commands;
			commands = new ObservingCommandHandler(commands, observations,
					(name) -> known instanceof TauriCommandMessageHandler messageHandler
							&& messageHandler.getCommandNames().contains(name),
					invokeObservationConvention.getIfAvailable());
		}
		handler.setCommandHandler(shutdown.guard(commands));
		handler.setAccessControl(accessControl);
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
	AccessControl tauriAccessControl(TauriEventsProperties properties, ListenerRegistry registry,
			ResourcePatternResolver resources, ObjectProvider<AccessRules> rules) throws IOException {
		List<Capability> capabilities = new ArrayList<>();
		for (String location : properties.getCapabilities().getLocations()) {
			capabilities.addAll(CapabilityFiles.read(resources.getResources(location), registry.jsonMapper()));
		}
		properties.getCapabilities().getDefinitions().forEach((identifier, definition) -> capabilities
			.add(capability(identifier, definition)));
		Capabilities capabilitySet = new Capabilities(capabilities,
				properties.getCapabilities().isDenyByDefault());
		AccessRules accessRules = rules.getIfAvailable(() -> new AccessRules(null, null));
		if (capabilities.isEmpty()) {
			logger.debug("tauri-events: no capabilities, " + (capabilitySet.restricts()
					? "every window is denied (tauri.events.capabilities.deny-by-default)"
					: "every window may invoke every command and listen to and emit every event"));
		}
		else {
			logger.info(LogMessage.format("tauri-events capabilities: %s",
					capabilities.stream().map(Capability::identifier).toList()));
		}
		if (!capabilitySet.restricts() && accessRules.commands() == null && accessRules.events() == null
				&& ClassUtils.isPresent("org.springframework.security.web.SecurityFilterChain", null)) {
			logger.warn("tauri-events: Spring Security is present, but nothing restricts which window may invoke "
					+ "which command or listen to and emit which event: add capabilities "
					+ "(classpath:tauri/capabilities/*.json or tauri.events.capabilities.definitions), "
					+ "an AuthorizationManager<TauriCommandAccess> / <TauriEventAccess> bean, "
					+ "or set tauri.events.capabilities.deny-by-default=true");
		}
		return new AccessControl(capabilitySet, accessRules.commands(), accessRules.events());
	}

	private static Capability capability(String identifier, TauriEventsProperties.Capabilities.Definition definition) {
		List<Capability.Permission> permissions = new ArrayList<>();
		definition.getPermissions().forEach((permission) -> permissions.add(Capability.Permission.of(permission)));
		definition.getAllowedEvents().forEach((action, events) -> permissions
			.add(new Capability.Permission("core:event:allow-" + action, events, List.of())));
		definition.getDeniedEvents().forEach((action, events) -> permissions
			.add(new Capability.Permission("core:event:deny-" + action, events, List.of())));
		return new Capability(identifier, definition.getDescription(), definition.getWindows(), permissions);
	}

	@Bean
	@ConditionalOnMissingBean
	WindowAuthenticationMonitor tauriWindowAuthenticationMonitor() {
		return new WindowAuthenticationMonitor();
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
			ObjectProvider<TauriHandshakeCustomizer> customizers, ConnectionLimits connectionLimits,
			TauriGracefulShutdown shutdown) {
		TauriHandshake handshake = new TauriHandshake(properties.getAllowedOrigins(), properties.getAllowedHosts());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(handshake));
		HandshakeHandler handshakeHandler = handshake.handshakeHandler();
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(connectionLimits.decorate(handler),
				(handshakeHandler != null) ? handshakeHandler : new DefaultHandshakeHandler());
		List<HandshakeInterceptor> chain = handshake.chain();
		// a server that is shutting down refuses new windows before anything else looks at them
		chain.add(0, shutdown);
		// last, so a handshake refused for another reason takes no connection slot
		chain.add(connectionLimits);
		requestHandler.setHandshakeInterceptors(chain);
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setWebSocketUpgradeMatch(true);
		mapping.setUrlMap(Map.of(properties.getPath(), requestHandler));
		mapping.setOrder(-2);
		logger.info(LogMessage.format("tauri-events WebSocket endpoint at '%s'", properties.getPath()));
		return mapping;
	}

	/**
	 * The application's Spring Security rules for the {@link AccessControl}.
	 * @param commands the rule for commands, or {@code null}
	 * @param events the rule for events, or {@code null}
	 */
	record AccessRules(@Nullable Function<TauriCommandAccess, @Nullable String> commands,
			@Nullable Function<TauriEventAccess, @Nullable String> events) {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.authorization.AuthorizationManager")
	static class SpringSecurityAccessRulesConfiguration {

		@Bean
		AccessRules tauriSpringSecurityAccessRules(ObjectProvider<AuthorizationManager<TauriCommandAccess>> commands,
				ObjectProvider<AuthorizationManager<TauriEventAccess>> events) {
			AuthorizationManager<TauriCommandAccess> commandManager = commands.getIfUnique();
			AuthorizationManager<TauriEventAccess> eventManager = events.getIfUnique();
			return new AccessRules(
					(commandManager != null) ? SpringSecurityAuthorizers.commands(commandManager) : null,
					(eventManager != null) ? SpringSecurityAuthorizers.events(eventManager) : null);
		}

	}

	private static TransportSettings transportSettings(TauriEventsProperties properties) {
		return new TransportSettings(Math.toIntExact(properties.getMaxFrameSize().toBytes()),
				properties.getSendBufferSize().toBytes(), properties.getSendTimeLimit().toMillis(),
				properties.getChannel().getWindow(),
				properties.getDuplicateLabel() == TauriEventsProperties.DuplicateLabel.REPLACE,
				properties.getEval().isEnabled(), properties.getMaxListenersPerWindow(),
				Math.toIntExact(properties.getBatchSize().toBytes()), properties.isBinaryText());
	}

}
