package io.taurievents.bench.client;

import io.netty.buffer.ByteBuf;
import io.taurievents.bench.Payloads;

/**
 * tauri-events wire protocol v2 ({@code docs/protocol.md}) as the {@code @taurievents/api} client speaks it: a
 * {@code hello} announcing batches and text frames as UTF-8 binary frames first, every frame numbered (resume on, the server's default), cumulative
 * {@code delivered} acknowledgements every 256 frames and in answer to each heartbeat, batches split into their
 * frames. Frames without a seq (a server with resume off) are processed as they come.
 */
final class TauriStack implements Stack {

	private final String name;

	TauriStack() {
		this("tauri");
	}

	/** @param name {@code tauri}, or {@code tauri-metrics} for the same server with Micrometer and observations on */
	TauriStack(String name) {
		this.name = name;
	}

	private static final byte[] EVENT = Scan.key("\"type\":\"event\"");

	private static final byte[] RESPONSE = Scan.key("\"type\":\"response\"");

	private static final byte[] CHANNEL = Scan.key("\"type\":\"channel\"");

	private static final byte[] WELCOME = Scan.key("\"type\":\"welcome\"");

	private static final byte[] HEARTBEAT = Scan.key("\"type\":\"heartbeat\"");

	private static final byte[] ERROR = Scan.key("\"type\":\"error\"");

	/** How a numbered frame starts: its own seq comes first. */
	private static final byte[] FRAME_SEQ = Scan.key("{\"seq\":");

	private static final byte[] SEQ = Scan.key("\"seq\":");

	private static final byte[] INDEX = Scan.key("\"index\":");

	private static final byte[] OK = Scan.key("\"ok\":true");

	private static final byte[] END = Scan.key("\"end\":true");

	private static final byte[] CHANNEL_WINDOW = Scan.key("\"channelWindow\":");

	/** Frames after which the page acknowledges, like the client's. */
	private static final int DELIVERED_EVERY = 256;

	/**
	 * And at least once a second while frames arrive, like the client: a server that is never idle sends no
	 * heartbeat, and cuts a page it has heard nothing from for three heartbeat intervals.
	 */
	private static final long DELIVERED_AFTER_NANOS = 1_000_000_000L;

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String path(String label) {
		return "/tauri?label=" + label + "&v=2";
	}

	@Override
	public void opened(Window window) {
		// ready once the welcome frame arrives
		window.sendText("{\"type\":\"hello\",\"batch\":true,\"utf8\":true}");
	}

	@Override
	public void subscribe(Window window) {
		// what getCurrentWebviewWindow().listen('bench', ...) sends
		window.sendText("{\"type\":\"invoke\",\"id\":" + window.nextRequestId()
				+ ",\"cmd\":\"plugin:event|listen\",\"args\":{\"event\":\"" + Payloads.EVENT
				+ "\",\"target\":{\"kind\":\"WebviewWindow\",\"label\":\"" + window.label() + "\"},\"handler\":1}}");
	}

	@Override
	public void onText(Window window, ByteBuf frame) {
		int start = frame.readerIndex();
		int end = frame.writerIndex();
		if (end > start && frame.getByte(start) == '[') {
			// a batch: its frames one by one, as if each had come alone
			int from = start + 1;
			while (from < end && frame.getByte(from) == '{') {
				int to = Scan.objectEnd(frame, from);
				onFrame(window, frame, from, to);
				from = to + 1;
			}
			return;
		}
		onFrame(window, frame, start, end);
	}

	/** One JSON frame in {@code frame} between {@code start} and {@code end}. */
	private void onFrame(Window window, ByteBuf frame, int start, int end) {
		int body = start + 1;
		if (Scan.startsWithAt(frame, start, FRAME_SEQ)) {
			body = numbered(window, frame, start);
			if (body < 0) {
				return;
			}
		}
		if (Scan.startsWithAt(frame, body, EVENT)) {
			window.onEvent(Scan.longAfter(frame, SEQ, body));
		}
		else if (Scan.startsWithAt(frame, body, CHANNEL)) {
			long index = Scan.longAfter(frame, INDEX, body);
			if (Scan.indexAfter(frame, END, body) >= 0 && Scan.indexAfter(frame, END, body) <= end) {
				window.onStreamEnd(index);
			}
			else {
				window.onStreamMessage(index, Scan.longAfter(frame, SEQ, body));
			}
		}
		else if (Scan.startsWithAt(frame, body, RESPONSE)) {
			int ok = Scan.indexAfter(frame, OK, body);
			boolean succeeded = ok >= 0 && ok <= end;
			if (window.mode() == Window.Mode.ECHO) {
				if (succeeded) {
					window.onEcho(Scan.longAfter(frame, SEQ, body));
				}
				else {
					window.fail("echo rejected: " + Scan.head(frame));
				}
			}
			else if (window.mode() == Window.Mode.STREAM) {
				window.onStreamSettled(succeeded, Scan.head(frame));
			}
			else if (!succeeded) {
				window.fail("request rejected: " + Scan.head(frame));
			}
		}
		else if (Scan.startsWithAt(frame, body, HEARTBEAT)) {
			// the page answers every heartbeat: it is also the page's own heartbeat
			delivered(window);
		}
		else if (Scan.startsWithAt(frame, body, WELCOME)) {
			long channelWindow = Scan.longAfter(frame, CHANNEL_WINDOW, body);
			if (channelWindow > 0) {
				window.channelWindow = (int) channelWindow;
			}
			long seq = Scan.longAfter(frame, SEQ, body);
			window.frameSeq = Math.max(seq, 0);
			window.deliveredSeq = window.frameSeq;
			window.markReady();
		}
		else if (Scan.startsWithAt(frame, body, ERROR)) {
			window.fail("protocol error: " + Scan.head(frame));
		}
	}

	/**
	 * Checks a numbered frame's seq and acknowledges every {@value #DELIVERED_EVERY} frames, or after a second.
	 * @return where the frame's members after its seq start, or -1 for a duplicate
	 */
	private int numbered(Window window, ByteBuf frame, int start) {
		int after = start + FRAME_SEQ.length;
		long seq = 0;
		byte b;
		while ((b = frame.getByte(after)) >= '0' && b <= '9') {
			seq = seq * 10 + (b - '0');
			after++;
		}
		if (seq <= window.frameSeq) {
			return -1;
		}
		if (seq != window.frameSeq + 1) {
			window.fail("window " + window.label() + " got frame seq " + seq + " where " + (window.frameSeq + 1)
					+ " was due");
			return -1;
		}
		window.frameSeq = seq;
		if (seq - window.deliveredSeq >= DELIVERED_EVERY
				|| System.nanoTime() - window.deliveredAt >= DELIVERED_AFTER_NANOS) {
			delivered(window);
		}
		// past the comma after the seq
		return after + 1;
	}

	private void delivered(Window window) {
		window.deliveredSeq = window.frameSeq;
		window.deliveredAt = System.nanoTime();
		window.sendText("{\"type\":\"delivered\",\"seq\":" + window.frameSeq + "}");
	}

	@Override
	public void onBinary(Window window, ByteBuf frame) {
		int start = frame.readerIndex();
		byte first = frame.getByte(start);
		if (first == '{' || first == '[') {
			// a text frame sent as UTF-8 (a channel's binary message starts with its header length instead)
			onText(window, frame);
			return;
		}
		int headerLength = frame.getInt(start);
		if (Scan.startsWithAt(frame, start + 4, FRAME_SEQ) && numbered(window, frame, start + 4) < 0) {
			return;
		}
		long index = Scan.longAfter(frame, INDEX, start + 4);
		window.onStreamMessage(index, frame.getLong(start + 4 + headerLength));
	}

	@Override
	public void echo(Window window, long seq, String json) {
		// ids only grow, as a page's do (the server ignores an id it has seen: a resent invoke)
		window.sendText("{\"type\":\"invoke\",\"id\":" + window.nextRequestId() + ",\"cmd\":\"bench_echo\",\"args\":{\"payload\":" + json
				+ "}}");
	}

	@Override
	public void stream(Window window, long channelId, int count, int size, boolean binary) {
		window.sendText("{\"type\":\"invoke\",\"id\":" + window.nextRequestId()
				+ ",\"cmd\":\"bench_stream\",\"args\":{\"onEvent\":\"__CHANNEL__:" + channelId + "\",\"count\":" + count
				+ ",\"size\":" + size + ",\"binary\":" + binary + "}}");
	}

	@Override
	public void streamed(Window window, long next) {
		int half = Math.max(1, window.channelWindow / 2);
		if (next % half == 0) {
			window.sendText("{\"type\":\"ack\",\"channel\":" + window.streamChannelId() + ",\"next\":" + next + "}");
		}
	}

	@Override
	public boolean streamComplete(boolean ended, boolean settled) {
		// protocol.md: the end marker comes before the response; the page has every message when invoke settles
		return ended && settled;
	}

}
