package io.taurievents.bench.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark server in its own JVM, with the same flags for every stack, driven over its HTTP control
 * endpoint.
 */
final class ServerProcess implements AutoCloseable {

	/** The flags every server JVM gets. */
	static final List<String> JVM_FLAGS = List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");

	private final Process process;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private ServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static ServerProcess start(String stack, Path logDirectory, boolean flightRecording) throws IOException {
		return start(stack, profiles(stack), List.of(), logDirectory, flightRecording);
	}

	/**
	 * Starts one server JVM.
	 * @param name the stack, or the stack and node ({@code tauri-cluster-1}): names the log and recording
	 * @param profiles the Spring profiles that pick the stack
	 * @param arguments further application arguments, such as the Redis port of a cluster node
	 */
	static ServerProcess start(String name, String profiles, List<String> arguments, Path logDirectory,
			boolean flightRecording) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_FLAGS);
		if (flightRecording) {
			command.add("-XX:StartFlightRecording=filename=" + logDirectory.resolve("server-" + name + ".jfr")
					+ ",settings=profile");
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"),
				"io.taurievents.bench.server.BenchServerApplication", "--spring.profiles.active=" + profiles,
				"--server.port=" + port, "--server.address=127.0.0.1",
				// the browser scenarios' pages, same origin as the stack's endpoint
				"--spring.web.resources.static-locations=file:" + BrowserScenarios.PAGES.toAbsolutePath() + "/"));
		command.addAll(arguments);
		java.nio.file.Files.createDirectories(logDirectory);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logDirectory.resolve("server-" + name + ".log").toFile())
			.start();
		ServerProcess server = new ServerProcess(process, port);
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		return server;
	}

	/**
	 * {@code tauri-metrics} is the tauri server with the {@code metrics} profile (Micrometer and observations on),
	 * {@code tauri-cluster} with the {@code cluster} profile (the cluster bus on Redis).
	 */
	static String profiles(String stack) {
		return switch (stack) {
			case "tauri-metrics" -> "tauri,metrics";
			case Servers.CLUSTER -> "tauri,cluster";
			default -> stack;
		};
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	int port() {
		return this.port;
	}

	void awaitReady(long timeoutSeconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("server exited with " + this.process.exitValue());
			}
			String pid;
			try {
				pid = get("/bench/pid").trim();
			}
			catch (IOException | RuntimeException ex) {
				Thread.sleep(200);
				continue;
			}
			if (!pid.equals(Long.toString(this.process.pid()))) {
				// the port was free when chosen, then another process took it first: measuring through it would
				// mix another run's windows and events into this one's
				throw new IllegalStateException("port " + this.port + " is answered by process " + pid + ", not by the server "
						+ this.process.pid() + " started for it (another bench run on this machine?)");
			}
			return;
		}
		throw new IllegalStateException("server not ready after " + timeoutSeconds + " s");
	}

	String get(String path) throws IOException, InterruptedException {
		return check(this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
	}

	String post(String path) throws IOException, InterruptedException {
		return check(this.http.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString()));
	}

	CompletableFuture<String> postAsync(String path) {
		return this.http
			.sendAsync(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString())
			.thenApply(ServerProcess::check);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).timeout(Duration.ofMinutes(5));
	}

	private static String check(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException(response.request().uri().getPath() + " answered " + response.statusCode()
					+ ": " + response.body());
		}
		return response.body();
	}

	/** Polls the subscriber count until it is {@code expected}. */
	void awaitSubscribers(int expected, long timeoutSeconds) throws IOException, InterruptedException {
		awaitSubscribers(List.of(this), expected, timeoutSeconds);
	}

	/** Polls the subscriber counts of every node until their sum is {@code expected}. */
	static void awaitSubscribers(List<ServerProcess> nodes, int expected, long timeoutSeconds)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		int now;
		while ((now = subscribers(nodes)) != expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(now + " windows subscribed; expected " + expected);
			}
			Thread.sleep(50);
		}
	}

	private static int subscribers(List<ServerProcess> nodes) throws IOException, InterruptedException {
		int sum = 0;
		for (ServerProcess node : nodes) {
			sum += Integer.parseInt(node.get("/bench/subscribers").trim());
		}
		return sum;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
