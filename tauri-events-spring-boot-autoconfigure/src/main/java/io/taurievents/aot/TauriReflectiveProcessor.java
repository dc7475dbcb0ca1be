package io.taurievents.aot;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.WebviewWindow;
import io.taurievents.ipc.Invocation;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Hints for a {@link io.taurievents.TauriCommand @TauriCommand} or
 * {@link io.taurievents.TauriEventListener @TauriEventListener} method, found on beans at build time by Spring's
 * {@code @Reflective} support: the method is invoked reflectively, and Jackson binds its arguments (JSON args,
 * event payloads, {@code Channel<T>} messages) and its result, including the type arguments of generic types such
 * as {@code CompletableFuture<T>}, {@code Mono<T>} and {@code List<T>}.
 */
public class TauriReflectiveProcessor implements ReflectiveProcessor {

	/** Parameter types the framework injects; nothing of them is bound from JSON. */
	private static final Set<Class<?>> INJECTED = Set.of(AppHandle.class, WebviewWindow.class, Event.class,
			Invocation.class, Message.class, MessageHeaders.class);

	private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

	@Override
	public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
		if (!(element instanceof Method method)) {
			return;
		}
		hints.registerMethod(method, ExecutableMode.INVOKE);
		for (int index = 0; index < method.getParameterCount(); index++) {
			MethodParameter parameter = MethodParameter.forExecutable(method, index);
			Class<?> type = parameter.getParameterType();
			if (!INJECTED.contains(type) && !Principal.class.isAssignableFrom(type) && type != byte[].class) {
				this.bindingRegistrar.registerReflectionHints(hints, parameter.getGenericParameterType());
			}
		}
		Class<?> returnType = method.getReturnType();
		if (returnType != void.class && returnType != byte[].class) {
			this.bindingRegistrar.registerReflectionHints(hints, method.getGenericReturnType());
		}
	}

}
