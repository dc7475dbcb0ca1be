package io.taurievents.bench.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

/**
 * Opens windows: Netty WebSocket connections on two event-loop threads, from source addresses spread over
 * 127.0.0.2–127.0.0.61 so that tens of thousands of connections (and their TIME_WAIT remains) never run out of
 * ephemeral ports. With several server nodes, window {@code i} connects to node {@code i mod nodes}.
 */
final class LoadClient implements AutoCloseable {

	private static final int MAX_FRAME = 4 * 1024 * 1024;

	private static final int SOURCE_ADDRESSES = 60;

	/** Handshakes under way at once, so the server's accept backlog never overflows. */
	private static final int CONNECTING = 64;

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(
			Math.min(2, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());

	private final AtomicInteger nextSource = new AtomicInteger();

	private final List<Integer> ports;

	private final StrayMessages strays;

	/** @param ports the server nodes' ports: windows connect to them in turn */
	LoadClient(List<Integer> ports, StrayMessages strays) {
		this.ports = List.copyOf(ports);
		this.strays = strays;
	}

	/**
	 * Connects windows {@code prefix0 … prefix(n-1)} and waits until each completed its stack's handshake.
	 */
	List<Window> connect(Stack stack, String prefix, int count, long timeoutSeconds) {
		Semaphore permits = new Semaphore(CONNECTING);
		List<CompletableFuture<Window>> pending = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				if (!permits.tryAcquire(timeoutSeconds, TimeUnit.SECONDS)) {
					throw new IllegalStateException("connecting window " + i + " of " + count + " timed out");
				}
				CompletableFuture<Window> ready = connect(stack, prefix + i, this.ports.get(i % this.ports.size()));
				ready.whenComplete((window, ex) -> permits.release());
				pending.add(ready);
			}
			CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeoutSeconds, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			pending.forEach((future) -> future.thenAccept(Window::close));
			throw new IllegalStateException("could not connect " + count + " " + stack.name() + " windows: " + ex, ex);
		}
		return pending.stream().map(CompletableFuture::join).toList();
	}

	private CompletableFuture<Window> connect(Stack stack, String label, int port) {
		URI uri = URI.create("ws://127.0.0.1:" + port + stack.path(label));
		Window window = new Window(stack, label, this.strays);
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(uri)
			.version(WebSocketVersion.V13)
			.maxFramePayloadLength(MAX_FRAME)
			.handshakeTimeoutMillis(60_000)
			.generateOriginHeader(false)
			.customHeaders(new DefaultHttpHeaders().add(HttpHeaderNames.ORIGIN, "http://127.0.0.1:" + port))
			.withUTF8Validator(false)
			.dropPongFrames(true)
			// the window reads the server's close frame itself, so a failure names the close code and reason
			.handleCloseFrames(false)
			.build();
		Bootstrap bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline()
						.addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
								new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME),
								window);
				}
			});
		int source = this.nextSource.getAndIncrement() % SOURCE_ADDRESSES;
		ChannelFuture connected = bootstrap.connect(new InetSocketAddress("127.0.0.1", port),
				new InetSocketAddress("127.0.0." + (2 + source), 0));
		connected.addListener((future) -> {
			if (!future.isSuccess()) {
				window.ready().completeExceptionally(future.cause());
			}
		});
		return window.ready();
	}

	/** Closes windows and waits for their connections to be gone. */
	static void closeAll(List<Window> windows) {
		CompletableFuture.allOf(windows.stream().map(Window::close).toArray(CompletableFuture[]::new))
			.orTimeout(60, TimeUnit.SECONDS)
			.join();
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
