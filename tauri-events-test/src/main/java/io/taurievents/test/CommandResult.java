package io.taurievents.test;

import org.assertj.core.api.AssertProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How an invoke from {@link TauriCommandTester} settled: resolved with a value or rejected with an error, both as
 * the JSON a page would receive, and what the command emitted meanwhile. {@code assertThat(result)} gives
 * {@link CommandResultAssert}.
 */
public final class CommandResult implements AssertProvider<CommandResultAssert> {

	private final String command;

	private final boolean resolved;

	private final JsonNode value;

	private final RecordingAppHandle app;

	CommandResult(String command, boolean resolved, JsonNode value, RecordingAppHandle app) {
		this.command = command;
		this.resolved = resolved;
		this.value = value;
		this.app = app;
	}

	/**
	 * The command name.
	 * @return the name
	 */
	public String command() {
		return this.command;
	}

	/**
	 * Whether the invoke resolved (the page's promise fulfils).
	 * @return whether it resolved
	 */
	public boolean isResolved() {
		return this.resolved;
	}

	/**
	 * The resolved value or the rejection value, as JSON.
	 * @return the value
	 */
	public JsonNode value() {
		return this.value;
	}

	/**
	 * The resolved value read into a type.
	 * @param <T> the type
	 * @param type the type
	 * @return the value
	 * @throws AssertionError if the invoke rejected
	 */
	public <T> @Nullable T value(Class<T> type) {
		if (!this.resolved) {
			throw new AssertionError("Command " + this.command + " rejected with " + this.value);
		}
		return JsonValues.read(this.value, type);
	}

	/**
	 * What the command emitted through its {@code AppHandle} or {@code WebviewWindow} parameter.
	 * @return the recorder; {@code assertThat(result.app()).emitted(...)}
	 */
	public RecordingAppHandle app() {
		return this.app;
	}

	@Override
	public CommandResultAssert assertThat() {
		return new CommandResultAssert(this);
	}

	@Override
	public String toString() {
		return this.command + (this.resolved ? " resolved with " : " rejected with ") + this.value;
	}

}
