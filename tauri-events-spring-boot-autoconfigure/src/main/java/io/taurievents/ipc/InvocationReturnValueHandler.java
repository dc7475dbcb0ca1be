package io.taurievents.ipc;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodReturnValueHandler;

/**
 * Resolves the invoke with a command's result: JSON through the application's {@code JsonMapper}, or an
 * {@code ArrayBuffer} for {@code byte[]} and {@link ByteBuffer}. It accepts every return type, so it comes last.
 */
final class InvocationReturnValueHandler implements HandlerMethodReturnValueHandler {

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return true;
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType, Message<?> message) {
		Invocation invocation = Invocation.from(message);
		if (returnValue instanceof ByteBuffer buffer) {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.duplicate().get(bytes);
			invocation.resolveBytes(bytes);
			return;
		}
		invocation.resolve(returnValue);
	}

}
