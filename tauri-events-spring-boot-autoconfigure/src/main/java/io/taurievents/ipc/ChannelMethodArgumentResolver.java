package io.taurievents.ipc;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.util.Assert;

/**
 * Resolves {@link Channel} parameters of {@link io.taurievents.TauriCommand} methods from the invoke argument
 * {@code "__CHANNEL__:<id>"}, bound to the calling window. {@code Optional<Channel<T>>} and {@code @Nullable}
 * parameters resolve to empty or {@code null} when the page passed no channel. {@code T} is the parameter's
 * generic type and decides how JSON messages are serialized. The argument key is the one every command argument
 * uses: the parameter name, or its snake_case form with {@code @TauriCommand(renameAll = SNAKE_CASE)}.
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
		Invocation invocation = Invocation.from(message);
		String key = NamedArgumentMethodArgumentResolver.key(parameter);
		Assert.state(key != null, () -> "No name for parameter " + parameter.getParameterIndex() + " of "
				+ parameter.getExecutable() + "; compile with -parameters");
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

}
