package io.taurievents.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.ipc.CommandArgumentResolver;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.ipc.CommandScheduler;
import io.taurievents.ipc.TauriCommandMessageHandler;
import io.taurievents.limits.LimitStats;
import io.taurievents.observation.ObservationScopeTaskDecorator;
import io.taurievents.transport.ClientKeys;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.messaging.handler.invocation.AbstractMethodMessageHandler;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.web.socket.WebSocketHandler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link io.taurievents.TauriCommand @TauriCommand} methods: the {@link CommandHandler} the WebSocket endpoint hands
 * application invokes to, and the {@link CommandScheduler} that runs them. Commands run on threads of their own
 * ({@code tauri.events.command.max-threads}, virtual threads with {@code spring.threads.virtual.enabled=true}), never
 * on the application's task executor, so no window can starve the application's {@code @Async} work.
 */
@AutoConfiguration(after = TauriEventsAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, JsonMapper.class, AbstractMethodMessageHandler.class })
@ConditionalOnBooleanProperty(name = "tauri.events.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TauriEventsProperties.class)
public final class TauriCommandAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CommandScheduler tauriCommandScheduler(TauriEventsProperties properties, ObjectProvider<LimitStats> stats,
			Environment environment) {
		TauriEventsProperties.Command command = properties.getCommand();
		CommandScheduler.Settings settings = new CommandScheduler.Settings(command.getMaxThreads(),
				command.getMaxConcurrentPerWindow(), command.getMaxQueuedPerWindow(),
				command.getMaxConcurrentPerClient(), command.getTimeout());
		return CommandScheduler.dedicated(settings, Threading.VIRTUAL.isActive(environment), ClientKeys::of,
				stats.getIfAvailable(LimitStats::new));
	}

	@Bean
	@ConditionalOnMissingBean(CommandHandler.class)
	TauriCommandMessageHandler tauriCommandHandler(ObjectProvider<JsonMapper> jsonMapper, CommandScheduler scheduler, ObjectProvider<CommandArgumentResolver> argumentResolvers,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		TauriCommandMessageHandler handler = new TauriCommandMessageHandler(
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), scheduler);
		handler.setCustomArgumentResolvers(argumentResolvers.orderedStream().<HandlerMethodArgumentResolver>map((resolver) -> resolver).toList());
		// the command runs inside its invoke's observation, on whatever thread the scheduler picks
		observationRegistry.ifAvailable((registry) -> handler.setTaskDecorator(new ObservationScopeTaskDecorator(registry)));
		return handler;
	}

}
