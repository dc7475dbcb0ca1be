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
 * Marks a method of a Spring bean as a command pages call with {@code invoke(name, args)}: Tauri's
 * {@code #[tauri::command]}.
 * <p>
 * The command name defaults to the method name in snake_case ({@code sendToSpecificWindow} is
 * {@code send_to_specific_window}), which is what Tauri frontend code calls. Arguments are read from the
 * invoke's JSON object by parameter name (camelCase, as in Tauri), except for injected types:
 * {@link AppHandle}, {@link WebviewWindow} (the caller), {@code io.taurievents.ipc.Channel},
 * {@link java.security.Principal}, the invoke headers ({@code @Header("name")}), the whole
 * {@code io.taurievents.ipc.Invocation} and the raw body as {@code byte[]}. A thrown
 * {@code io.taurievents.ipc.InvokeException} rejects the page's promise with its value; {@code docs/commands.md}
 * has every rule.
 *
 * <pre>{@code
 * @TauriCommand
 * String greet(String name) {               // invoke('greet', { name: 'Ada' })
 *     return "Hello, " + name + "!";
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(TauriReflectiveProcessor.class)
public @interface TauriCommand {

	/**
	 * Alias for {@link #name()}.
	 * @return the command name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The command name; defaults to the method name in snake_case.
	 * @return the command name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * How argument keys are derived from parameter names, like Tauri's {@code rename_all}.
	 * @return the argument naming
	 */
	ArgumentCase renameAll() default ArgumentCase.CAMEL_CASE;

	/**
	 * Naming of the top-level argument keys.
	 */
	enum ArgumentCase {

		/**
		 * Keys are the parameter names in lowerCamelCase (Tauri's default).
		 */
		CAMEL_CASE,

		/**
		 * Keys are the parameter names in snake_case ({@code rename_all = "snake_case"}).
		 */
		SNAKE_CASE

	}

}
