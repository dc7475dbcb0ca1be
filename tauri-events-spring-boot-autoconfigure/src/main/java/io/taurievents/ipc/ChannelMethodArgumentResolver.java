package io.taurievents.ipc;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.taurievents.TauriCommand;
import io.taurievents.TauriCommand.ArgumentCase;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.util.Assert;

/**
 * Resolves {@link Channel} parameters of {@link TauriCommand} methods from the invoke argument
 * {@code "__CHANNEL__:<id>"}, bound to the calling window. {@code Optional<Channel<T>>} and {@code @Nullable}
 * parameters resolve to empty or {@code null} when the page passed no channel. {@code T} is the parameter's
 * generic type and decides how JSON messages are serialized.
 * <p>
 * A bad channel argument rejects the invoke with Tauri's text (see {@link ChannelFactory#open}) and throws
 * {@link InvalidChannelException}, so the command never runs.
 */
public class ChannelMethodArgumentResolver implements CommandArgumentResolver {

	private final ChannelFactory channelFactory;

	/**
	 * Creates a resolver.
	 * @param channelFactory opens the channels
	 */
	public ChannelMethodArgumentResolver(ChannelFactory channelFactory) {
		Assert.notNull(channelFactory, "channelFactory must not be null");
		this.channelFactory = channelFactory;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.nestedIfOptional().getNestedParameterType() == Channel.class;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
		Invocation invocation = message.getHeaders().get(Invocation.HEADER, Invocation.class);
		Assert.state(invocation != null, "Message has no " + Invocation.HEADER + " header");
		String key = argumentKey(parameter);
		boolean wrapped = parameter.getParameterType() == Optional.class;
		if (parameter.isOptional() && !ChannelFactory.isPresent(invocation, key)) {
			return wrapped ? Optional.empty() : null;
		}
		ResolvableType channelType = ResolvableType.forMethodParameter(parameter);
		if (wrapped) {
			channelType = channelType.getGeneric(0);
		}
		Channel<?> channel = this.channelFactory.open(invocation, key, channelType.getGeneric(0));
		return wrapped ? Optional.of(channel) : channel;
	}

	/**
	 * The invoke argument key of a parameter: its name, in snake_case when the command says
	 * {@code renameAll = SNAKE_CASE}.
	 * @param parameter the method parameter
	 * @return the key
	 */
	static String argumentKey(MethodParameter parameter) {
		String name = parameter.getParameterName();
		if (name == null) {
			name = parameter.getParameter().getName();
		}
		TauriCommand command = parameter.getMethodAnnotation(TauriCommand.class);
		return (command != null && command.renameAll() == ArgumentCase.SNAKE_CASE) ? snakeCase(name) : name;
	}

	static String snakeCase(String name) {
		StringBuilder snake = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				boolean afterLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1)) && name.charAt(i - 1) != '_';
				boolean endsAcronym = i > 0 && Character.isUpperCase(name.charAt(i - 1)) && i + 1 < name.length()
						&& Character.isLowerCase(name.charAt(i + 1));
				if (afterLower || endsAcronym) {
					snake.append('_');
				}
				snake.append(Character.toLowerCase(c));
			}
			else {
				snake.append(c);
			}
		}
		return snake.toString();
	}

}
