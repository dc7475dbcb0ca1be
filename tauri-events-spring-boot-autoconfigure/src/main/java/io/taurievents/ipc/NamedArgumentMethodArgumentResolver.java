package io.taurievents.ipc;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
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
		String key = key(parameter);
		if (key == null) {
			throw new IllegalStateException("No name for parameter " + parameter.getParameterIndex() + " of "
					+ parameter.getExecutable() + "; compile with -parameters");
		}
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
			if (parameter.getParameterType() == Optional.class) {
				return Optional.empty();
			}
			if (!parameter.getParameterType().isPrimitive() && isNullable(parameter)) {
				return null;
			}
			throw CommandArgumentException.missing(key, command);
		}
		MethodParameter target = parameter.nestedIfOptional();
		JavaType type = this.jsonMapper.constructType(target.getNestedGenericParameterType());
		Object argument;
		try {
			argument = this.jsonMapper.readerFor(type).readValue(value);
		}
		catch (JacksonException ex) {
			throw CommandArgumentException.invalid(key, command, ex.getOriginalMessage());
		}
		return (parameter.getParameterType() == Optional.class) ? Optional.ofNullable(argument) : argument;
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
