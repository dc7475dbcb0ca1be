package io.taurievents.ipc;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.core.ResolvableType;

/**
 * Commands that stream over channels, dispatched by hand (the {@code @TauriCommand} machinery lives elsewhere):
 * the channel is opened on the connection's thread, the messages are produced on another. What each producer
 * ran into is recorded by channel id, so tests can assert on it.
 */
final class StreamingCommands implements CommandHandler, AutoCloseable {

	private final ChannelFactory channels;

	private final ExecutorService producers = Executors.newCachedThreadPool();

	private final Map<Long, Outcome> outcomes = new ConcurrentHashMap<>();

	StreamingCommands(ChannelFactory channels) {
		this.channels = channels;
	}

	/** What the producer of a channel experienced. */
	Outcome outcome(long channel) {
		return this.outcomes.computeIfAbsent(channel, (id) -> new Outcome());
	}

	@Override
	public void handle(Invocation invocation) {
		try {
			switch (invocation.command()) {
				case "count" -> count(invocation);
				case "mixed" -> mixed(invocation);
				case "subscribe" -> subscribe(invocation);
				case "flood" -> flood(invocation);
				case "return_early" -> returnEarly(invocation);
				case "open_after_settle" -> openAfterSettle(invocation);
				case "flood_bytes" -> floodBytes(invocation);
				case "parallel" -> parallel(invocation);
				case "stream_interrupted" -> streamInterrupted(invocation);
				default -> invocation.reject(CommandHandler.notFound(invocation.command()));
			}
		}
		catch (InvalidChannelException ex) {
			// the factory already rejected the invoke with Tauri's text
		}
	}

	private void count(Invocation invocation) {
		Channel<Integer> channel = this.channels.open(invocation, "onEvent", Integer.class);
		int count = intArg(invocation, "count");
		produce(invocation, channel, () -> {
			for (int i = 0; i < count; i++) {
				channel.send(i);
			}
			invocation.resolve(count);
		});
	}

	/** Every third message is raw bytes; sizes vary from a few bytes to ~100 KB. */
	private void mixed(Invocation invocation) {
		Channel<Object> channel = this.channels.open(invocation, "onEvent", Object.class);
		int count = intArg(invocation, "count");
		produce(invocation, channel, () -> {
			for (int i = 0; i < count; i++) {
				channel.send((i % 3 == 0) ? bytes(i) : Map.of("i", i, "pad", "x".repeat(size(i))));
			}
			invocation.resolve(null);
		});
	}

	static int size(int i) {
		return (i % 10 == 0) ? 100_000 + i : (i * 37) % 3000;
	}

	static byte[] bytes(int i) {
		byte[] bytes = new byte[size(i)];
		Arrays.fill(bytes, (byte) i);
		return bytes;
	}

	/** A subscription: the invoke resolves at once, the channel streams until it is closed. */
	private void subscribe(Invocation invocation) {
		Channel<Long> channel = this.channels.open(invocation, "onEvent", Long.class).keepOpen();
		Outcome outcome = outcome(channel.id());
		outcome.channel = channel;
		channel.onClose(() -> outcome.closeCallbacks++);
		invocation.resolve(channel.id());
		this.producers.execute(() -> {
			try {
				for (long i = 0;; i++) {
					channel.send(i);
				}
			}
			catch (RuntimeException ex) {
				outcome.failure.complete(ex);
			}
		});
	}

	/** Offers until the page is behind, then sends with waiting (timing out while the page is stuck). */
	private void flood(Invocation invocation) {
		Channel<Integer> channel = this.channels.open(invocation, "onEvent", Integer.class);
		Outcome outcome = outcome(channel.id());
		int count = intArg(invocation, "count");
		produce(invocation, channel, () -> {
			int sent = 0;
			while (sent < count && channel.trySend(sent)) {
				sent++;
			}
			outcome.refusedAt.complete(sent);
			while (sent < count) {
				try {
					channel.send(sent);
					sent++;
				}
				catch (ChannelTimeoutException ex) {
					outcome.failure.complete(ex);
				}
			}
			invocation.resolve(sent);
		});
	}

	/** Streams and settles from a thread whose interrupt flag is set (a cancelled task cleaning up). */
	private void streamInterrupted(Invocation invocation) {
		Channel<Integer> channel = this.channels.open(invocation, "onEvent", Integer.class);
		produce(invocation, channel, () -> {
			Thread.currentThread().interrupt();
			channel.trySend(1);
			invocation.resolve("still connected");
		});
	}

	/** Several threads send on one channel at once; the command completes when all are done. */
	private void parallel(Invocation invocation) {
		Channel<List<Integer>> channel = this.channels.open(invocation, "onEvent",
				ResolvableType.forClassWithGenerics(List.class, Integer.class));
		int threads = intArg(invocation, "threads");
		int count = intArg(invocation, "count");
		CompletableFuture<?>[] producers = IntStream.range(0, threads)
			.mapToObj((thread) -> CompletableFuture.runAsync(() -> {
				for (int i = 0; i < count; i++) {
					channel.send(List.of(thread, i));
				}
			}, this.producers))
			.toArray(CompletableFuture[]::new);
		CompletableFuture.allOf(producers).whenComplete((done, failure) -> {
			if (failure != null) {
				invocation.reject(failure.getMessage());
			}
			else {
				invocation.resolve(threads * count);
			}
		});
	}

	/** Offers 1 MB chunks until refused, then sends with waiting until that fails. */
	private void floodBytes(Invocation invocation) {
		Channel<byte[]> channel = this.channels.open(invocation, "onChunk", byte[].class);
		Outcome outcome = outcome(channel.id());
		byte[] chunk = new byte[1024 * 1024];
		produce(invocation, channel, () -> {
			int sent = 0;
			while (channel.trySend(chunk)) {
				sent++;
			}
			outcome.refusedAt.complete(sent);
			while (true) {
				channel.send(chunk);
			}
		});
	}

	/** Opens its channel only after the invoke settled: the command is over, so is the channel. */
	private void openAfterSettle(Invocation invocation) {
		invocation.resolve(null);
		Channel<String> channel = this.channels.open(invocation, "onEvent", String.class);
		Outcome outcome = outcome(channel.id());
		outcome.channel = channel;
		try {
			channel.send("never");
		}
		catch (RuntimeException ex) {
			outcome.failure.complete(ex);
		}
	}

	/** Returns before its producer sends: the channel closes with the command. */
	private void returnEarly(Invocation invocation) {
		Channel<String> channel = this.channels.open(invocation, "onEvent", String.class);
		Outcome outcome = outcome(channel.id());
		invocation.resolve(null);
		this.producers.execute(() -> {
			try {
				channel.send("too late");
			}
			catch (RuntimeException ex) {
				outcome.failure.complete(ex);
			}
		});
	}

	private void produce(Invocation invocation, Channel<?> channel, Runnable producer) {
		this.producers.execute(() -> {
			outcome(channel.id()).producer = Thread.currentThread();
			try {
				producer.run();
			}
			catch (RuntimeException ex) {
				outcome(channel.id()).failure.complete(ex);
				invocation.reject(ex.getMessage());
			}
		});
	}

	private static int intArg(Invocation invocation, String key) {
		JsonNode args = invocation.args();
		return (args != null) ? args.path(key).asInt() : 0;
	}

	@Override
	public void close() {
		this.producers.shutdownNow();
	}

	static final class Outcome {

		final CompletableFuture<RuntimeException> failure = new CompletableFuture<>();

		final CompletableFuture<Integer> refusedAt = new CompletableFuture<>();

		volatile @Nullable Channel<?> channel;

		volatile @Nullable Thread producer;

		volatile int closeCallbacks;

	}

}
