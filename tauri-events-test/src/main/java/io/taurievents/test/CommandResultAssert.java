package io.taurievents.test;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link CommandResult}, from {@code assertThat(commands.invoke(...))}.
 */
public class CommandResultAssert extends AbstractAssert<CommandResultAssert, CommandResult> {

	CommandResultAssert(CommandResult result) {
		super(result, CommandResultAssert.class);
	}

	/**
	 * Checks that the invoke resolved.
	 * @return this
	 */
	public CommandResultAssert isResolved() {
		isNotNull();
		if (!this.actual.isResolved()) {
			failWithMessage("Expected command %s to resolve, but it rejected with %s", this.actual.command(),
					this.actual.value());
		}
		return this;
	}

	/**
	 * Checks that the invoke resolved with a value, compared as JSON (see
	 * {@link ReceivedEventAssert#withPayload(Object)}).
	 * @param expected the expected value
	 * @return this
	 */
	public CommandResultAssert resolvesTo(@Nullable Object expected) {
		isResolved();
		if (!JsonValues.same(JsonValues.tree(expected), this.actual.value())) {
			failWithMessage("Expected command %s to resolve to%n  %s%nbut it resolved to%n  %s", this.actual.command(),
					JsonValues.tree(expected), this.actual.value());
		}
		return this;
	}

	/**
	 * Checks that the invoke rejected.
	 * @return this
	 */
	public CommandResultAssert isRejected() {
		isNotNull();
		if (this.actual.isResolved()) {
			failWithMessage("Expected command %s to reject, but it resolved to %s", this.actual.command(),
					this.actual.value());
		}
		return this;
	}

	/**
	 * Checks that the invoke rejected with a value, compared as JSON: a string for the framework's own errors
	 * (Tauri's texts), an object for an {@code InvokeException}'s value.
	 * @param expected the expected rejection value
	 * @return this
	 */
	public CommandResultAssert rejectsWith(@Nullable Object expected) {
		isRejected();
		if (!JsonValues.same(JsonValues.tree(expected), this.actual.value())) {
			failWithMessage("Expected command %s to reject with%n  %s%nbut it rejected with%n  %s",
					this.actual.command(), JsonValues.tree(expected), this.actual.value());
		}
		return this;
	}

	/**
	 * Checks that the invoke rejected with a text containing the given one.
	 * @param text the expected part
	 * @return this
	 */
	public CommandResultAssert rejectsWithMessageContaining(String text) {
		isRejected();
		String message = this.actual.value().isString() ? this.actual.value().asString() : this.actual.value().toString();
		if (!message.contains(text)) {
			failWithMessage("Expected command %s to reject with a message containing%n  %s%nbut it rejected with%n  %s",
					this.actual.command(), text, message);
		}
		return this;
	}

}
