package io.taurievents.bench.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code redis-server} the {@code tauri-cluster} stack's nodes share (Debian's package, on the {@code PATH}):
 * a free port on 127.0.0.1, no persistence, its log in the log directory; and its own CPU time and memory, read
 * with {@code INFO}.
 */
final class RedisProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private RedisProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static RedisProcess start(Path logDirectory, String name) throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Files.createDirectories(logDirectory);
		Process process;
		try {
			process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--dir", logDirectory.toAbsolutePath().toString())
				.redirectErrorStream(true)
				.redirectOutput(logDirectory.resolve(name + ".log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IOException("could not start redis-server (Debian: apt-get install redis-server): " + ex, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		RedisProcess redis = new RedisProcess(process, port);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			try {
				String pid = redis.info("server").get("process_id");
				if (!Long.toString(process.pid()).equals(pid)) {
					redis.close();
					throw new IllegalStateException("port " + port + " is answered by redis-server " + pid
							+ ", not by the one started for it (another bench run on this machine?)");
				}
				return redis;
			}
			catch (IOException ex) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					redis.close();
					throw new IOException("redis-server on port " + port + " did not answer: " + ex, ex);
				}
				Thread.sleep(50);
			}
		}
	}

	int port() {
		return this.port;
	}

	/** CPU time the server has used so far, user and system ({@code used_cpu_user + used_cpu_sys}). */
	double cpuMillis() throws IOException {
		Map<String, String> cpu = info("cpu");
		return (Double.parseDouble(cpu.get("used_cpu_user")) + Double.parseDouble(cpu.get("used_cpu_sys"))) * 1000;
	}

	/** Bytes the server's allocator holds for data ({@code used_memory}). */
	long usedMemory() throws IOException {
		return Long.parseLong(info("memory").get("used_memory"));
	}

	/** {@code INFO section} as its {@code field:value} lines. */
	Map<String, String> info(String section) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			out.write(("*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			// a bulk string: $<length>\r\n<bytes>\r\n
			String header = line(in);
			if (!header.startsWith("$")) {
				throw new IOException("INFO " + section + " answered " + header);
			}
			byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
			Map<String, String> fields = new HashMap<>();
			new String(body, StandardCharsets.UTF_8).lines().forEach((line) -> {
				int colon = line.indexOf(':');
				if (colon > 0 && !line.startsWith("#")) {
					fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
				}
			});
			return fields;
		}
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\r') {
			line.append((char) c);
		}
		in.read();
		return line.toString();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
