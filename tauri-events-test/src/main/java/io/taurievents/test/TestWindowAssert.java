package io.taurievents.test;

import java.time.Duration;

import org.assertj.core.api.AbstractAssert;
import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.CloseStatus;

/**
 * AssertJ assertions on what a {@link TestWindow} received, from {@code assertThat(window)}. Each
 * {@link #received(String)} takes the first event of that name the test has not taken yet, waiting for it if
 * needed, so consecutive calls read a window's events in order:
 *
 * <pre class="code">
 * assertThat(main).received("download-started").withPayload(url);
 * assertThat(main).received("download-progress").withPayload(1);
 * assertThat(settings).receivedNothingMoreWithin(Duration.ofMillis(200));
 * </pre>
 */
public class TestWindowAssert extends AbstractAssert<TestWindowAssert, TestWindow> {

	TestWindowAssert(TestWindow window) {
		super(window, TestWindowAssert.class);
	}

	/**
	 * Waits (up to 10 seconds) for the next event of that name this test has not taken yet, and takes it. Fails at
	 * once, with the close code, if the server closed the window before sending one.
	 * @param event the event name
	 * @return assertions on that event
	 */
	public ReceivedEventAssert received(String event) {
		JsonNode frame = this.actual.await(TestWindow.event(event), TestWindow.TIMEOUT);
		if (frame == null) {
			CloseStatus status = this.actual.closeStatus();
			if (status != null) {
				failWithMessage("Expected window '%s' to receive event '%s', but it was closed (%s) having received only %s",
						this.actual.label(), event, TestWindow.describe(status), this.actual.eventNames());
			}
			failWithMessage("Expected window '%s' to receive event '%s' within %s, but it received only %s",
					this.actual.label(), event, TestWindow.TIMEOUT, this.actual.eventNames());
		}
		return new ReceivedEventAssert(this.actual.label(), frame);
	}

	/**
	 * Checks that no event the test has not taken yet is waiting, and that none arrives for a while (a window the
	 * server closed gets nothing more: no need to watch it). Use it after the emissions under test, to show nothing
	 * else reached the window.
	 * @param duration how long to watch
	 * @return this
	 */
	public TestWindowAssert receivedNothingMoreWithin(Duration duration) {
		JsonNode unexpected = this.actual.await(TestWindow.event(null), duration);
		if (unexpected != null) {
			failWithMessage("Expected window '%s' to receive nothing more within %s, but it received %s",
					this.actual.label(), duration, unexpected);
		}
		return this;
	}

	/**
	 * Waits for the server to close the window's connection and checks the close code.
	 * @param code the expected close code (for instance 4008 for a window that fell behind)
	 * @return this
	 */
	public TestWindowAssert isClosedWith(int code) {
		int actualCode = this.actual.awaitClose().getCode();
		if (actualCode != code) {
			failWithMessage("Expected window '%s' to be closed with %s, but it was closed with %s", this.actual.label(),
					code, actualCode);
		}
		return this;
	}

}
