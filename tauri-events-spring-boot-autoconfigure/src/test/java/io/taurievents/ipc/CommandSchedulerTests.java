package io.taurievents.ipc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.WebviewWindow;
import io.taurievents.limits.Limit;
import io.taurievents.limits.LimitStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * {@link CommandScheduler} on an executor the test drives: turns, quotas and queue limits, without a server.
 */
class CommandSchedulerTests {

	private final Deque<Runnable> tasks = new ArrayDeque<>();

	private final List<String> ran = new ArrayList<>();

	private final List<String> rejections = new ArrayList<>();

	private final LimitStats stats = new LimitStats();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void freeThreadsGoToWaitingWindowsInTurn() {
		CommandScheduler scheduler = scheduler(new CommandScheduler.Settings(1, 16, 10, 16, Duration.ZERO));
		WebviewWindow a = window("a", "ada");
		WebviewWindow b = window("b", "bob");
		submit(scheduler, a, "a1");
		submit(scheduler, a, "a2");
		submit(scheduler, a, "a3");
		submit(scheduler, b, "b1");
		runAll();
		// in arrival order b1 would come last
		assertThat(this.ran).containsExactly("a1", "a2", "b1", "a3");
	}

	@Test
	void windowsOfOneClientShareItsQuotaAndOtherClientsDoNot() {
		CommandScheduler scheduler = scheduler(new CommandScheduler.Settings(8, 16, 10, 2, Duration.ZERO));
		List<Invocation> held = new ArrayList<>();
		WebviewWindow first = window("first", "ada");
		WebviewWindow second = window("second", "ada");
		WebviewWindow other = window("other", "bob");
		held.add(hold(scheduler, first, "f1"));
		held.add(hold(scheduler, second, "s1"));
		held.add(hold(scheduler, second, "s2"));
		held.add(hold(scheduler, other, "o1"));
		runAll();
		assertThat(this.ran).containsExactly("f1", "s1", "o1");
		held.get(0).resolve("done");
		runAll();
		assertThat(this.ran).containsExactly("f1", "s1", "o1", "s2");
	}

	@Test
	void rejectsBeyondTheWindowsQueue() {
		CommandScheduler scheduler = scheduler(new CommandScheduler.Settings(1, 1, 1, 16, Duration.ZERO));
		WebviewWindow a = window("a", "ada");
		submit(scheduler, a, "a1");
		submit(scheduler, a, "a2");
		submit(scheduler, a, "a3");
		assertThat(this.rejections)
			.containsExactly("\"command a3 was rejected: too many invokes from window 'a': 1 running and 1 waiting\"");
		assertThat(this.stats.rejections(Limit.COMMANDS_PER_WINDOW)).isEqualTo(1);
		assertThat(scheduler.waiting()).isEqualTo(1);
	}

	private CommandScheduler scheduler(CommandScheduler.Settings settings) {
		return new CommandScheduler(this.tasks::add, settings,
				(window) -> window.principal().map((principal) -> principal.getName()).orElseThrow(), this.stats);
	}

	private void submit(CommandScheduler scheduler, WebviewWindow window, String name) {
		Invocation invocation = invocation(window, name);
		scheduler.submit(invocation, () -> {
			this.ran.add(name);
			invocation.resolve(name);
		});
	}

	/** Submits a command that returns without settling its invoke, like one with an asynchronous result. */
	private Invocation hold(CommandScheduler scheduler, WebviewWindow window, String name) {
		Invocation invocation = invocation(window, name);
		scheduler.submit(invocation, () -> this.ran.add(name));
		return invocation;
	}

	private Invocation invocation(WebviewWindow window, String name) {
		return new Invocation(1, name, window, this.json.createObjectNode(), null, Map.of(), this.json,
				new Invocation.Responder() {

					@Override
					public void respond(long requestId, boolean ok, String payload) {
						if (!ok) {
							CommandSchedulerTests.this.rejections.add(payload);
						}
					}

					@Override
					public void respondBytes(long requestId, byte[] bytes) {
					}

				});
	}

	private void runAll() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			task.run();
		}
	}

	private static WebviewWindow window(String label, String user) {
		WebviewWindow window = mock(WebviewWindow.class);
		given(window.label()).willReturn(label);
		given(window.isOpen()).willReturn(true);
		given(window.principal()).willReturn(Optional.of(() -> user));
		return window;
	}

}
