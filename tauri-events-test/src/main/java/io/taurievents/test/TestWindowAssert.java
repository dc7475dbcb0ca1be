package io.taurievents.test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.AbstractAssert;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.CloseStatus;

import static org.awaitility.Awaitility.await;

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
	 * Waits (up to 10 seconds) for the next event of that name this test has not taken yet, and takes it.
	 * @param event the event name
	 * @return assertions on that event
	 */
	public ReceivedEventAssert received(String event) {
		AtomicReference<@Nullable JsonNode> frame = new AtomicReference<>();
		try {
			await().atMost(TestWindow.TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
				frame.set(this.actual.pollEvent(event));
				// a window the server closed gets nothing more: no need to wait out the timeout
				return frame.get() != null || this.actual.closeStatus() != null;
			});
		}
		catch (ConditionTimeoutException ex) {
			failWithMessage("Expected window '%s' to receive event '%s' within %s, but it received only %s",
					this.actual.label(), event, TestWindow.TIMEOUT, this.actual.eventNames());
		}
		if (frame.get() == null) {
			// frames are kept before the close is seen: one that arrived since the last poll is here now
			frame.set(this.actual.pollEvent(event));
		}
		CloseStatus status = this.actual.closeStatus();
		if (frame.get() == null && status != null) {
			failWithMessage("Expected window '%s' to receive event '%s', but it was closed (%s) having received only %s",
					this.actual.label(), event, TestWindow.describe(status), this.actual.eventNames());
		}
		return new ReceivedEventAssert(this.actual.label(), frame.get());
	}

	/**
	 * Checks that no event the test has not taken yet is waiting, and that none arrives for a while. Use it after
	 * the emissions under test, to show nothing else reached the window.
	 * @param duration how long to watch
	 * @return this
	 */
	public TestWindowAssert receivedNothingMoreWithin(Duration duration) {
		JsonNode unexpected = this.actual.pollEvent();
		if (unexpected == null) {
			try {
				await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
			}
			catch (ConditionTimeoutException ex) {
				// cannot happen: the condition is true
			}
			unexpected = this.actual.pollEvent();
		}
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
