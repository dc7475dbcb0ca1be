package io.taurievents.cluster;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.test.RedisServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.awaitility.Awaitility.await;

/**
 * Emit fan-out to 1,000 windows: all on one node without a cluster, then split over two nodes sharing a Redis, with
 * Redis's CPU time and memory. Not part of the build (its name does not end in Tests); run it with
 * {@code ./mvnw -pl tauri-events-test test -Dtest=ClusterFanOutBench -Djetty-transport.skip=true}.
 */
class ClusterFanOutBench {

	private static final int WINDOWS = 1_000;

	private static final int EMITS = 200;

	@Test
	void fanOut() throws Exception {
		try (RedisServer redis = RedisServer.start()) {
			Map<String, Object> single = new HashMap<>(ClusterContractTests.nodeProperties("bench"));
			single.put("tauri.events.cluster.enabled", "false");
			single.put("tauri.events.limits.max-connections-per-address", "0");
			ConfigurableApplicationContext one = new SpringApplicationBuilder(ClusterContractTests.Node.class)
				.properties(single)
				.run();
			double alone;
			try {
				alone = run("one node", one, List.of(one), redis);
			}
			finally {
				one.close();
			}
			Map<String, Object> clustered = new HashMap<>(ClusterContractTests.nodeProperties("bench"));
			clustered.put("spring.data.redis.port", Integer.toString(redis.port()));
			clustered.put("tauri.events.limits.max-connections-per-address", "0");
			ConfigurableApplicationContext a = new SpringApplicationBuilder(ClusterContractTests.Node.class)
				.properties(clustered)
				.run();
			ConfigurableApplicationContext b = new SpringApplicationBuilder(ClusterContractTests.Node.class)
				.properties(clustered)
				.run();
			try {
				double split = run("two nodes", a, List.of(a, b), redis);
				System.out.printf("BENCH ratio two nodes / one node: %.2f%n", split / alone);
			}
			finally {
				a.close();
				b.close();
			}
		}
	}

	/** Returns deliveries per second. */
	private double run(String name, ConfigurableApplicationContext emitter, List<ConfigurableApplicationContext> nodes,
			RedisServer redis) throws Exception {
		AtomicLong received = new AtomicLong();
		List<WebSocketSession> sessions = new ArrayList<>();
		StandardWebSocketClient client = new StandardWebSocketClient();
		TextWebSocketHandler handler = new TextWebSocketHandler() {
			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				if (message.getPayload().contains("\"event\":\"fan\"")) {
					received.incrementAndGet();
				}
			}
		};
		for (int i = 0; i < WINDOWS; i++) {
			int port = ClusterContractTests.port(nodes.get(i % nodes.size()));
			WebSocketSession session = client
				.execute(handler, null, URI.create("ws://localhost:" + port + "/tauri?label=w" + i))
				.get(10, TimeUnit.SECONDS);
			session.sendMessage(new TextMessage("{\"type\":\"invoke\",\"id\":1,\"cmd\":\"plugin:event|listen\","
					+ "\"args\":{\"event\":\"fan\",\"target\":{\"kind\":\"Any\"},\"handler\":1}}"));
			sessions.add(session);
		}
		// every window listens before the clock starts
		AppHandle app = emitter.getBean(AppHandle.class);
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			long before = received.get();
			app.emit("fan", "warm-up");
			java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
			return received.get() - before == WINDOWS;
		});
		long cpuBefore = redisCpuMillis(redis);
		long start = received.get();
		long began = System.nanoTime();
		String payload = "x".repeat(100);
		for (int i = 0; i < EMITS; i++) {
			app.emit("fan", payload);
		}
		await().atMost(Duration.ofSeconds(120)).until(() -> received.get() - start >= (long) EMITS * WINDOWS);
		double seconds = (System.nanoTime() - began) / 1e9;
		long cpu = redisCpuMillis(redis) - cpuBefore;
		double rate = EMITS * WINDOWS / seconds;
		System.out.printf("BENCH %s: %d emits to %d windows in %.2f s = %.0f deliveries/s; redis CPU %d ms, %s%n", name,
				EMITS, WINDOWS, seconds, rate, cpu, redisMemory(redis));
		for (WebSocketSession session : sessions) {
			session.close();
		}
		return rate;
	}

	private static long redisCpuMillis(RedisServer redis) throws Exception {
		String[] stat = Files.readString(Path.of("/proc/" + redis.pid() + "/stat")).split(" ");
		return (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) * 10;
	}

	private static String redisMemory(RedisServer redis) throws Exception {
		Process process = new ProcessBuilder("redis-cli", "-p", Integer.toString(redis.port()), "info", "memory")
			.start();
		String info = new String(process.getInputStream().readAllBytes());
		return info.lines().filter((line) -> line.startsWith("used_memory_human")).findFirst().orElse("?").trim();
	}

}
