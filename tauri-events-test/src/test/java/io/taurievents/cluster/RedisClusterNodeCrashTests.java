package io.taurievents.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.cluster.ClusterFaultContractTests.Emitter;
import io.taurievents.test.FaultyProxy;
import io.taurievents.test.RedisServer;
import io.taurievents.test.ResumingTestWindow;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.taurievents.cluster.ClusterContractTests.WAIT;
import static io.taurievents.cluster.ClusterContractTests.app;
import static io.taurievents.cluster.ClusterContractTests.port;
import static io.taurievents.cluster.ClusterFaultContractTests.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real node crash: node A runs in a process of its own ({@link CrashableNode}) and is killed with
 * {@code SIGKILL}, so none of its shutdown code runs (its windows are not closed, its liveness record and label
 * claims stay in Redis, its bus stops mid-stream). Node B runs in this JVM; both share a real {@code redis-server}
 * and run {@code duplicate-label=reject}. Node A's pages reach it through a proxy, the load balancer, which sends
 * them to node B once A is gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterNodeCrashTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String name = "crash-" + System.nanoTime();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private RedisServer redis;

	private ConfigurableApplicationContext b;

	private Process a;

	private int portA;

	private String nodeIdA;

	private Path logA;

	@BeforeAll
	void start() throws Exception {
		this.redis = RedisServer.start();
		Path portFile = Files.createTempFile("crashable-node", ".port");
		Files.delete(portFile);
		this.logA = Path.of("target", this.name + "-node-a.log").toAbsolutePath();
		Files.createDirectories(this.logA.getParent());
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				// a test node: quick to start, light on a small machine
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				CrashableNode.class.getName(), "--" + CrashableNode.PORT_FILE + "=" + portFile,
				"--management.endpoints.web.exposure.include=info", "--management.info.process.enabled=true",
				"--logging.level.io.taurievents=INFO"));
		nodeProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
		// node A starts while node B starts here
		long started = System.nanoTime();
		this.a = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.logA.toFile()).start();
		this.b = new SpringApplicationBuilder(ClusterContractTests.Node.class).properties(nodeProperties()).run();
		try {
			// a JVM start: about 10 s on a quiet 2-core machine, over 30 s on a busy one
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.failFast("node A exited", () -> !this.a.isAlive())
				.ignoreExceptions()
				.until(() -> answers(portFile));
		}
		catch (ConditionTimeoutException | TerminalFailureException ex) {
			throw new AssertionError("node A did not start (alive " + this.a.isAlive() + "), its output "
					+ this.logA + ":\n" + tail(this.logA), ex);
		}
		finally {
			Files.deleteIfExists(portFile);
		}
		System.out.printf("node A (pid %d) answered after %d ms%n", this.a.pid(), millis(System.nanoTime() - started));
		// each node heard the other
		ClusterNode nodeB = this.b.getBean(ClusterNode.class);
		await().atMost(WAIT).until(() -> nodeB.stats().peers() == 1);
	}

	/** Whether node A answers on the port it wrote, as that process (not another one that took the port). */
	private boolean answers(Path portFile) throws IOException, InterruptedException {
		this.portA = Integer.parseInt(Files.readString(portFile).trim());
		JsonNode info = json.readTree(get(this.portA, "/actuator/info"));
		if (info.path("process").path("pid").asLong() != this.a.pid()) {
			return false;
		}
		this.nodeIdA = info.path("clusterNode").asString();
		return true;
	}

	private Map<String, Object> nodeProperties() {
		Map<String, Object> properties = new HashMap<>(ClusterContractTests.nodeProperties(this.name));
		properties.put("spring.data.redis.port", Integer.toString(this.redis.port()));
		properties.put("spring.data.redis.timeout", "2s");
		properties.put("tauri.events.duplicate-label", "reject");
		return properties;
	}

	private String get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@AfterEach
	void closePages() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.closeables.clear();
	}

	@AfterAll
	void stop() throws IOException, InterruptedException {
		if (this.a != null) {
			this.a.destroyForcibly();
			this.a.waitFor(10, TimeUnit.SECONDS);
		}
		if (this.b != null) {
			this.b.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	private String claimOwner(String instanceId, String label) {
		String value = this.b.getBean(ClusterNode.class)
			.bus()
			.get("tauri:" + this.name + ":label:" + instanceId + ":" + label);
		return (value != null) ? value.substring(0, value.indexOf(' ')) : null;
	}

	@Test
	void pagesOfAKilledNodeResyncOnTheOtherAndItsOwnPagesLoseNothing() throws Exception {
		ClusterNode nodeB = this.b.getBean(ClusterNode.class);
		FaultyProxy balancer = track(FaultyProxy.start(this.portA));
		List<ResumingTestWindow> moving = new ArrayList<>();
		List<ResumingTestWindow> staying = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			moving.add(track(ResumingTestWindow.open(balancer.port(), "moving-" + i)));
			staying.add(track(ResumingTestWindow.open(port(this.b), "staying-" + i)));
		}
		List<ResumingTestWindow> pages = new ArrayList<>(moving);
		pages.addAll(staying);
		for (ResumingTestWindow page : pages) {
			page.listen("n");
			page.listen("a");
		}
		// the moving pages' instances are known cluster-wide, their labels claimed by node A
		List<String> tokens = new ArrayList<>();
		List<String> instanceIds = new ArrayList<>();
		for (ResumingTestWindow page : moving) {
			String token = page.welcomes().get(0).path("instance").asString();
			await().atMost(WAIT).until(() -> nodeB.find(token) != null);
			tokens.add(token);
			instanceIds.add(nodeB.find(token).id());
		}
		for (int i = 0; i < moving.size(); i++) {
			assertThat(claimOwner(instanceIds.get(i), "moving-" + i)).isEqualTo(this.nodeIdA);
		}
		// a numbered stream from each node: "a" from node A (till it dies), "n" from node B
		moving.get(0).invoke("emit_numbers", Map.of("event", "a")).orTimeout(10, TimeUnit.SECONDS).join();
		// an invoke still running on node A when it dies
		CompletableFuture<JsonNode> running = moving.get(1).invoke("never_answer", Map.of());
		Emitter fromB = new Emitter(app(this.b), "n");
		fromB.start();
		try {
			await().atMost(WAIT).until(() -> pages.stream()
				.allMatch((page) -> numbers(page, "n").size() > 20 && numbers(page, "a").size() > 20));
			// node A is killed: the kernel ends its sockets, its pages reconnect at once and are refused by the
			// dead node until the load balancer sends them to node B
			long killed = System.nanoTime();
			this.a.destroyForcibly();
			assertThat(this.a.waitFor(10, TimeUnit.SECONDS)).as("node A killed").isTrue();
			assertThat(this.a.exitValue()).as("SIGKILL").isEqualTo(128 + 9);
			balancer.retarget(port(this.b));
			// the moments node B's side sees: each page back (welcomed on node B), node A no longer heard, node A's
			// liveness record expired
			long[] back = new long[moving.size()];
			long[] gone = new long[2];
			String liveness = "tauri:" + this.name + ":node:" + this.nodeIdA;
			await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
				long now = System.nanoTime() - killed;
				for (int i = 0; i < moving.size(); i++) {
					ResumingTestWindow page = moving.get(i);
					if (back[i] == 0 && page.welcomes().size() >= 2 && page.isReady()) {
						back[i] = now;
					}
				}
				if (gone[0] == 0 && nodeB.stats().peers() == 0) {
					gone[0] = now;
				}
				if (gone[1] == 0 && ":0".equals(this.redis.command("EXISTS", liveness))) {
					gone[1] = now;
				}
				return gone[0] != 0 && gone[1] != 0 && Arrays.stream(back).allMatch((t) -> t != 0);
			});
			System.out.printf("node A killed: its pages back on node B after %s ms, node A's liveness record gone "
					+ "after %d ms, node A no longer a peer after %d ms%n",
					Arrays.stream(back).mapToObj((t) -> Long.toString(millis(t))).toList(), millis(gone[1]),
					millis(gone[0]));
			// the moved pages listen again: they hear what node B emits from now on
			int before = fromB.sent();
			await().atMost(WAIT).until(() -> fromB.sent() > before + 50);
			int last = fromB.stop();
			await().atMost(WAIT).until(() -> pages.stream().allMatch((page) -> numbers(page, "n").contains(last)));
			for (int i = 0; i < moving.size(); i++) {
				ResumingTestWindow page = moving.get(i);
				JsonNode welcome = page.welcomes().get(page.welcomes().size() - 1);
				System.out.printf("moved page %d: welcome %s, closes %s, %s%n", i, welcome, page.closeCodes(),
						received(page));
				// told: its session died with node A (no node answered for it)
				assertThat(welcome.path("resumed").asBoolean()).isFalse();
				assertThat(page.resyncs()).containsExactly(ClusterNode.NO_ANSWER);
				// the same instance, now on node B, and the label node A claimed is node B's
				assertThat(welcome.path("instance").asString()).isEqualTo(tokens.get(i));
				assertThat(page.closeCodes()).doesNotContain(4001);
				String label = "moving-" + i;
				assertThat(app(this.b).instance(instanceIds.get(i)))
					.hasValueSatisfying((instance) -> assertThat(instance.getWebviewWindow(label)).isPresent());
				assertThat(claimOwner(instanceIds.get(i), label)).isEqualTo(nodeB.nodeId());
				// node A's stream came from node A itself: nothing of it lost before the crash
				assertContiguous(page, "a");
			}
			// the page learnt its invoke is lost (its promise rejected), it does not wait for ever
			assertThat(running).isCompletedExceptionally();
			for (ResumingTestWindow page : staying) {
				System.out.printf("staying page %d: %s%n", staying.indexOf(page), received(page));
				// never disturbed: one connection, no resync, every number of both streams once, in order
				assertThat(page.welcomes()).hasSize(1);
				assertThat(page.resyncs()).isEmpty();
				assertContiguous(page, "n");
				assertContiguous(page, "a");
			}
			for (ResumingTestWindow page : pages) {
				for (String event : List.of("n", "a")) {
					assertThat(numbers(page, event)).as("%s: in order, once each", event)
						.isSorted()
						.doesNotHaveDuplicates();
				}
				assertThat(page.duplicateFrames()).isZero();
				assertThat(page.gaps()).isZero();
			}
			// node A's messages up to its death reached node B without a gap
			assertThat(nodeB.stats().gaps()).isZero();
		}
		finally {
			fromB.stop();
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	private static void assertContiguous(ResumingTestWindow page, String event) {
		List<Integer> numbers = numbers(page, event);
		assertThat(numbers).as("%s received", event).isNotEmpty();
		assertThat(numbers.get(numbers.size() - 1) - numbers.get(0) + 1).as("%s: none lost", event)
			.isEqualTo(numbers.size());
	}

	private static String received(ResumingTestWindow page) {
		StringBuilder text = new StringBuilder();
		for (String event : List.of("n", "a")) {
			List<Integer> numbers = numbers(page, event);
			text.append(event)
				.append(": ")
				.append(numbers.size())
				.append(" received")
				.append(numbers.isEmpty() ? ""
						: " (" + numbers.get(0) + ".." + numbers.get(numbers.size() - 1) + ", "
								+ (numbers.get(numbers.size() - 1) - numbers.get(0) + 1 - numbers.size()) + " missing)")
				.append("; ");
		}
		return text.append("resyncs ").append(page.resyncs()).toString();
	}

}
