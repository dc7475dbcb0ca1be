package io.taurievents.bench.client;

import io.netty.buffer.ByteBuf;

/**
 * The raw handler's ad-hoc protocol: bare payloads, meaning decided by what the window is doing.
 */
final class RawStack implements Stack {

	private static final byte[] SEQ = Scan.key("\"seq\":");

	@Override
	public String name() {
		return "raw";
	}

	@Override
	public String path(String label) {
		return "/raw?label=" + label;
	}

	@Override
	public void opened(Window window) {
		window.markReady();
	}

	@Override
	public void subscribe(Window window) {
		window.sendText("{\"sub\":true}");
	}

	@Override
	public void onText(Window window, ByteBuf frame) {
		long seq = Scan.longAfter(frame, SEQ);
		switch (window.mode()) {
			case ECHO -> window.onEcho(seq);
			case STREAM -> window.onStreamMessage(-1, seq);
			default -> window.onEvent(seq);
		}
	}

	@Override
	public void onBinary(Window window, ByteBuf frame) {
		window.onStreamMessage(-1, frame.getLong(frame.readerIndex()));
	}

	@Override
	public void echo(Window window, long seq, String json) {
		window.sendText(json);
	}

	@Override
	public void stream(Window window, long channelId, int count, int size, boolean binary) {
		window.sendText("{\"stream\":" + count + ",\"size\":" + size + ",\"binary\":" + binary + "}");
	}

}
