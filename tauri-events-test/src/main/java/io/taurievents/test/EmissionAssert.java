package io.taurievents.test;

import org.assertj.core.api.AbstractObjectAssert;
import org.jspecify.annotations.Nullable;

import io.taurievents.EventTarget;

/**
 * Assertions on one recorded emission, from {@code assertThat(app).emitted(name)}.
 */
public class EmissionAssert extends AbstractObjectAssert<EmissionAssert, RecordingAppHandle.Emission> {

	EmissionAssert(RecordingAppHandle.@Nullable Emission emission) {
		super(emission, EmissionAssert.class);
	}

	/**
	 * Checks the payload, compared as JSON (see {@link ReceivedEventAssert#withPayload(Object)}).
	 * @param expected the expected payload
	 * @return this
	 */
	public EmissionAssert withPayload(@Nullable Object expected) {
		isNotNull();
		if (!JsonValues.same(JsonValues.tree(expected), this.actual.payload())) {
			failWithMessage("Expected '%s' to be emitted with payload%n  %s%nbut it was emitted with%n  %s",
					this.actual.event(), JsonValues.tree(expected), this.actual.payload());
		}
		return this;
	}

	/**
	 * Checks the target of an {@code emit} ({@code EventTarget.any()}) or {@code emitTo}.
	 * @param target the expected target, for instance {@code EventTarget.labeled("login")}
	 * @return this
	 */
	public EmissionAssert to(EventTarget target) {
		isNotNull();
		if (!target.equals(this.actual.target())) {
			failWithMessage("Expected '%s' to be emitted to %s, but it was emitted to %s", this.actual.event(), target,
					(this.actual.target() != null) ? this.actual.target() : "a filter");
		}
		return this;
	}

	/**
	 * Checks which app instance emitted: a handle {@link RecordingAppHandle#startInstance} returned.
	 * @param id the instance's id
	 * @return this
	 */
	public EmissionAssert inInstance(String id) {
		isNotNull();
		if (!id.equals(this.actual.instance())) {
			failWithMessage("Expected '%s' to be emitted by instance %s, but it was emitted by %s", this.actual.event(),
					id, (this.actual.instance() != null) ? "instance " + this.actual.instance() : "the server-wide handle");
		}
		return this;
	}

	/**
	 * Checks that the emission reaches listeners of a target (its target, or its {@code emitFilter} predicate).
	 * @param target the target
	 * @return this
	 */
	public EmissionAssert reaching(EventTarget target) {
		isNotNull();
		if (!this.actual.reaches(target)) {
			failWithMessage("Expected '%s' to reach %s, but it does not", this.actual.event(), target);
		}
		return this;
	}

	/**
	 * Checks that the emission does not reach listeners of a target.
	 * @param target the target
	 * @return this
	 */
	public EmissionAssert notReaching(EventTarget target) {
		isNotNull();
		if (this.actual.reaches(target)) {
			failWithMessage("Expected '%s' not to reach %s, but it does", this.actual.event(), target);
		}
		return this;
	}

}
