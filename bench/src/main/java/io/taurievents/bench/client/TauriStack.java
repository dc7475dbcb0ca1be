package io.taurievents.bench.client;

import io.netty.buffer.ByteBuf;
import io.taurievents.bench.Payloads;

/**
 * tauri-events wire protocol v1 ({@code docs/protocol.md}), as the {@code @taurievents/api} client speaks it.
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

	private static final byte[] EVENT = Scan.key("{\"type\":\"event\"");

	private static final byte[] RESPONSE = Scan.key("{\"type\":\"response\"");

	private static final byte[] CHANNEL = Scan.key("{\"type\":\"channel\"");

	private static final byte[] WELCOME = Scan.key("{\"type\":\"welcome\"");

	private static final byte[] ERROR = Scan.key("{\"type\":\"error\"");

	private static final byte[] SEQ = Scan.key("\"seq\":");

	private static final byte[] ID = Scan.key("\"id\":");

	private static final byte[] INDEX = Scan.key("\"index\":");

	private static final byte[] OK = Scan.key("\"ok\":true");

	private static final byte[] END = Scan.key("\"end\":true");

	private static final byte[] CHANNEL_WINDOW = Scan.key("\"channelWindow\":");

	/** Echo requests use their sequence number as id; other requests take ids from here up. */
	private static final long OTHER_IDS = 1_000_000_000L;

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String path(String label) {
		return "/tauri?label=" + label + "&v=1";
	}

	@Override
	public void opened(Window window) {
		// ready once the welcome frame arrives
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
		if (Scan.startsWith(frame, EVENT)) {
			window.onEvent(Scan.longAfter(frame, SEQ));
		}
		else if (Scan.startsWith(frame, CHANNEL)) {
			long index = Scan.longAfter(frame, INDEX);
			if (Scan.indexAfter(frame, END, frame.readerIndex()) >= 0) {
				window.onStreamEnd(index);
			}
			else {
				window.onStreamMessage(index, Scan.longAfter(frame, SEQ));
			}
		}
		else if (Scan.startsWith(frame, RESPONSE)) {
			long id = Scan.longAfter(frame, ID);
			boolean ok = Scan.indexAfter(frame, OK, frame.readerIndex()) >= 0;
			if (id < OTHER_IDS) {
				if (ok) {
					window.onEcho(Scan.longAfter(frame, SEQ));
				}
				else {
					window.fail("echo rejected: " + Scan.head(frame));
				}
			}
			else if (window.mode() == Window.Mode.STREAM) {
				window.onStreamSettled(ok, Scan.head(frame));
			}
			else if (!ok) {
				window.fail("request rejected: " + Scan.head(frame));
			}
		}
		else if (Scan.startsWith(frame, WELCOME)) {
			long channelWindow = Scan.longAfter(frame, CHANNEL_WINDOW);
			if (channelWindow > 0) {
				window.channelWindow = (int) channelWindow;
			}
			window.markReady();
		}
		else if (Scan.startsWith(frame, ERROR)) {
			window.fail("protocol error: " + Scan.head(frame));
		}
	}

	@Override
	public void onBinary(Window window, ByteBuf frame) {
		int start = frame.readerIndex();
		int headerLength = frame.getInt(start);
		long index = Scan.longAfter(frame, INDEX, start + 4);
		window.onStreamMessage(index, frame.getLong(start + 4 + headerLength));
	}

	@Override
	public void echo(Window window, long seq, String json) {
		window.sendText("{\"type\":\"invoke\",\"id\":" + seq + ",\"cmd\":\"bench_echo\",\"args\":{\"payload\":" + json
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
