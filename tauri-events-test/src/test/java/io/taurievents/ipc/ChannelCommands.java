package io.taurievents.ipc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;

import io.taurievents.TauriCommand;
import io.taurievents.TauriCommand.ArgumentCase;

/**
 * {@code @TauriCommand} methods with channel parameters, in the shapes Tauri's documentation uses.
 */
class ChannelCommands implements AutoCloseable {

	private final ExecutorService background = Executors.newCachedThreadPool();

	/** What each subscription's producer ran into, by channel id. */
	final Map<Long, CompletableFuture<RuntimeException>> subscriptionFailures = new ConcurrentHashMap<>();

	/** Seed 002's download command, channel version. */
	@TauriCommand
	void download(String url, Channel<DownloadEvent> onEvent) {
		int downloadId = 1;
		onEvent.send(new DownloadEvent.Started(url, downloadId, 1000));
		for (int chunkLength : new int[] { 15, 150, 35, 500, 300 }) {
			onEvent.send(new DownloadEvent.Progress(downloadId, chunkLength));
		}
		onEvent.send(new DownloadEvent.Finished(downloadId));
	}

	@TauriCommand
	int count(int count, Channel<Integer> onEvent) {
		for (int i = 0; i < count; i++) {
			onEvent.send(i);
		}
		return count;
	}

	/** Streams from another thread; the channel ends when the returned future completes. */
	@TauriCommand
	CompletableFuture<String> later(Channel<String> onEvent) {
		return CompletableFuture.supplyAsync(() -> {
			for (int i = 0; i < 100; i++) {
				onEvent.send("late " + i);
			}
			return "done";
		}, this.background);
	}

	@TauriCommand
	void fail(Channel<String> onEvent) {
		onEvent.send("before the failure");
		throw new InvokeException("it broke");
	}

	/** A subscription: the invoke resolves at once, the channel streams until it is closed. */
	@TauriCommand
	long subscribe(Channel<Long> onTick) {
		onTick.keepOpen();
		CompletableFuture<RuntimeException> failure = new CompletableFuture<>();
		this.subscriptionFailures.put(onTick.id(), failure);
		this.background.execute(() -> {
			try {
				for (long i = 0;; i++) {
					onTick.send(i);
				}
			}
			catch (RuntimeException ex) {
				failure.complete(ex);
			}
		});
		return onTick.id();
	}

	@TauriCommand
	boolean optionalChannel(Optional<Channel<String>> onEvent) {
		onEvent.ifPresent((channel) -> channel.send("hi"));
		return onEvent.isPresent();
	}

	@TauriCommand
	boolean nullableChannel(@Nullable Channel<String> onEvent) {
		if (onEvent != null) {
			onEvent.send("hi");
		}
		return onEvent != null;
	}

	@TauriCommand(renameAll = ArgumentCase.SNAKE_CASE)
	void snakeCase(Channel<String> onEvent) {
		onEvent.send("snake");
	}

	@TauriCommand
	void chunks(Channel<ByteBuffer> onChunk) {
		onChunk.send(ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8)));
		onChunk.send(ByteBuffer.wrap("second".getBytes(StandardCharsets.UTF_8)));
	}

	@TauriCommand
	void bytes(Channel<byte[]> onChunk) {
		onChunk.send(new byte[] { 0, 1, 2, (byte) 255 });
	}

	@TauriCommand
	void batches(Channel<List<Item>> onBatch) {
		onBatch.send(List.of(new Item("a", 1), new Item("b", 2)));
	}

	@Override
	public void close() {
		this.background.shutdownNow();
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
	@JsonSubTypes({ @JsonSubTypes.Type(value = DownloadEvent.Started.class, name = "started"),
			@JsonSubTypes.Type(value = DownloadEvent.Progress.class, name = "progress"),
			@JsonSubTypes.Type(value = DownloadEvent.Finished.class, name = "finished") })
	sealed interface DownloadEvent {

		record Started(String url, int downloadId, int contentLength) implements DownloadEvent {
		}

		record Progress(int downloadId, int chunkLength) implements DownloadEvent {
		}

		record Finished(int downloadId) implements DownloadEvent {
		}

	}

	record Item(String name, int quantity) {
	}

}
