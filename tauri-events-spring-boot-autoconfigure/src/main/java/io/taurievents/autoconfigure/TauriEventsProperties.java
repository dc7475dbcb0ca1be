package io.taurievents.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of tauri-events.
 */
@ConfigurationProperties("tauri.events")
public class TauriEventsProperties {

	/**
	 * Whether to enable the tauri-events endpoint and beans.
	 */
	private boolean enabled = true;

	/**
	 * Path of the WebSocket endpoint windows connect to.
	 */
	private String path = "/tauri";

	/**
	 * Comma-separated list of origins allowed to connect, besides the server's own origin. '*' allows any
	 * origin.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * What happens when a window connects with a label that is already connected.
	 */
	private DuplicateLabel duplicateLabel = DuplicateLabel.REPLACE;

	/**
	 * Largest frame accepted from a window, in bytes for binary frames and characters for text frames. Larger
	 * frames close the connection with code 1009.
	 */
	private DataSize maxFrameSize = DataSize.ofMegabytes(1);

	/**
	 * Bytes queued for one window. Emitters never wait for a window: one whose buffer is full is disconnected
	 * with code 4008 (its page reconnects), so size it for the largest burst one window must absorb.
	 */
	private DataSize sendBufferSize = DataSize.ofMegabytes(1);

	/**
	 * How long a window may read nothing (one frame may take to write) before it is disconnected with code 4008;
	 * also how long a channel's send waits for room in its window's send buffer.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Most listeners one page may register; further listen calls are rejected, so a page cannot grow the
	 * server's memory without bound.
	 */
	private int maxListenersPerWindow = 10_000;

	private final Eval eval = new Eval();

	private final Channel channel = new Channel();

	private final Command command = new Command();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public DuplicateLabel getDuplicateLabel() {
		return this.duplicateLabel;
	}

	public void setDuplicateLabel(DuplicateLabel duplicateLabel) {
		this.duplicateLabel = duplicateLabel;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	public DataSize getSendBufferSize() {
		return this.sendBufferSize;
	}

	public void setSendBufferSize(DataSize sendBufferSize) {
		this.sendBufferSize = sendBufferSize;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public int getMaxListenersPerWindow() {
		return this.maxListenersPerWindow;
	}

	public void setMaxListenersPerWindow(int maxListenersPerWindow) {
		this.maxListenersPerWindow = maxListenersPerWindow;
	}

	public Eval getEval() {
		return this.eval;
	}

	public Channel getChannel() {
		return this.channel;
	}

	public Command getCommand() {
		return this.command;
	}

	/**
	 * What to do with a second connection for a label.
	 */
	public enum DuplicateLabel {

		/**
		 * Close the old connection (code 4000) and keep the new one, so a page reload just works.
		 */
		REPLACE,

		/**
		 * Keep the old connection and close the new one (code 4001).
		 */
		REJECT

	}

	/**
	 * {@code WebviewWindow.eval} settings.
	 */
	public static class Eval {

		/**
		 * Whether WebviewWindow.eval may run JavaScript in pages. Enable it only when every script is your own.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * {@code Channel} settings.
	 */
	public static class Channel {

		/**
		 * Messages one channel may have in flight before send waits for the page to acknowledge them.
		 */
		private int window = 64;

		/**
		 * How long Channel.send waits for the page to acknowledge messages in flight before it throws a
		 * ChannelTimeoutException.
		 */
		private Duration sendTimeout = Duration.ofSeconds(10);

		public int getWindow() {
			return this.window;
		}

		public void setWindow(int window) {
			this.window = window;
		}

		public Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

	}

	/**
	 * {@code @TauriCommand} settings.
	 */
	public static class Command {

		/**
		 * Invokes of one window that may run at once; an invoke counts until its promise settles.
		 */
		private int maxConcurrentPerWindow = 16;

		/**
		 * Invokes of one window that may wait for a free slot; beyond that, invokes reject at once.
		 */
		private int maxQueuedPerWindow = 256;

		public int getMaxConcurrentPerWindow() {
			return this.maxConcurrentPerWindow;
		}

		public void setMaxConcurrentPerWindow(int maxConcurrentPerWindow) {
			this.maxConcurrentPerWindow = maxConcurrentPerWindow;
		}

		public int getMaxQueuedPerWindow() {
			return this.maxQueuedPerWindow;
		}

		public void setMaxQueuedPerWindow(int maxQueuedPerWindow) {
			this.maxQueuedPerWindow = maxQueuedPerWindow;
		}

	}

}
