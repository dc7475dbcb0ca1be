package io.taurievents.bench.client;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Lets stacks that run side by side ({@code --interleave}) take turns: each works only while it holds the turn, and
 * hands it to the next stack after every measured repetition, so two stacks' repetitions of one figure alternate
 * seconds apart under the same conditions of the machine, instead of minutes apart. Nothing of one stack ever runs
 * while another measures.
 */
final class Turns {

	/** For a stack that runs alone: every call returns at once. */
	static final Turns NONE = new Turns(false);

	private final boolean shared;

	/** The stacks' threads that take turns, in the order they came. */
	private final List<Thread> taking = new ArrayList<>();

	private @Nullable Thread holder;

	private Turns(boolean shared) {
		this.shared = shared;
	}

	/** Turns for stacks that run side by side. */
	static Turns shared() {
		return new Turns(true);
	}

	/** Joins the turns and waits for this thread's first one; a stack's thread holds the turn whenever it works. */
	synchronized void enter() {
		if (!this.shared) {
			return;
		}
		Thread current = Thread.currentThread();
		this.taking.add(current);
		if (this.holder == null) {
			this.holder = current;
		}
		awaitTurn(current);
	}

	/** Hands the turn to the next stack, if another takes turns, and waits until it comes back. */
	synchronized void pass() {
		if (!this.shared || this.taking.size() < 2) {
			return;
		}
		Thread current = Thread.currentThread();
		this.holder = this.taking.get((this.taking.indexOf(current) + 1) % this.taking.size());
		notifyAll();
		awaitTurn(current);
	}

	/** Whether another stack takes turns with the one holding the turn. */
	synchronized boolean anyoneWaiting() {
		return this.taking.size() > 1;
	}

	/** Leaves the turns for good (the stack is done), handing the turn on. */
	synchronized void leave() {
		if (!this.shared) {
			return;
		}
		Thread current = Thread.currentThread();
		int index = this.taking.indexOf(current);
		this.taking.remove(current);
		if (this.holder == current) {
			this.holder = this.taking.isEmpty() ? null : this.taking.get(index % this.taking.size());
			notifyAll();
		}
	}

	private void awaitTurn(Thread current) {
		try {
			while (this.holder != current) {
				wait();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the turn", ex);
		}
	}

}
