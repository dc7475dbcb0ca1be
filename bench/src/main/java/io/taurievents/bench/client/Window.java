package io.taurievents.bench.client;

import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.taurievents.bench.Payloads;
import org.jspecify.annotations.Nullable;

/**
 * One simulated browser window: a WebSocket connection and what the current scenario expects of it. Every field
 * below is touched only on the connection's event loop (scenarios arm a window through {@link #onLoop}).
 */
final class Window extends SimpleChannelInboundHandler<WebSocketFrame> {

	enum Mode {

		IDLE, EVENTS, ECHO, STREAM

	}

	private final Stack stack;

	private final String label;

	private final CompletableFuture<Window> ready = new CompletableFuture<>();

	private final StrayMessages strays;

	private @Nullable Channel channel;

	private volatile boolean closing;

	/** The code and reason of the server's close frame, if one came. */
	private volatile @Nullable String closeStatus;

	private long nextRequestId = 1_000_000_000L;

	/** Negotiated by the tauri welcome frame. */
	int channelWindow = 64;

	/** The last tauri frame seq processed, and the last one acknowledged with {@code delivered}. */
	long frameSeq;

	long deliveredSeq;

	/** When the last {@code delivered} went out ({@link System#nanoTime()}). */
	long deliveredAt = System.nanoTime();

	private Mode mode = Mode.IDLE;

	private @Nullable Measurement measurement;

	// EVENTS and STREAM
	private long expected;

	private long next;

	private boolean streamEnded;

	private boolean streamSettled;

	private long streamChannelId;

	// ECHO
	private long echoRemaining;

	private long echoSeq;

	private long echoSentAt;

	private String echoFiller = "";

	private long[] latencies = new long[0];

	private int latencyCount;

	Window(Stack stack, String label, StrayMessages strays) {
		this.stack = stack;
		this.label = label;
		this.strays = strays;
	}

	String label() {
		return this.label;
	}

	Stack stack() {
		return this.stack;
	}

	Mode mode() {
		return this.mode;
	}

	CompletableFuture<Window> ready() {
		return this.ready;
	}

	long nextRequestId() {
		return this.nextRequestId++;
	}

	// connection

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.channel = ctx.channel();
		super.channelActive(ctx);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
			this.stack.opened(this);
		}
		else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
			this.ready.completeExceptionally(new IllegalStateException("handshake of " + this.label + " timed out"));
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
		if (frame instanceof TextWebSocketFrame) {
			this.stack.onText(this, frame.content());
		}
		else if (frame instanceof BinaryWebSocketFrame) {
			this.stack.onBinary(this, frame.content());
		}
		else if (frame instanceof CloseWebSocketFrame close) {
			this.closeStatus = close.statusCode() + " " + close.reasonText();
			ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), null)).addListener(ChannelFutureListener.CLOSE);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (!this.closing) {
			fail("connection of window " + this.label + " closed by the server"
					+ ((this.closeStatus != null) ? " with " + this.closeStatus : " without a close frame"));
		}
		this.ready.completeExceptionally(new IllegalStateException("connection of " + this.label + " closed"));
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		fail("window " + this.label + ": " + cause);
		this.ready.completeExceptionally(cause);
		ctx.close();
	}

	void markReady() {
		this.ready.complete(this);
	}

	void sendText(String text) {
		channel().writeAndFlush(new TextWebSocketFrame(text));
	}

	void sendBinary(ByteBuf bytes) {
		channel().writeAndFlush(new BinaryWebSocketFrame(bytes));
	}

	CompletableFuture<Void> close() {
		this.closing = true;
		CompletableFuture<Void> closed = new CompletableFuture<>();
		Channel channel = this.channel;
		if (channel == null) {
			closed.complete(null);
			return closed;
		}
		channel.close().addListener((future) -> closed.complete(null));
		return closed;
	}

	private Channel channel() {
		Channel channel = this.channel;
		if (channel == null) {
			throw new IllegalStateException("window " + this.label + " is not connected");
		}
		return channel;
	}

	/**
	 * Runs work on this window's event loop and waits for it, so that scenario state is only touched there.
	 */
	void onLoop(Runnable work) {
		Channel channel = channel();
		if (channel.eventLoop().inEventLoop()) {
			work.run();
		}
		else {
			channel.eventLoop().submit(work).syncUninterruptibly();
		}
	}

	// arming

	void armEvents(Measurement measurement, long expected) {
		onLoop(() -> {
			this.mode = Mode.EVENTS;
			this.measurement = measurement;
			this.expected = expected;
			this.next = 0;
		});
	}

	void armEcho(Measurement measurement, long operations, int size) {
		onLoop(() -> {
			this.mode = Mode.ECHO;
			this.measurement = measurement;
			this.echoRemaining = operations;
			this.echoSeq = -1;
			this.echoFiller = Payloads.filler(size);
			this.latencies = new long[(int) operations];
			this.latencyCount = 0;
		});
	}

	void startEcho() {
		channel().eventLoop().execute(this::sendNextEcho);
	}

	void armStream(Measurement measurement, long count, long channelId) {
		onLoop(() -> {
			this.mode = Mode.STREAM;
			this.measurement = measurement;
			this.expected = count;
			this.next = 0;
			this.streamEnded = false;
			this.streamSettled = false;
			this.streamChannelId = channelId;
		});
	}

	void disarm() {
		onLoop(() -> {
			this.mode = Mode.IDLE;
			this.measurement = null;
		});
	}

	long[] latencies() {
		long[] copy = new long[this.latencyCount];
		onLoop(() -> System.arraycopy(this.latencies, 0, copy, 0, copy.length));
		return copy;
	}

	long streamChannelId() {
		return this.streamChannelId;
	}

	// arrivals, called by the stack on the event loop

	void onEvent(long seq) {
		Measurement measurement = this.measurement;
		if (this.mode != Mode.EVENTS || measurement == null) {
			stray("event seq " + seq + " while " + this.mode);
			return;
		}
		if (this.next >= this.expected) {
			measurement.fail("window " + this.label + " got event seq " + seq + " beyond the " + this.expected
					+ " it should get");
			return;
		}
		if (seq != this.next) {
			measurement.fail("window " + this.label + " got event seq " + seq + " where " + this.next
					+ " was due (lost or reordered)");
			return;
		}
		this.next++;
		if (this.next == this.expected) {
			measurement.windowFinished();
		}
	}

	void onEcho(long seq) {
		long now = System.nanoTime();
		Measurement measurement = this.measurement;
		if (this.mode != Mode.ECHO || measurement == null) {
			stray("echo seq " + seq + " while " + this.mode);
			return;
		}
		if (seq != this.echoSeq) {
			measurement.fail("window " + this.label + " got echo " + seq + " for request " + this.echoSeq);
			return;
		}
		this.latencies[this.latencyCount++] = now - this.echoSentAt;
		if (this.echoRemaining == 0) {
			measurement.windowFinished();
		}
		else {
			sendNextEcho();
		}
	}

	private void sendNextEcho() {
		this.echoRemaining--;
		this.echoSeq++;
		String payload = Payloads.json(this.echoSeq, this.echoFiller);
		this.echoSentAt = System.nanoTime();
		this.stack.echo(this, this.echoSeq, payload);
	}

	/**
	 * A streamed message.
	 * @param index the channel index the frame carries, or -1 when the stack has none
	 * @param seq the sequence number in the payload
	 */
	void onStreamMessage(long index, long seq) {
		Measurement measurement = this.measurement;
		if (this.mode != Mode.STREAM || measurement == null) {
			stray("stream message " + seq + " while " + this.mode);
			return;
		}
		if (seq != this.next || (index >= 0 && index != this.next)) {
			measurement.fail("window " + this.label + " got stream message index " + index + " seq " + seq
					+ " where " + this.next + " was due (lost or reordered)");
			return;
		}
		if (this.next >= this.expected) {
			measurement.fail("window " + this.label + " got stream message " + seq + " beyond " + this.expected);
			return;
		}
		this.next++;
		this.stack.streamed(this, this.next);
		checkStreamDone();
	}

	void onStreamEnd(long index) {
		Measurement measurement = this.measurement;
		if (this.mode != Mode.STREAM || measurement == null) {
			stray("stream end while " + this.mode);
			return;
		}
		if (index != this.expected || this.next != this.expected) {
			measurement.fail("window " + this.label + " got the channel end at index " + index + " after "
					+ this.next + " messages; " + this.expected + " were sent");
			return;
		}
		this.streamEnded = true;
		checkStreamDone();
	}

	void onStreamSettled(boolean ok, String detail) {
		Measurement measurement = this.measurement;
		if (measurement == null) {
			stray("stream response while " + this.mode);
			return;
		}
		if (!ok) {
			measurement.fail("stream command failed: " + detail);
			return;
		}
		this.streamSettled = true;
		checkStreamDone();
	}

	private void checkStreamDone() {
		Measurement measurement = this.measurement;
		if (measurement != null && this.next == this.expected && this.stack.streamComplete(this.streamEnded, this.streamSettled)) {
			this.streamEnded = false;
			this.streamSettled = false;
			this.expected = -1;
			measurement.windowFinished();
		}
	}

	void fail(String why) {
		Measurement measurement = this.measurement;
		if (measurement != null) {
			measurement.fail(why);
		}
		else {
			stray(why);
		}
	}

	private void stray(String what) {
		this.strays.add("window " + this.label + ": " + what);
	}

	@Override
	public String toString() {
		return "Window[" + this.label + "]";
	}

}
