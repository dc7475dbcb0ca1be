package io.taurievents.ipc;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodReturnValueHandler;

/**
 * Resolves the invoke with a command's result: JSON through the application's {@code JsonMapper}, or an
 * {@code ArrayBuffer} for {@code byte[]} and {@link ByteBuffer}. It accepts every return type, so it comes last.
 * <p>
 * JSON is written for the method's declared return type, as Spring MVC does: a {@code Page<Shape>} writes the type
 * ids of its sealed {@code Shape} items, which the runtime class {@code Page} alone (its {@code T} erased) would not.
 */
final class InvocationReturnValueHandler implements HandlerMethodReturnValueHandler {

	private final JsonMapper jsonMapper;

	InvocationReturnValueHandler(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

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
		JavaType declared = this.jsonMapper.constructType(returnType.getGenericParameterType());
		if (returnValue == null || returnValue instanceof byte[] || declared.getRawClass() == Object.class
				|| !declared.getRawClass().isInstance(returnValue)) {
			invocation.resolve(returnValue);
			return;
		}
		String json;
		try {
			json = this.jsonMapper.writerFor(declared).writeValueAsString(returnValue);
		}
		catch (RuntimeException ex) {
			invocation.reject("failed to serialize the result of command " + invocation.command() + ": "
					+ ex.getMessage());
			return;
		}
		invocation.resolveJson(json);
	}

}
