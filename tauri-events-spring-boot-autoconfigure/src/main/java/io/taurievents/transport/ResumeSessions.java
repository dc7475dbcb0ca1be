package io.taurievents.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * The resumable sessions of the server: their secrets, the server-wide budget of their replay buffers, and a
 * timer that sends heartbeats, cuts connections that went silent and ends sessions nobody resumed in time.
 */
final class ResumeSessions {

	static final String EXPIRED = "expired";

	static final String UNKNOWN = "unknown";

	static final String OVERFLOW = "overflow";

	static final String RESTARTED = "restarted";

	/** A detached session that nobody resumed in time. */
	static final CloseStatus SESSION_EXPIRED = new CloseStatus(CloseStatus.NO_CLOSE_FRAME.getCode(),
			"the page did not resume its session within tauri.events.resume.window");

	/** A session whose page fell further behind than its replay buffer holds. */
	static final CloseStatus SESSION_OVERFLOW = new CloseStatus(4008,
			"the page fell further behind than tauri.events.resume.buffer-size holds");

	/** A connection that sent nothing for three heartbeat intervals. */
	static final CloseStatus HEARTBEAT_TIMEOUT = new CloseStatus(CloseStatus.SERVER_ERROR.getCode(),
			"heartbeat timeout: nothing received for 3 heartbeat intervals");

	private static final Log logger = LogFactory.getLog(ResumeSessions.class);

	private static final Base64.Encoder ENCODING = Base64.getUrlEncoder().withoutPadding();

	/** Forgotten sessions remembered for a clear reason; beyond this many, later ones are just unknown. */
	private static final int MAX_TOMBSTONES = 10_000;

	private final ResumeSettings settings;

	private final SecureRandom random = new SecureRandom();

	/** Starts every secret of this run, so a secret from an earlier run is recognized as such. */
	private final String runTag;

	private final Map<String, WindowSession> bySecret = new ConcurrentHashMap<>();

	private final Set<WindowSession> live = ConcurrentHashMap.newKeySet();

	private final Map<String, Tombstone> tombstones = new ConcurrentHashMap<>();

	private final AtomicLong total = new AtomicLong();

	private final AtomicBoolean evicting = new AtomicBoolean();

	private final ScheduledExecutorService timer;

	private final String heartbeat;

	private volatile Ender ender = (window, status, reason) -> {
	};

	ResumeSessions(ResumeSettings settings, Frames frames) {
		this.settings = settings;
		this.heartbeat = frames.heartbeat();
		byte[] tag = new byte[6];
		this.random.nextBytes(tag);
		this.runTag = ENCODING.encodeToString(tag);
		AtomicInteger threads = new AtomicInteger();
		this.timer = Executors.newScheduledThreadPool(1, (task) -> {
			Thread thread = new Thread(task, "tauri-events-resume-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(20, Math.min(1_000, settings.heartbeatMillis() / 5));
		this.timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Every live session, attached or detached.
	 * @return a snapshot
	 */
	List<WindowSession> all() {
		return List.copyOf(this.live);
	}

	ResumeSettings settings() {
		return this.settings;
	}

	/**
	 * Sets what ends a session (the handler's teardown).
	 * @param ender the teardown
	 */
	void ender(Ender ender) {
		this.ender = ender;
	}

	/**
	 * Issues a new secret for a session, retiring its previous one: every welcome rotates it.
	 * @param window the session
	 * @return the secret for the welcome
	 */
	String issue(WindowSession window) {
		byte[] secret = new byte[18];
		this.random.nextBytes(secret);
		String issued = this.runTag + ENCODING.encodeToString(secret);
		String previous = window.secret();
		String older = window.previousSecret();
		if (older != null) {
			this.bySecret.remove(older, window);
		}
		// the previous secret works until the page sends a frame on this connection: a welcome lost in a drop
		// must not cost the page its session
		window.previousSecret(previous);
		window.secret(issued);
		this.bySecret.put(issued, window);
		this.live.add(window);
		return issued;
	}

	/**
	 * The live session holding a secret.
	 * @param secret the secret a page presented
	 * @return the session, or {@code null}
	 */
	@Nullable WindowSession find(@Nullable String secret) {
		return (secret != null) ? this.bySecret.get(secret) : null;
	}

	/**
	 * Why no live session holds a secret.
	 * @param secret the secret a page presented
	 * @return {@code expired}, {@code overflow}, {@code restarted} or {@code unknown}
	 */
	String whyNot(@Nullable String secret) {
		if (secret == null) {
			return UNKNOWN;
		}
		Tombstone tombstone = this.tombstones.get(secret);
		if (tombstone != null) {
			return tombstone.reason();
		}
		if (secret.length() == this.runTag.length() + 24 && !secret.startsWith(this.runTag)) {
			return RESTARTED;
		}
		return UNKNOWN;
	}

	/**
	 * The part of every secret of this run that names the run.
	 * @return the run tag
	 */
	String runTag() {
		return this.runTag;
	}

	/**
	 * The run tag of a secret, for asking the other nodes of a cluster which of them issued it.
	 * @param secret the secret
	 * @return its run tag
	 */
	String runTagOf(String secret) {
		return secret.substring(0, Math.min(secret.length(), this.runTag.length()));
	}

	/**
	 * What stands for a secret on a cluster bus, which must never carry the secret itself.
	 * @param secret the secret
	 * @return its SHA-256, base64url
	 */
	static String hash(String secret) {
		try {
			return ENCODING.encodeToString(MessageDigest.getInstance("SHA-256")
				.digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The live session holding a secret, found by the secret's {@linkplain #hash hash}; otherwise why not.
	 * @param hash the hash of the secret a page presented to another node
	 * @return the session, or the reason as a {@code String}
	 */
	Object findByHash(String hash) {
		for (Map.Entry<String, WindowSession> entry : this.bySecret.entrySet()) {
			if (hash.equals(hash(entry.getKey()))) {
				return entry.getValue();
			}
		}
		for (Map.Entry<String, Tombstone> entry : this.tombstones.entrySet()) {
			if (hash.equals(hash(entry.getKey()))) {
				return entry.getValue().reason();
			}
		}
		return UNKNOWN;
	}

	/**
	 * Retires a session's previous secret once its page has shown it holds the new one.
	 * @param window the session
	 * @param previous the previous secret
	 */
	void retire(WindowSession window, String previous) {
		this.bySecret.remove(previous, window);
	}

	/**
	 * Forgets an ended session.
	 * @param window the session
	 * @param reason why it ended, remembered for a page that tries to resume it, or {@code null}
	 */
	void ended(WindowSession window, @Nullable String reason) {
		this.live.remove(window);
		for (String secret : new String[] { window.secret(), window.previousSecret() }) {
			if (secret != null) {
				this.bySecret.remove(secret, window);
				if (reason != null && this.tombstones.size() < MAX_TOMBSTONES) {
					this.tombstones.put(secret, new Tombstone(reason,
							System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.settings.windowMillis())));
				}
			}
		}
	}

	/**
	 * Counts bytes in or out of the replay buffers; beyond {@code max-total} the oldest detached sessions are
	 * evicted, on the timer's thread (never the emitter's).
	 * @param delta bytes added (positive) or freed (negative)
	 */
	void accounted(long delta) {
		if (this.total.addAndGet(delta) > this.settings.maxTotal() && this.evicting.compareAndSet(false, true)) {
			try {
				this.timer.execute(this::evict);
			}
			catch (RejectedExecutionException ex) {
				this.evicting.set(false);
			}
		}
	}

	long total() {
		return this.total.get();
	}

	/**
	 * Ends a session on the timer's thread.
	 * @param window the session
	 * @param reason why
	 */
	void endLater(WindowSession window, String reason) {
		try {
			this.timer.execute(() -> this.ender.end(window, SESSION_OVERFLOW, reason));
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the session goes with the server
		}
	}

	private void evict() {
		try {
			long max = this.settings.maxTotal();
			List<WindowSession> detached = new ArrayList<>();
			List<WindowSession> attached = new ArrayList<>();
			for (WindowSession window : this.live) {
				((window.detachedAt() != 0) ? detached : attached).add(window);
			}
			detached.sort(Comparator.comparingLong(WindowSession::detachedAt));
			for (WindowSession window : detached) {
				if (this.total.get() <= max) {
					return;
				}
				logger.warn("Ending detached session of window '" + window.label()
						+ "': the replay buffers hold more than tauri.events.resume.max-total (" + max + " bytes)");
				this.ender.end(window, SESSION_OVERFLOW, OVERFLOW);
			}
			attached.sort(Comparator.comparingLong(WindowSession::replayBytes).reversed());
			for (WindowSession window : attached) {
				if (this.total.get() <= max) {
					return;
				}
				// it stays connected, but can no longer be resumed
				window.evict();
			}
		}
		finally {
			this.evicting.set(false);
		}
	}

	private void tick() {
		try {
			long now = System.nanoTime();
			long interval = TimeUnit.MILLISECONDS.toNanos(this.settings.heartbeatMillis());
			long window = TimeUnit.MILLISECONDS.toNanos(this.settings.windowMillis());
			for (WindowSession session : this.live) {
				if (!session.isOpen()) {
					this.live.remove(session);
					continue;
				}
				long detachedAt = session.detachedAt();
				if (detachedAt != 0) {
					if (now - detachedAt > window) {
						this.ender.end(session, SESSION_EXPIRED, EXPIRED);
					}
				}
				else if (session.isHeartbeating() && now - session.lastReceived() > 3 * interval) {
					session.cutConnection(HEARTBEAT_TIMEOUT, "it sent nothing for 3 heartbeat intervals ("
							+ 3 * this.settings.heartbeatMillis() + " ms)");
				}
				else {
					session.heartbeatIfIdle(now, interval, this.heartbeat);
				}
			}
			this.tombstones.values().removeIf((tombstone) -> tombstone.until() - now < 0);
		}
		catch (RuntimeException ex) {
			// the timer must keep running for every other session
			logger.error("Resume timer failed", ex);
		}
	}

	void shutdown() {
		this.timer.shutdownNow();
	}

	/** Ends a session: the handler's teardown. */
	interface Ender {

		void end(WindowSession window, CloseStatus status, @Nullable String reason);

	}

	private record Tombstone(String reason, long until) {
	}

}
