package io.taurievents.ipc;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.TauriCommand;

import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolverComposite;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A stand-in for the {@code @TauriCommand} dispatcher, built the same way: Spring Messaging's
 * {@link InvocableHandlerMethod}, the {@link CommandArgumentResolver} beans first, then plain arguments read by
 * parameter name, and the {@link Invocation} in the message header.
 */
final class MethodCommandHandler implements CommandHandler, AutoCloseable {

	private final Object bean;

	private final Map<Method, String> methods;

	private final HandlerMethodArgumentResolverComposite resolvers = new HandlerMethodArgumentResolverComposite();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	MethodCommandHandler(Object bean, Iterable<? extends CommandArgumentResolver> commandResolvers,
			JsonMapper jsonMapper) {
		this.bean = bean;
		this.methods = MethodIntrospector.selectMethods(bean.getClass(),
				(MethodIntrospector.MetadataLookup<String>) (method) -> AnnotatedElementUtils.hasAnnotation(method,
						TauriCommand.class) ? ChannelMethodArgumentResolver.snakeCase(method.getName()) : null);
		commandResolvers.forEach(this.resolvers::addResolver);
		this.resolvers.addResolver(new NamedArgumentResolver(jsonMapper));
	}

	@Override
	public void handle(Invocation invocation) {
		Method method = this.methods.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(invocation.command()))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
		if (method == null) {
			invocation.reject(CommandHandler.notFound(invocation.command()));
			return;
		}
		InvocableHandlerMethod handlerMethod = new InvocableHandlerMethod(this.bean, method);
		handlerMethod.setMessageMethodArgumentResolvers(this.resolvers);
		Message<Object> message = MessageBuilder.<Object>withPayload(invocation.command())
			.setHeader(Invocation.HEADER, invocation)
			.build();
		this.executor.execute(() -> {
			try {
				invocation.resolve(handlerMethod.invoke(message));
			}
			catch (Exception ex) {
				invocation.reject(String.valueOf(ex.getMessage()));
			}
		});
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private record NamedArgumentResolver(JsonMapper jsonMapper) implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return true;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
			Invocation invocation = (Invocation) message.getHeaders().get(Invocation.HEADER);
			JsonNode value = invocation.args().get(ChannelMethodArgumentResolver.argumentKey(parameter));
			return this.jsonMapper.treeToValue(value, parameter.getParameterType());
		}

	}

}
