package io.taurievents.bench.client;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.taurievents.bench.Payloads;

/**
 * STOMP 1.2 over WebSocket, as stomp.js speaks it, without heart-beats.
 */
final class StompStack implements Stack {

	private static final byte[] MESSAGE = Scan.key("MESSAGE\n");

	private static final byte[] CONNECTED = Scan.key("CONNECTED\n");

	private static final byte[] ERROR = Scan.key("ERROR\n");

	private static final byte[] DESTINATION = Scan.key("\ndestination:");

	private static final byte[] BODY = Scan.key("\n\n");

	private static final byte[] SEQ = Scan.key("\"seq\":");

	private static final String TOPIC = "/topic/" + Payloads.EVENT;

	private static final int CHUNK = 8 * 1024;

	@Override
	public String name() {
		return "stomp";
	}

	@Override
	public String path(String label) {
		return "/stomp";
	}

	@Override
	public void opened(Window window) {
		window.sendText("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0");
	}

	@Override
	public void subscribe(Window window) {
		window.sendText("SUBSCRIBE\nid:label\ndestination:" + TOPIC + "." + window.label() + "\n\n\0");
		// the server counts this one; receive order is preserved, so the first is registered by then
		window.sendText("SUBSCRIBE\nid:all\ndestination:" + TOPIC + "\n\n\0");
	}

	@Override
	public void prepareRequests(Window window) {
		window.sendText("SUBSCRIBE\nid:echo\ndestination:/user/queue/echo\n\n\0");
		window.sendText("SUBSCRIBE\nid:stream\ndestination:/user/queue/stream\n\n\0");
	}

	@Override
	public void onText(Window window, ByteBuf frame) {
		onFrame(window, frame, false);
	}

	@Override
	public void onBinary(Window window, ByteBuf frame) {
		onFrame(window, frame, true);
	}

	private void onFrame(Window window, ByteBuf frame, boolean binary) {
		if (Scan.startsWith(frame, MESSAGE)) {
			int destination = Scan.indexAfter(frame, DESTINATION, frame.readerIndex());
			int body = Scan.indexAfter(frame, BODY, frame.readerIndex());
			if (destination < 0 || body < 0) {
				window.fail("malformed STOMP frame: " + Scan.head(frame));
				return;
			}
			byte kind = frame.getByte(destination + "/user/queue/".length());
			boolean userQueue = frame.getByte(destination + 1) == 'u';
			if (binary) {
				window.onStreamMessage(-1, frame.getLong(body));
			}
			else if (userQueue && kind == 'e') {
				window.onEcho(Scan.longAfter(frame, SEQ, body));
			}
			else if (userQueue) {
				window.onStreamMessage(-1, Scan.longAfter(frame, SEQ, body));
			}
			else {
				window.onEvent(Scan.longAfter(frame, SEQ, body));
			}
		}
		else if (Scan.startsWith(frame, CONNECTED)) {
			window.markReady();
		}
		else if (Scan.startsWith(frame, ERROR)) {
			window.fail("STOMP error: " + Scan.head(frame));
		}
	}

	@Override
	public void echo(Window window, long seq, String json) {
		sendSplit(window, send("/app/echo", json));
	}

	@Override
	public void stream(Window window, long channelId, int count, int size, boolean binary) {
		sendSplit(window, send("/app/stream", "{\"count\":" + count + ",\"size\":" + size + ",\"binary\":" + binary + "}"));
	}

	/** What stomp.js does with {@code splitLargeFrames}: WebSocket messages of at most 8 KB, Tomcat's default buffer. */
	private static void sendSplit(Window window, String frame) {
		for (int start = 0; start < frame.length(); start += CHUNK) {
			window.sendText(frame.substring(start, Math.min(frame.length(), start + CHUNK)));
		}
	}

	private static String send(String destination, String json) {
		return "SEND\ndestination:" + destination + "\ncontent-type:application/json\ncontent-length:"
				+ json.getBytes(StandardCharsets.UTF_8).length + "\n\n" + json + "\0";
	}

}
