package io.taurievents;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.taurievents.aot.TauriReflectiveProcessor;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a Spring bean as a server listener of a Tauri event, registered at startup.
 * <p>
 * The method may take, in any order: the payload (any other parameter type, read from the JSON payload with
 * the application's {@code JsonMapper}), the {@link Event}, and the {@link WebviewWindow} whose page emitted
 * the event (or {@code null} when the server emitted it). By default the listener has the target {@code App}
 * like {@code app.listen}; {@link #window()} listens on a window label, {@link #any()} hears every emission.
 *
 * <pre>{@code
 * @TauriEventListener("user-action")
 * void onUserAction(UserAction action, WebviewWindow from) { ... }
 *
 * @TauriEventListener(value = "logged-in", window = "main")
 * void onLoggedIn(String token) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(TauriReflectiveProcessor.class)
public @interface TauriEventListener {

	/**
	 * Alias for {@link #event()}.
	 * @return the event name
	 */
	@AliasFor("event")
	String value() default "";

	/**
	 * The event name.
	 * @return the event name
	 */
	@AliasFor("value")
	String event() default "";

	/**
	 * Label of the window to listen on, with the target {@code WebviewWindow{label}}, like
	 * {@code app.get_webview_window("main").listen(...)}. Empty (the default) means the target {@code App}.
	 * @return the window label
	 */
	String window() default "";

	/**
	 * Whether to hear every emission of the event whatever its target (target {@code Any}, like
	 * {@code listen_any}). Cannot be combined with {@link #window()}.
	 * @return whether the target is {@code Any}
	 */
	boolean any() default false;

	/**
	 * Whether the method is called at most once and then unregistered.
	 * @return whether to listen once
	 */
	boolean once() default false;

}
