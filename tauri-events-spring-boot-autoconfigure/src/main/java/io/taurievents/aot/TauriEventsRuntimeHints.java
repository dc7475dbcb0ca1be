package io.taurievents.aot;

import org.jspecify.annotations.Nullable;

import io.taurievents.EventTarget;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Hints for what the starter itself binds with Jackson: the {@link EventTarget} variants read from
 * {@code emit_to}/{@code listen} args and written into event frames.
 */
public class TauriEventsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		binding.registerReflectionHints(hints.reflection(), EventTarget.class);
		for (Class<?> variant : EventTarget.class.getPermittedSubclasses()) {
			binding.registerReflectionHints(hints.reflection(), variant);
		}
	}

}
