package io.taurievents.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (Debian's package, on the {@code PATH}) started on a free port with a temporary
 * directory and no persistence, for tests; with the faults the cluster tests inject: a stall ({@code kill -STOP}),
 * a restart that loses every key, and {@code CLIENT KILL}.
 */
public final class RedisServer implements AutoCloseable {

	private final int port;

	private final Path directory;

	private @Nullable Process process;

	private RedisServer(int port, Path directory) {
		this.port = port;
		this.directory = directory;
	}

	/**
	 * Starts a server on a free port.
	 * @return the running server
	 */
	public static RedisServer start() {
		try (ServerSocket socket = new ServerSocket(0)) {
			RedisServer server = new RedisServer(socket.getLocalPort(), Files.createTempDirectory("redis-test"));
			socket.close();
			server.launch();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server (is Debian's redis-server installed?)", ex);
		}
	}

	private void launch() throws IOException {
		this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", this.directory.toString(), "--protected-mode", "no")
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("redis.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "+PONG".equals(command("PING")));
	}

	public int port() {
		return this.port;
	}

	/** The server's process id, for {@code kill -STOP}. */
	public long pid() {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException("redis-server is not running");
		}
		return running.pid();
	}

	/** Freezes the server ({@code kill -STOP}): connections stay open, nothing is answered. */
	public void pause() {
		signal("STOP");
	}

	/** Lets a frozen server go on ({@code kill -CONT}). */
	public void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		try {
			int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill -" + signal + " failed with " + exit);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Kills the server and starts a new one on the same port: every key (and stream) is gone. */
	public void restart() {
		kill();
		try {
			launch();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void kill() {
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
			try {
				running.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Sends one command and returns the first line of the reply (for {@code PING}, {@code CLIENT KILL},
	 * {@code XLEN} and the like).
	 * @param arguments the command and its arguments
	 * @return the reply's first line, e.g. {@code +PONG} or {@code :3}
	 */
	public String command(String... arguments) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5_000);
			StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
			for (String argument : arguments) {
				byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
				request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) != -1 && c != '\r') {
				line.append((char) c);
			}
			return line.toString();
		}
	}

	/** Kills every normal client connection ({@code CLIENT KILL TYPE normal}), returning how many. */
	public int killClients() throws IOException {
		String reply = command("CLIENT", "KILL", "TYPE", "normal");
		return reply.startsWith(":") ? Integer.parseInt(reply.substring(1)) : 0;
	}

	@Override
	public void close() throws IOException {
		kill();
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
