package io.taurievents.ipc;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.TauriCommand;
import io.taurievents.TauriCommand.ArgumentCase;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.Nullness;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Reads a parameter from the invoke's top-level JSON object under its key (the parameter name in camelCase, or in
 * snake_case with {@code @TauriCommand(renameAll = SNAKE_CASE)}) with the application's {@code JsonMapper}. It
 * resolves every parameter no other resolver claims, so it comes last. A {@code byte[]} parameter receives the raw
 * body when the page invoked with bytes.
 */
final class NamedArgumentMethodArgumentResolver implements HandlerMethodArgumentResolver {

	private static final ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

	private final JsonMapper jsonMapper;

	/** What every invoke of a parameter needs, worked out on its first invoke rather than on each. */
	private final Map<MethodParameter, Binding> bindings = new ConcurrentHashMap<>();

	NamedArgumentMethodArgumentResolver(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return true;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
		Invocation invocation = Invocation.from(message);
		String command = invocation.command();
		Binding binding = this.bindings.computeIfAbsent(parameter, this::binding);
		String key = binding.key();
		JsonNode args = invocation.args();
		if (args == null) {
			byte[] body = invocation.body();
			if (parameter.getParameterType() == byte[].class && body != null) {
				return body;
			}
			throw CommandArgumentException.bytesPayload(key, command);
		}
		JsonNode value = args.get(key);
		if (value == null || value.isNull()) {
			if (binding.optional()) {
				return Optional.empty();
			}
			if (binding.nullable()) {
				return null;
			}
			throw CommandArgumentException.missing(key, command);
		}
		Object argument;
		try {
			argument = binding.reader().readValue(value);
		}
		catch (JacksonException ex) {
			throw CommandArgumentException.invalid(key, command, ex.getOriginalMessage());
		}
		return binding.optional() ? Optional.ofNullable(argument) : argument;
	}

	private Binding binding(MethodParameter parameter) {
		String key = key(parameter);
		if (key == null) {
			throw new IllegalStateException("No name for parameter " + parameter.getParameterIndex() + " of "
					+ parameter.getExecutable() + "; compile with -parameters");
		}
		MethodParameter target = parameter.nestedIfOptional();
		JavaType type = this.jsonMapper.constructType(target.getNestedGenericParameterType());
		return new Binding(key, this.jsonMapper.readerFor(type), parameter.getParameterType() == Optional.class,
				!parameter.getParameterType().isPrimitive() && isNullable(parameter));
	}

	/**
	 * How a parameter is bound.
	 * @param key its argument key
	 * @param reader reads its value
	 * @param optional whether it is an {@code Optional}
	 * @param nullable whether a missing value binds {@code null}
	 */
	private record Binding(String key, ObjectReader reader, boolean optional, boolean nullable) {
	}

	private static boolean isNullable(MethodParameter parameter) {
		return parameter.isOptional() || Nullness.forMethodParameter(parameter) == Nullness.NULLABLE;
	}

	/**
	 * The argument key of a parameter.
	 * @param parameter a command parameter
	 * @return the key, or {@code null} when the parameter name is not available (compiled without
	 * {@code -parameters})
	 */
	static @Nullable String key(MethodParameter parameter) {
		parameter.initParameterNameDiscovery(parameterNameDiscoverer);
		String name = parameter.getParameterName();
		if (name == null) {
			return null;
		}
		TauriCommand command = AnnotatedElementUtils.findMergedAnnotation(parameter.getExecutable(),
				TauriCommand.class);
		boolean snakeCase = command != null && command.renameAll() == ArgumentCase.SNAKE_CASE;
		return snakeCase ? CommandNames.snakeCase(name) : CommandNames.camelCase(name);
	}

}
