package io.taurievents.test;

import java.util.List;

import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the emissions a {@link RecordingAppHandle} recorded, from {@code assertThat(app)}. Each
 * {@link #emitted(String)} takes the first emission of that name not taken yet, so consecutive calls check the
 * order; {@link #emittedNothingMore()} then checks that nothing else was emitted (on a fresh recorder: nothing at
 * all), and {@link #neverEmitted(String)} that one event never was.
 */
public class RecordedEmissionsAssert extends AbstractAssert<RecordedEmissionsAssert, RecordingAppHandle> {

	RecordedEmissionsAssert(RecordingAppHandle app) {
		super(app, RecordedEmissionsAssert.class);
	}

	/**
	 * Takes the next emission of that name.
	 * @param event the event name
	 * @return assertions on it
	 */
	public EmissionAssert emitted(String event) {
		RecordingAppHandle.Emission emission = this.actual.take(event);
		if (emission == null) {
			failWithMessage("Expected an emission of '%s', but the recorded ones not yet checked are %s", event,
					names(this.actual.untaken()));
		}
		return new EmissionAssert(emission);
	}

	/**
	 * Checks that every recorded emission has been taken by {@link #emitted(String)}.
	 * @return this
	 */
	public RecordedEmissionsAssert emittedNothingMore() {
		List<RecordingAppHandle.Emission> left = this.actual.untaken();
		if (!left.isEmpty()) {
			failWithMessage("Expected no more emissions, but found %s", left);
		}
		return this;
	}

	/**
	 * Checks that no emission of that name was recorded, checked or not: unlike {@link #emittedNothingMore()}, it
	 * ignores every other event.
	 * <pre class="code">
	 * new Downloads(app).download("https://example.org/missing");
	 * assertThat(app).emitted("download-failed").withPayload("https://example.org/missing");
	 * assertThat(app).neverEmitted("download-finished");
	 * </pre>
	 * @param event the event name
	 * @return this
	 */
	public RecordedEmissionsAssert neverEmitted(String event) {
		List<RecordingAppHandle.Emission> found = this.actual.emissions()
			.stream()
			.filter((emission) -> emission.event().equals(event))
			.toList();
		if (!found.isEmpty()) {
			failWithMessage("Expected no emission of '%s', but found %s", event, found);
		}
		return this;
	}

	private static List<String> names(List<RecordingAppHandle.Emission> emissions) {
		return emissions.stream().map(RecordingAppHandle.Emission::event).toList();
	}

}
