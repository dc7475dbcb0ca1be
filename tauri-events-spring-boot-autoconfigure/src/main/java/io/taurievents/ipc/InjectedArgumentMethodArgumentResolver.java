package io.taurievents.ipc;

import java.security.Principal;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.WebviewWindow;

import org.springframework.core.MethodParameter;
import org.springframework.core.Nullness;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Provides the parameters that are injected rather than read from the arguments: the caller's {@link AppHandle}
 * (its app instance), the calling {@link WebviewWindow}, the {@link Invocation} itself, and the window's
 * {@link Principal} (from the handshake).
 */
final class InjectedArgumentMethodArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
		return type == AppHandle.class || type == WebviewWindow.class || type == Invocation.class
				|| Principal.class.isAssignableFrom(type);
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
		Invocation invocation = Invocation.from(message);
		Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
		Object value;
		if (type == AppHandle.class) {
			// the caller's app instance: what the command emits stays with the calling page's user
			value = invocation.window().app();
		}
		else if (type == WebviewWindow.class) {
			value = invocation.window();
		}
		else if (type == Invocation.class) {
			value = invocation;
		}
		else {
			value = invocation.window().principal().filter(type::isInstance).orElse(null);
			if (value == null && parameter.getParameterType() != Optional.class && !parameter.isOptional()
					&& Nullness.forMethodParameter(parameter) != Nullness.NULLABLE) {
				throw new CommandArgumentException("command " + invocation.command()
						+ " requires an authenticated window: the connection of window '"
						+ invocation.window().label() + "' has no " + type.getSimpleName());
			}
		}
		return (parameter.getParameterType() == Optional.class) ? Optional.ofNullable(value) : value;
	}

}
