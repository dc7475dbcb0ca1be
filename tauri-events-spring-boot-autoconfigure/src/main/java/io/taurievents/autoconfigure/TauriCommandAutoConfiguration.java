package io.taurievents.autoconfigure;

import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.ipc.CommandArgumentResolver;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.ipc.TauriCommandMessageHandler;
import io.taurievents.observation.ObservationScopeTaskDecorator;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.stats.TauriEventsStats.Limit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.handler.invocation.AbstractMethodMessageHandler;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.web.socket.WebSocketHandler;

import static org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * {@link io.taurievents.TauriCommand @TauriCommand} methods: the {@link CommandHandler} the WebSocket endpoint hands
 * application invokes to. Commands run on the application's task executor ({@code applicationTaskExecutor}, virtual
 * threads with {@code spring.threads.virtual.enabled=true}).
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebSocketHandler.class, JsonMapper.class, AbstractMethodMessageHandler.class })
@ConditionalOnBooleanProperty(name = "tauri.events.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TauriEventsProperties.class)
public final class TauriCommandAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(CommandHandler.class)
	TauriCommandMessageHandler tauriCommandHandler(ObjectProvider<JsonMapper> jsonMapper, AppHandle app,
			TauriEventsProperties properties,
			@Qualifier(APPLICATION_TASK_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> applicationTaskExecutor,
			ObjectProvider<CommandArgumentResolver> argumentResolvers, ObjectProvider<TauriEventsStats> stats,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		// without Boot's task execution auto-configuration, a thread per command, still bounded per window
		Executor executor = applicationTaskExecutor
			.getIfAvailable(() -> new SimpleAsyncTaskExecutor("tauri-command-"));
		TauriCommandMessageHandler handler = new TauriCommandMessageHandler(
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), app, executor);
		handler.setCustomArgumentResolvers(argumentResolvers.orderedStream().<HandlerMethodArgumentResolver>map((resolver) -> resolver).toList());
		TauriEventsProperties.Command command = properties.getCommand();
		handler.setMaxConcurrentPerWindow(command.getMaxConcurrentPerWindow());
		handler.setMaxQueuedPerWindow(command.getMaxQueuedPerWindow());
		// the command runs inside its invoke's observation, on whatever thread the executor picks
		observationRegistry.ifAvailable((registry) -> handler.setTaskDecorator(new ObservationScopeTaskDecorator(registry)));
		stats.ifAvailable((available) -> handler.setQueueFullListener(() -> available.rejected(Limit.QUEUED_INVOKES)));
		return handler;
	}

}
