package io.taurievents.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import io.taurievents.test.FaultyProxy;
import io.taurievents.test.RedisServer;
import io.taurievents.test.ResumingTestWindow;
import io.taurievents.test.TestWindow;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.WebSocketHttpHeaders;

import static io.taurievents.cluster.ClusterContractTests.WAIT;
import static io.taurievents.cluster.ClusterContractTests.instanceIdOf;
import static io.taurievents.cluster.ClusterContractTests.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code duplicate-label=reject} on two nodes against a real {@code redis-server}: a label of an instance is held by
 * one window across the cluster, freed when that window closes, when its node dies (at once when the node's liveness
 * record is gone) and moved with a window handed over to another node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterDuplicateLabelTests {

	private static final WebSocketHttpHeaders NO_HEADERS = new WebSocketHttpHeaders();

	private RedisServer redis;

	private final String name = "labels-" + System.nanoTime();

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@BeforeAll
	void start() {
		this.redis = RedisServer.start();
		this.a = startNode(this.redis.port());
		this.b = startNode(this.redis.port());
	}

	private ConfigurableApplicationContext startNode(int redisPort) {
		Map<String, Object> properties = new HashMap<>(ClusterContractTests.nodeProperties(this.name));
		properties.put("spring.data.redis.port", Integer.toString(redisPort));
		properties.put("spring.data.redis.timeout", "2s");
		properties.put("tauri.events.duplicate-label", "reject");
		return new SpringApplicationBuilder(ClusterContractTests.Node.class).properties(properties).run();
	}

	@AfterAll
	void stop() throws IOException {
		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { this.a, this.b }) {
			if (node != null && node.isActive()) {
				node.close();
			}
		}
		this.redis.close();
	}

	private ConfigurableApplicationContext nodeA() {
		if (!this.a.isActive()) {
			this.a = startNode(this.redis.port());
		}
		return this.a;
	}

	private String claimKey(String instanceId, String label) {
		return "tauri:" + this.name + ":label:" + instanceId + ":" + label;
	}

	private String claimOwner(String instanceId, String label) {
		String value = this.b.getBean(ClusterNode.class).bus().get(claimKey(instanceId, label));
		return (value != null) ? value.substring(0, value.indexOf(' ')) : null;
	}

	private static TestWindow refused(int port, String label, String token) {
		TestWindow window = TestWindow.open(port, label, token, NO_HEADERS, false);
		assertThat(window.awaitClose().getCode()).as("label '%s' refused", label).isEqualTo(4001);
		return window;
	}

	@Test
	void aLabelHeldOnOneNodeIsRefusedOnTheOtherUntilItsWindowCloses() throws IOException {
		TestWindow first = TestWindow.openTab(port(nodeA()), "editor");
		String instanceId = instanceIdOf(nodeA(), "editor");
		await().atMost(WAIT).until(() -> this.b.getBean(ClusterNode.class).find(first.instanceToken()) != null);
		refused(port(this.b), "editor", first.instanceToken()).close();
		assertThat(first.isOpen()).isTrue();
		// another instance's window with the same label is its own
		try (TestWindow stranger = TestWindow.openTab(port(this.b), "editor")) {
			assertThat(stranger.isOpen()).isTrue();
		}
		first.close();
		// the closed window's node gives the label back (without waiting): then node B gives it to a new window
		await().atMost(WAIT).until(() -> ":0".equals(this.redis.command("EXISTS", claimKey(instanceId, "editor"))));
		try (TestWindow again = TestWindow.open(port(this.b), "editor", first.instanceToken(), NO_HEADERS, true)) {
			assertThat(again.isOpen()).isTrue();
			assertThat(claimOwner(instanceId, "editor")).isEqualTo(this.b.getBean(ClusterNode.class).nodeId());
			refused(port(nodeA()), "editor", first.instanceToken()).close();
		}
	}

	@Test
	void theClaimOfANodeWhoseLivenessRecordIsGoneIsTakenOverAtOnce() throws IOException {
		try (TestWindow probe = TestWindow.openTab(port(this.b), "probe")) {
			String instanceId = instanceIdOf(this.b, "probe");
			// a node that died without a word: its claim is left, its liveness record expired
			this.redis.command("SET", claimKey(instanceId, "dead"), "deadbeef0000 1");
			try (TestWindow dead = TestWindow.open(port(this.b), "dead", probe.instanceToken(), NO_HEADERS, true)) {
				assertThat(dead.isOpen()).isTrue();
			}
			// a node that just died: its liveness record lives on for its last time to live, and refuses meanwhile
			this.redis.command("SET", claimKey(instanceId, "silent"), "cafebabe0000 1");
			this.redis.command("SET", "tauri:" + this.name + ":node:cafebabe0000", "1", "PX", "1500");
			refused(port(this.b), "silent", probe.instanceToken()).close();
			long died = System.nanoTime();
			await().atMost(WAIT).until(() -> ":0".equals(this.redis.command("EXISTS",
					"tauri:" + this.name + ":node:cafebabe0000")));
			try (TestWindow silent = TestWindow.open(port(this.b), "silent", probe.instanceToken(), NO_HEADERS,
					true)) {
				assertThat(silent.isOpen()).isTrue();
				assertThat(claimOwner(instanceId, "silent")).isEqualTo(this.b.getBean(ClusterNode.class).nodeId());
				System.out.printf("label of a silent node free after %d ms%n",
						Duration.ofNanos(System.nanoTime() - died).toMillis());
			}
		}
	}

	@Test
	void aLabelGivenAwayWhileItsWindowLivedEndsWithOneOwner() throws IOException {
		try (TestWindow first = TestWindow.openTab(port(nodeA()), "split")) {
			String instanceId = instanceIdOf(nodeA(), "split");
			await().atMost(WAIT).until(() -> this.b.getBean(ClusterNode.class).find(first.instanceToken()) != null);
			// what Redis shows when node A's liveness record lapsed while it lived (a long stall) and Redis lost
			// track of the claim: the label looks free
			this.redis.command("SET", claimKey(instanceId, "split"), "deadbeef0000 1");
			try (TestWindow second = TestWindow.open(port(this.b), "split", first.instanceToken(), NO_HEADERS, true)) {
				// the older window gives way, as under replace: never two windows with one label
				assertThat(first.awaitClose().getCode()).isEqualTo(4000);
				assertThat(second.isOpen()).isTrue();
				assertThat(claimOwner(instanceId, "split")).isEqualTo(this.b.getBean(ClusterNode.class).nodeId());
			}
		}
	}

	@Test
	void aWindowOfACrashedNodeGetsItsLabelOnTheNodeItReconnectsTo() throws Exception {
		// node A reaches Redis through a proxy: its crash leaves its claims and its liveness record behind
		FaultyProxy toRedis = FaultyProxy.start(this.redis.port());
		this.a.close();
		this.a = startNode(toRedis.port());
		try (FaultyProxy proxy = FaultyProxy.start(port(this.a))) {
			ResumingTestWindow page = ResumingTestWindow.open(proxy.port(), "crashed");
			try {
				String token = page.welcomes().get(0).path("instance").asString();
				String instanceId = instanceIdOf(this.a, "crashed");
				String nodeA = this.a.getBean(ClusterNode.class).nodeId();
				await().atMost(WAIT).until(() -> nodeA.equals(claimOwner(instanceId, "crashed"))
						&& this.b.getBean(ClusterNode.class).find(token) != null);
				// the node dies: Redis stops hearing it, its sockets go without a close frame
				toRedis.close();
				proxy.retarget(port(this.b));
				proxy.cutAll();
				long crashed = System.nanoTime();
				this.a.close();
				await().atMost(WAIT).until(() -> page.welcomes().size() >= 2 && page.isReady());
				JsonNode welcome = page.welcomes().get(page.welcomes().size() - 1);
				System.out.printf("crashed node's page back after %d ms: %s, closes %s%n",
						Duration.ofNanos(System.nanoTime() - crashed).toMillis(), welcome, page.closeCodes());
				assertThat(page.closeCodes()).doesNotContain(4001);
				assertThat(welcome.path("instance").asString()).isEqualTo(token);
				assertThat(claimOwner(instanceId, "crashed")).isEqualTo(this.b.getBean(ClusterNode.class).nodeId());
				refused(port(nodeA()), "crashed", token).close();
			}
			finally {
				page.close();
			}
		}
	}

	@Test
	void aWindowHandedOverToAnotherNodeKeepsItsLabel() throws Exception {
		try (FaultyProxy proxy = FaultyProxy.start(port(nodeA()))) {
			ResumingTestWindow moving = ResumingTestWindow.open(proxy.port(), "moving");
			try {
				String token = moving.welcomes().get(0).path("instance").asString();
				String instanceId = instanceIdOf(nodeA(), "moving");
				await().atMost(WAIT).until(() -> this.b.getBean(ClusterNode.class).find(token) != null);
				proxy.retarget(port(this.b));
				proxy.cutAll();
				await().atMost(WAIT).until(() -> moving.welcomes().size() >= 2 && moving.isReady());
				JsonNode welcome = moving.welcomes().get(moving.welcomes().size() - 1);
				assertThat(welcome.path("resumed").asBoolean()).as("resumed on node B: %s", welcome).isTrue();
				assertThat(moving.closeCodes()).doesNotContain(4001);
				assertThat(this.b.getBean(io.taurievents.AppHandle.class).instance(instanceId)).hasValueSatisfying(
						(instance) -> assertThat(instance.getWebviewWindow("moving")).isPresent());
				// the claim moved with the window: node A, which held it, now refuses the label
				assertThat(claimOwner(instanceId, "moving")).isEqualTo(this.b.getBean(ClusterNode.class).nodeId());
				refused(port(nodeA()), "moving", token).close();
			}
			finally {
				moving.close();
			}
		}
	}

}
