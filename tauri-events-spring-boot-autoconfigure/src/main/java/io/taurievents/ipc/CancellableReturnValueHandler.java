package io.taurievents.ipc;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.AsyncHandlerMethodReturnValueHandler;

/**
 * Hands the future a command returned to the {@link CommandScheduler}, so that a timed-out invoke cancels it (for a
 * {@code Mono}, cancelling the future cancels the subscription); otherwise the delegate's behaviour.
 */
final class CancellableReturnValueHandler implements AsyncHandlerMethodReturnValueHandler {

	private final AsyncHandlerMethodReturnValueHandler delegate;

	CancellableReturnValueHandler(AsyncHandlerMethodReturnValueHandler delegate) {
		this.delegate = delegate;
	}

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return this.delegate.supportsReturnType(returnType);
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType, Message<?> message)
			throws Exception {
		this.delegate.handleReturnValue(returnValue, returnType, message);
	}

	@Override
	public boolean isAsyncReturnValue(Object returnValue, MethodParameter returnType) {
		return this.delegate.isAsyncReturnValue(returnValue, returnType);
	}

	@Override
	public @Nullable CompletableFuture<?> toCompletableFuture(Object returnValue, MethodParameter returnType) {
		CompletableFuture<?> future = this.delegate.toCompletableFuture(returnValue, returnType);
		if (future != null) {
			CommandScheduler.returned(future);
		}
		return future;
	}

}
