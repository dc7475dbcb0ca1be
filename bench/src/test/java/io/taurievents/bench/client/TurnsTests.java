package io.taurievents.bench.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interleaved stacks: their repetitions alternate, and nothing of one runs while the other holds the turn.
 */
class TurnsTests {

	@Test
	void stacksSideBySideAlternateAfterEveryRepetition() throws InterruptedException {
		Turns turns = Turns.shared();
		List<String> steps = new CopyOnWriteArrayList<>();
		CountDownLatch firstHoldsTheTurn = new CountDownLatch(1);
		Thread first = new Thread(() -> {
			turns.enter();
			firstHoldsTheTurn.countDown();
			// the second stack asks for the turn while the first sets up
			await().atMost(Duration.ofSeconds(10)).until(turns::anyoneWaiting);
			repetitions(turns, "tauri", steps);
		});
		first.start();
		firstHoldsTheTurn.await();
		Thread second = new Thread(() -> {
			turns.enter();
			repetitions(turns, "tauri-metrics", steps);
		});
		second.start();
		first.join(10_000);
		second.join(10_000);
		assertThat(steps).containsExactly("tauri 1", "tauri-metrics 1", "tauri 2", "tauri-metrics 2", "tauri 3",
				"tauri-metrics 3");
	}

	@Test
	void aStackAloneNeverWaits() {
		List<String> steps = new CopyOnWriteArrayList<>();
		Turns.NONE.enter();
		repetitions(Turns.NONE, "tauri", steps);
		assertThat(steps).containsExactly("tauri 1", "tauri 2", "tauri 3");
	}

	private static void repetitions(Turns turns, String stack, List<String> steps) {
		try {
			for (int i = 1; i <= 3; i++) {
				steps.add(stack + " " + i);
				turns.pass();
			}
		}
		finally {
			turns.leave();
		}
	}

}
