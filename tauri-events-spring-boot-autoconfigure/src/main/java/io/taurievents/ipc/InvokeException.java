package io.taurievents.ipc;

import org.jspecify.annotations.Nullable;

/**
 * Rejects the page's {@code invoke} promise with an error value of the application's choosing: the Java side of a
 * Tauri command returning {@code Err(e)}. The value is serialized with the application's {@code JsonMapper}, so it
 * can be a string, an enum or an object such as {@code {kind, message}}; unlike any other exception, it reaches the
 * page as is and is not logged as a failure.
 *
 * <pre>{@code
 * record FileError(String kind, String message) {
 * }
 *
 * @TauriCommand
 * String readFile(String path) {
 *     if (!Files.exists(Path.of(path))) {
 *         throw new InvokeException(new FileError("notFound", path + " does not exist"));
 *     }
 *     ...
 * }
 * // page: invoke('read_file', { path }).catch((e) => e.kind === 'notFound')
 * }</pre>
 */
public class InvokeException extends RuntimeException {

	private final transient @Nullable Object error;

	/**
	 * Creates an exception that rejects the invoke with the given value.
	 * @param error the rejection value; {@code null} rejects with {@code null}
	 */
	public InvokeException(@Nullable Object error) {
		super(String.valueOf(error), null, false, false);
		this.error = error;
	}

	/**
	 * Creates an exception that rejects the invoke with the given value and keeps its cause for the server's logs.
	 * @param error the rejection value
	 * @param cause the cause, never sent to the page
	 */
	public InvokeException(@Nullable Object error, @Nullable Throwable cause) {
		super(String.valueOf(error), cause, false, false);
		this.error = error;
	}

	/**
	 * The value the invoke rejects with.
	 * @return the error value
	 */
	public @Nullable Object getError() {
		return this.error;
	}

}
