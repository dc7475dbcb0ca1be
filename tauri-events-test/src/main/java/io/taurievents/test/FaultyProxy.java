package io.taurievents.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between test clients and the server, to inject network faults: it can cut every
 * connection abruptly (a reset, as when a network drops) and can silently stop forwarding on the connections it
 * has (a black hole, as a NAT that forgot its mapping), while new connections pass. A connection made while the
 * server is down is reset at once, as a load balancer's to a dead node.
 */
public final class FaultyProxy implements AutoCloseable {

	private final ServerSocket server;

	private volatile int targetPort;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile boolean closed;

	/** While set, nothing is read from the server: its writes stall once the socket buffers are full. */
	private boolean downstreamPaused;

	private final Object pause = new Object();

	private FaultyProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "faulty-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy to a server on loopback.
	 * @param targetPort the server's port
	 * @return the running proxy
	 */
	public static FaultyProxy start(int targetPort) throws IOException {
		return new FaultyProxy(targetPort);
	}

	/** The port clients connect to. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** How many connections the proxy has accepted so far. */
	public int accepted() {
		return this.accepted.get();
	}

	/**
	 * Sends new connections to another port from now on (a server that restarted elsewhere).
	 * @param targetPort the new server's port
	 */
	public void retarget(int targetPort) {
		this.targetPort = targetPort;
	}

	/**
	 * Resets every current connection on both sides at once.
	 * @return how many connections were cut
	 */
	public int cutAll() {
		int cut = 0;
		for (Link link : this.links) {
			if (link.reset()) {
				cut++;
			}
		}
		return cut;
	}

	/**
	 * Stops forwarding on every current connection without closing anything: bytes are read and dropped, so both
	 * ends believe the connection lives. Connections made afterwards pass normally.
	 */
	public void blackHoleAll() {
		for (Link link : this.links) {
			link.blackHoled = true;
		}
	}

	/** Stops reading from the server on every connection, as a page whose network stalled. */
	public void pauseDownstream() {
		synchronized (this.pause) {
			this.downstreamPaused = true;
		}
	}

	/** Reads from the server again. */
	public void resumeDownstream() {
		synchronized (this.pause) {
			this.downstreamPaused = false;
			this.pause.notifyAll();
		}
	}

	private void awaitDownstream() throws InterruptedException {
		synchronized (this.pause) {
			while (this.downstreamPaused && !this.closed) {
				this.pause.wait(100);
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		resumeDownstream();
		this.server.close();
		cutAll();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket();
				try {
					upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort), 5_000);
				}
				catch (IOException ex) {
					// the server is down: the client's connection fails at once, as a balancer's to a dead node
					client.setSoLinger(true, 0);
					client.close();
					continue;
				}
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				this.accepted.incrementAndGet();
				Link link = new Link(client, upstream);
				this.links.add(link);
				link.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private final class Link {

		private final Socket client;

		private final Socket upstream;

		volatile boolean blackHoled;

		Link(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

		void start() throws IOException {
			pump(this.client.getInputStream(), this.upstream.getOutputStream(), "up");
			pump(this.upstream.getInputStream(), this.client.getOutputStream(), "down");
		}

		private void pump(InputStream in, OutputStream out, String direction) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[16 * 1024];
				try {
					int read;
					while (true) {
						if (direction.equals("down")) {
							awaitDownstream();
						}
						read = in.read(buffer);
						if (read < 0) {
							break;
						}
						if (!this.blackHoled) {
							out.write(buffer, 0, read);
							out.flush();
						}
					}
				}
				catch (IOException ex) {
					// reset by a peer or by us
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				if (!this.blackHoled) {
					// a black hole passes nothing on, not even an end: a server that half-closes after its close
					// frame (Jetty) must not make the page see a drop
					reset();
				}
			}, "faulty-proxy-" + direction);
			thread.setDaemon(true);
			thread.start();
		}

		boolean reset() {
			if (!FaultyProxy.this.links.remove(this)) {
				return false;
			}
			for (Socket socket : new Socket[] { this.client, this.upstream }) {
				try {
					// SO_LINGER 0: close sends a reset, not a FIN
					socket.setSoLinger(true, 0);
					socket.close();
				}
				catch (IOException ex) {
					// already gone
				}
			}
			return true;
		}

	}

}
