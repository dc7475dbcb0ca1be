package io.taurievents.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.taurievents.cluster.ClusterBus;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.util.Assert;

/**
 * A {@link ClusterBus} on one Redis stream that every node appends to ({@code XADD … MAXLEN ~}) and reads from
 * ({@code XREAD BLOCK} from the last entry id it read), through Spring Data Redis.
 * <p>
 * Why a stream rather than Pub/Sub: a Pub/Sub subscriber misses everything published while its connection is down
 * (a {@code CLIENT KILL}, a failover, a network blip), so every such blip would make every window resync. A stream
 * reader just continues from the last id it read, so a stall or a lost connection loses nothing; only a restart of a
 * Redis that keeps no data, or a reader further behind than {@code max-length} entries, loses messages, and the
 * node's sequence numbers make that visible.
 * <p>
 * One writer thread publishes in order, in pipelined batches; while Redis is unavailable messages wait in a bounded
 * backlog (the oldest are dropped beyond it, which receivers see as a gap) and the batch is retried with backoff. A
 * retried batch whose first write succeeded is appended twice: receivers drop the duplicates. One reader thread hands
 * messages to the receiver in stream order.
 */
public final class RedisStreamsClusterBus implements ClusterBus {

	private static final Log logger = LogFactory.getLog(RedisStreamsClusterBus.class);

	private static final byte[] FIELD = { 'm' };

	private static final int BATCH = 100;

	private final RedisConnectionFactory connectionFactory;

	private final byte[] stream;

	private final long maxLength;

	private final int maxBacklog;

	private final Duration block;

	private final LinkedBlockingDeque<String> backlog = new LinkedBlockingDeque<>();

	private final AtomicLong retries = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final ExecutorService records = Executors.newSingleThreadExecutor((task) -> thread(task, "records"));

	private volatile @Nullable Thread writer;

	private volatile @Nullable Thread reader;

	private volatile boolean running;

	private volatile long lastSuccess = System.nanoTime();

	private volatile @Nullable String lastError;

	/**
	 * A key only this bus writes, kept alive while it reads: when it is gone, Redis lost its data (a restart without
	 * persistence, a failover to an empty replica), and so may the node's records.
	 */
	private final byte[] marker;

	private long lastMarkerCheck;

	private boolean markerWritten;

	private volatile Runnable dataLost = () -> {
	};

	/**
	 * Creates the bus.
	 * @param connectionFactory the application's Redis connections
	 * @param stream the stream's key, one per application
	 * @param maxLength entries the stream keeps (approximately): a node further behind than that loses messages
	 * @param maxBacklog messages kept while Redis is unavailable
	 * @param block how long one read waits for new entries
	 */
	public RedisStreamsClusterBus(RedisConnectionFactory connectionFactory, String stream, long maxLength,
			int maxBacklog, Duration block) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.hasText(stream, "stream must not be empty");
		this.connectionFactory = connectionFactory;
		this.stream = stream.getBytes(StandardCharsets.UTF_8);
		this.maxLength = maxLength;
		this.maxBacklog = maxBacklog;
		this.block = block;
		byte[] random = new byte[6];
		new SecureRandom().nextBytes(random);
		this.marker = (stream + ":alive:" + HexFormat.of().formatHex(random)).getBytes(StandardCharsets.UTF_8);
	}

	private static Thread thread(Runnable task, String name) {
		Thread thread = new Thread(task, "tauri-cluster-redis-" + name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void start(Consumer<String> receiver) {
		this.running = true;
		Thread readerThread = thread(() -> read(receiver), "reader");
		Thread writerThread = thread(this::write, "writer");
		this.reader = readerThread;
		this.writer = writerThread;
		readerThread.start();
		writerThread.start();
	}

	/**
	 * Where reading starts: after the stream's current last entry, so a new node hears what is published next and
	 * never replays what other nodes emitted before it started.
	 */
	private static String lastId(RedisConnection connection, byte[] stream) {
		List<ByteRecord> last = connection.streamCommands().xRevRange(stream, Range.unbounded(), Limit.limit().count(1));
		return (last == null || last.isEmpty()) ? "0-0" : last.get(0).getId().getValue();
	}

	@Override
	public void onDataLost(Runnable listener) {
		this.dataLost = listener;
	}

	@Override
	public void publish(String message) {
		while (this.backlog.size() >= this.maxBacklog) {
			// never block the emitter: the oldest message goes, and receivers see the gap
			if (this.backlog.pollFirst() != null) {
				this.dropped.incrementAndGet();
			}
		}
		this.backlog.offerLast(message);
	}

	private void write() {
		List<String> batch = new ArrayList<>(BATCH);
		RedisConnection connection = null;
		long backoff = 50;
		while (this.running || !this.backlog.isEmpty()) {
			try {
				if (batch.isEmpty()) {
					String first = this.backlog.pollFirst(200, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
					this.backlog.drainTo(batch, BATCH - 1);
				}
				if (connection == null) {
					connection = this.connectionFactory.getConnection();
				}
				append(connection, batch);
				batch.clear();
				succeeded();
				backoff = 50;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				failed("publish " + batch.size() + " message(s)", ex);
				this.retries.incrementAndGet();
				connection = closeQuietly(connection);
				if (!sleep(backoff)) {
					break;
				}
				backoff = Math.min(1_000, backoff * 2);
			}
		}
		closeQuietly(connection);
	}

	private void append(RedisConnection connection, List<String> batch) {
		XAddOptions options = XAddOptions.maxlen(this.maxLength).approximateTrimming(true);
		if (batch.size() == 1) {
			connection.streamCommands().xAdd(record(batch.get(0)), options);
			return;
		}
		connection.openPipeline();
		try {
			for (String message : batch) {
				connection.streamCommands().xAdd(record(message), options);
			}
		}
		finally {
			connection.closePipeline();
		}
	}

	private ByteRecord record(String message) {
		return StreamRecords.rawBytes(Map.of(FIELD, message.getBytes(StandardCharsets.UTF_8)))
			.withStreamKey(this.stream);
	}

	private void read(Consumer<String> receiver) {
		String lastId = null;
		RedisConnection connection = null;
		long backoff = 50;
		StreamReadOptions options = StreamReadOptions.empty().count(BATCH).block(this.block);
		while (this.running) {
			try {
				if (connection == null) {
					connection = this.connectionFactory.getConnection();
				}
				if (lastId == null) {
					lastId = lastId(connection, this.stream);
				}
				List<ByteRecord> records = connection.streamCommands().xRead(options,
						StreamOffset.create(this.stream, ReadOffset.from(lastId)));
				succeeded();
				checkMarker(connection);
				backoff = 50;
				if (records == null) {
					continue;
				}
				for (ByteRecord record : records) {
					lastId = record.getId().getValue();
					byte[] message = record.getValue().get(FIELD);
					if (message == null) {
						for (Map.Entry<byte[], byte[]> entry : record.getValue().entrySet()) {
							message = entry.getValue();
						}
					}
					if (message != null && this.running) {
						receiver.accept(new String(message, StandardCharsets.UTF_8));
					}
				}
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					break;
				}
				failed("read the stream", ex);
				this.retries.incrementAndGet();
				connection = closeQuietly(connection);
				if (!sleep(backoff)) {
					break;
				}
				backoff = Math.min(1_000, backoff * 2);
			}
		}
		closeQuietly(connection);
	}

	@Override
	public @Nullable String get(String key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			byte[] value = connection.stringCommands().get(key.getBytes(StandardCharsets.UTF_8));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
		catch (RuntimeException ex) {
			failed("read record " + key.substring(0, Math.min(key.length(), 16)) + "…", ex);
			return null;
		}
	}

	@Override
	public void put(String key, String value, Duration timeToLive) {
		try {
			this.records.execute(() -> {
				try (RedisConnection connection = this.connectionFactory.getConnection()) {
					connection.stringCommands().set(key.getBytes(StandardCharsets.UTF_8),
							value.getBytes(StandardCharsets.UTF_8), Expiration.from(timeToLive), SetOption.upsert());
				}
				catch (RuntimeException ex) {
					failed("write a record", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// stopped
		}
	}

	@Override
	public @Nullable String putIfAbsent(String key, String value, Duration timeToLive) {
		byte[] raw = key.getBytes(StandardCharsets.UTF_8);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			// SET NX: of two nodes writing at once, exactly one wins, and both read the winner
			Boolean written = connection.stringCommands().set(raw, value.getBytes(StandardCharsets.UTF_8),
					Expiration.from(timeToLive), SetOption.ifAbsent());
			if (Boolean.TRUE.equals(written)) {
				return value;
			}
			byte[] current = connection.stringCommands().get(raw);
			return (current != null) ? new String(current, StandardCharsets.UTF_8) : null;
		}
		catch (RuntimeException ex) {
			failed("write record " + key.substring(0, Math.min(key.length(), 16)) + "…", ex);
			return null;
		}
	}

	@Override
	public BusStatus status() {
		long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.lastSuccess);
		boolean up = silentMillis < 3 * Math.max(1_000, this.block.toMillis());
		String error = this.lastError;
		String detail = "redis stream " + new String(this.stream, StandardCharsets.UTF_8)
				+ (up ? "" : ", no answer for " + silentMillis + " ms" + ((error != null) ? ": " + error : ""));
		return new BusStatus(up, detail, this.backlog.size(), this.retries.get(), this.dropped.get());
	}

	@Override
	public void stop() {
		this.running = false;
		Thread writerThread = this.writer;
		if (writerThread != null) {
			try {
				// what is buffered leaves if Redis answers within a second
				writerThread.join(1_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			writerThread.interrupt();
		}
		Thread readerThread = this.reader;
		if (readerThread != null) {
			readerThread.interrupt();
		}
		this.records.shutdownNow();
	}

	private void succeeded() {
		this.lastSuccess = System.nanoTime();
	}

	/**
	 * Once a second, on the reader's connection: whether Redis still holds this bus's marker. When it does not,
	 * Redis lost its data and the node writes its records again at once (not a minute later, at their periodic
	 * rewrite).
	 */
	private void checkMarker(RedisConnection connection) {
		long now = System.nanoTime();
		if (now - this.lastMarkerCheck < TimeUnit.SECONDS.toNanos(1)) {
			return;
		}
		this.lastMarkerCheck = now;
		Boolean created = connection.stringCommands().set(this.marker, new byte[] { '1' },
				Expiration.from(Duration.ofMinutes(10)), SetOption.ifAbsent());
		if (!Boolean.TRUE.equals(created)) {
			connection.keyCommands().expire(this.marker, Duration.ofMinutes(10).toSeconds());
			return;
		}
		if (this.markerWritten) {
			logger.warn("Redis lost its data (the cluster bus's marker is gone): this node writes its records again");
			this.dataLost.run();
		}
		this.markerWritten = true;
	}

	private void failed(String what, RuntimeException ex) {
		String message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		if (!message.equals(this.lastError)) {
			logger.warn("Cluster bus could not " + what + " (retrying): " + message);
		}
		this.lastError = message;
	}

	private static @Nullable RedisConnection closeQuietly(@Nullable RedisConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				// already broken
			}
		}
		return null;
	}

	private boolean sleep(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
