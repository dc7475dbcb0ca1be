package io.taurievents;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an event and the type of its payload, for the TypeScript bindings that {@code tauri-events-bindings}
 * generates ({@code events.downloadProgress.listen(...)} on the page). It changes nothing at run time: any name can
 * still be emitted with any payload.
 * <p>
 * On a type, the type is the payload of the named events:
 *
 * <pre>{@code
 * @TauriEvent("download-progress")
 * record ProgressEvent(long current, long total) {
 * }
 * }</pre>
 *
 * On a {@code static final String} constant holding the event name, {@link #payload()} gives the payload type; an
 * array class stands for a list ({@code String[].class} is a JSON array of strings), {@code Void.class} for no
 * payload:
 *
 * <pre>{@code
 * @TauriEvent(payload = String[].class)
 * static final String LOG_BATCH = "log-batch";
 *
 * app.emit(LOG_BATCH, lines);
 * }</pre>
 */
@Target({ ElementType.TYPE, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TauriEvent {

	/**
	 * The event names. On a type they are required; on a constant they default to the constant's value.
	 * @return the event names
	 */
	String[] value() default {};

	/**
	 * The payload type of the event a constant names; ignored on a type, whose payload is the type itself.
	 * @return the payload type
	 */
	Class<?> payload() default Void.class;

}
