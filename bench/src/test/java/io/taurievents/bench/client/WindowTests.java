package io.taurievents.bench.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.taurievents.bench.Payloads;
import io.taurievents.bench.client.Measurement.BenchFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client's bookkeeping: a run that loses, reorders or over-delivers anything fails, whatever the stack.
 */
class WindowTests {

	private final StrayMessages strays = new StrayMessages();

	@Test
	void inOrderEventsCompleteTheMeasurement() {
		EmbeddedChannel channel = open(new TauriStack(), "main");
		Measurement measurement = new Measurement(1);
		window(channel).armEvents(measurement, 3);
		measurement.start();
		for (int seq = 0; seq < 3; seq++) {
			channel.writeInbound(text(tauriEvent(seq)));
		}
		assertThat(measurement.await(1)).isPositive();
	}

	@Test
	void aMissingEventFailsTheRun() {
		EmbeddedChannel channel = open(new TauriStack(), "main");
		Measurement measurement = new Measurement(1);
		window(channel).armEvents(measurement, 3);
		channel.writeInbound(text(tauriEvent(0)));
		channel.writeInbound(text(tauriEvent(2)));
		assertThatExceptionOfType(BenchFailure.class).isThrownBy(() -> measurement.await(1))
			.withMessageContaining("seq 2 where 1 was due");
	}

	@Test
	void aSurplusEventFailsTheRun() {
		EmbeddedChannel channel = open(new RawStack(), "w1");
		Measurement measurement = new Measurement(1);
		window(channel).armEvents(measurement, 1);
		channel.writeInbound(text(Payloads.json(0, "x")));
		channel.writeInbound(text(Payloads.json(1, "x")));
		assertThatExceptionOfType(BenchFailure.class).isThrownBy(() -> measurement.await(1))
			.withMessageContaining("beyond the 1");
	}

	@Test
	void anEventForAnotherWindowFailsTheRun() {
		EmbeddedChannel channel = open(new StompStack(), "w7");
		Measurement measurement = new Measurement(0);
		window(channel).armEvents(measurement, 0);
		channel.writeInbound(text("MESSAGE\ndestination:/topic/bench.w7\nsubscription:label\n\n" + Payloads.json(0, "")
				+ "\0"));
		assertThatExceptionOfType(BenchFailure.class).isThrownBy(() -> measurement.await(1))
			.withMessageContaining("beyond the 0");
	}

	@Test
	void anEventWhileIdleIsAStray() {
		EmbeddedChannel channel = open(new TauriStack(), "main");
		channel.writeInbound(text(tauriEvent(0)));
		assertThat(this.strays.drain()).singleElement().asString().contains("while IDLE");
	}

	@Test
	void aTauriStreamNeedsEveryIndexTheEndMarkerAndTheResponse() {
		EmbeddedChannel channel = open(new TauriStack(), "main");
		Window window = window(channel);
		Measurement measurement = new Measurement(1);
		window.armStream(measurement, 64, 7);
		for (int i = 0; i < 64; i++) {
			channel.writeInbound((i % 2 == 0) ? text("{\"type\":\"channel\",\"channel\":7,\"index\":" + i
					+ ",\"message\":" + Payloads.json(i, "x") + "}") : binaryChannelMessage(7, i));
		}
		channel.writeInbound(text("{\"type\":\"channel\",\"channel\":7,\"index\":64,\"end\":true}"));
		assertThat(measurement.failure()).isNull();
		channel.writeInbound(text("{\"type\":\"response\",\"id\":1000000000,\"ok\":true,\"payload\":null}"));
		assertThat(measurement.await(1)).isPositive();
		// the page acknowledges every half channel window (32 of the welcome's 64)
		assertThat(outbound(channel)).containsExactly("{\"type\":\"ack\",\"channel\":7,\"next\":32}",
				"{\"type\":\"ack\",\"channel\":7,\"next\":64}");
	}

	@Test
	void aTauriStreamWithAGapFails() {
		EmbeddedChannel channel = open(new TauriStack(), "main");
		Measurement measurement = new Measurement(1);
		window(channel).armStream(measurement, 3, 7);
		channel.writeInbound(binaryChannelMessage(7, 0));
		channel.writeInbound(binaryChannelMessage(7, 2));
		assertThatExceptionOfType(BenchFailure.class).isThrownBy(() -> measurement.await(1))
			.withMessageContaining("index 2 seq 2 where 1 was due");
	}

	@Test
	void echoesAreTimedAndMatchedToTheirRequest() {
		EmbeddedChannel channel = open(new RawStack(), "c0");
		Window window = window(channel);
		Measurement measurement = new Measurement(1);
		window.armEcho(measurement, 2, 64);
		window.startEcho();
		channel.runPendingTasks();
		channel.writeInbound(text(Payloads.json(0, "")));
		channel.writeInbound(text(Payloads.json(1, "")));
		assertThat(measurement.await(1)).isPositive();
		assertThat(window.latencies()).hasSize(2).doesNotContain(0L);
		assertThat(outbound(channel)).containsExactly(Payloads.json(0, Payloads.filler(64)), Payloads.json(1, Payloads.filler(64)));
	}

	@Test
	void aClosedConnectionFailsTheRun() {
		EmbeddedChannel channel = open(new RawStack(), "w1");
		Measurement measurement = new Measurement(1);
		window(channel).armEvents(measurement, 1);
		channel.close();
		assertThatExceptionOfType(BenchFailure.class).isThrownBy(() -> measurement.await(1))
			.withMessageContaining("closed by the server");
	}

	@Test
	void aTauriBatchIsSplitIntoItsNumberedFramesAndAcknowledgedLikeThePageDoes() {
		EmbeddedChannel channel = open(new TauriStack(), "main");
		Measurement measurement = new Measurement(1);
		window(channel).armEvents(measurement, 300);
		measurement.start();
		StringBuilder batch = new StringBuilder("[");
		for (int seq = 0; seq < 300; seq++) {
			batch.append((seq > 0) ? "," : "").append(numbered(seq + 1, tauriEvent(seq)));
		}
		// a duplicate of the last frame, then the server's heartbeat: answered with the page's delivered
		batch.append(',').append(numbered(300, tauriEvent(299))).append(",{\"type\":\"heartbeat\"}]");
		channel.writeInbound(text(batch.toString()));
		assertThat(measurement.await(1)).isPositive();
		assertThat(outbound(channel)).containsExactly("{\"type\":\"delivered\",\"seq\":256}",
				"{\"type\":\"delivered\",\"seq\":300}");
	}

	@Test
	void aTauriFrameSeqGapFailsTheRun() {
		EmbeddedChannel channel = open(new TauriStack(), "main");
		Measurement measurement = new Measurement(1);
		window(channel).armEvents(measurement, 3);
		channel.writeInbound(text(numbered(1, tauriEvent(0))));
		channel.writeInbound(text(numbered(3, tauriEvent(1))));
		assertThatExceptionOfType(BenchFailure.class).isThrownBy(() -> measurement.await(1))
			.withMessageContaining("frame seq 3 where 2 was due");
	}

	@Test
	void numberedBinaryChannelMessagesCount() {
		EmbeddedChannel channel = open(new TauriStack(), "main");
		Measurement measurement = new Measurement(1);
		window(channel).armStream(measurement, 2, 7);
		channel.writeInbound(binaryChannelMessage(7, 0, 1));
		channel.writeInbound(text(numbered(2, "{\"type\":\"channel\",\"channel\":7,\"index\":1,\"message\":"
				+ Payloads.json(1, "x") + "}")));
		channel.writeInbound(text("[" + numbered(3, "{\"type\":\"channel\",\"channel\":7,\"index\":2,\"end\":true}")
				+ "," + numbered(4, "{\"type\":\"response\",\"id\":1000000000,\"ok\":true,\"payload\":null}") + "]"));
		assertThat(measurement.await(1)).isPositive();
	}

	/** A frame as a server with resume sends it: its seq first. */
	private static String numbered(long seq, String frame) {
		return "{\"seq\":" + seq + "," + frame.substring(1);
	}

	private EmbeddedChannel open(Stack stack, String label) {
		EmbeddedChannel channel = new EmbeddedChannel(new Window(stack, label, this.strays));
		channel.writeInbound(text("{\"type\":\"welcome\",\"version\":1,\"label\":\"" + label + "\",\"channelWindow\":64}"));
		this.strays.drain();
		return channel;
	}

	private static Window window(EmbeddedChannel channel) {
		return channel.pipeline().get(Window.class);
	}

	private static String tauriEvent(long seq) {
		return "{\"type\":\"event\",\"event\":\"bench\",\"target\":{\"kind\":\"Any\"},\"payload\":" + Payloads.json(seq, "x")
				+ "}";
	}

	private static TextWebSocketFrame text(String text) {
		return new TextWebSocketFrame(text);
	}

	private static BinaryWebSocketFrame binaryChannelMessage(long channel, long index) {
		return binaryChannelMessage(channel, index, 0);
	}

	private static BinaryWebSocketFrame binaryChannelMessage(long channel, long index, long seq) {
		byte[] header = (((seq > 0) ? "{\"seq\":" + seq + "," : "{") + "\"type\":\"channel\",\"channel\":" + channel
				+ ",\"index\":" + index + "}")
			.getBytes(StandardCharsets.UTF_8);
		return new BinaryWebSocketFrame(Unpooled.buffer()
			.writeInt(header.length)
			.writeBytes(header)
			.writeBytes(Payloads.binary(index, 16)));
	}

	private static List<String> outbound(EmbeddedChannel channel) {
		List<String> frames = new ArrayList<>();
		TextWebSocketFrame frame;
		while ((frame = channel.readOutbound()) != null) {
			frames.add(frame.text());
			frame.release();
		}
		return frames;
	}

}
