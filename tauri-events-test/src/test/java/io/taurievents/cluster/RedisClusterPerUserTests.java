package io.taurievents.cluster;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.test.BasicAuthSecurity;
import io.taurievents.test.RedisServer;
import io.taurievents.test.TestWindow;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code instances.mode=per-user} on two nodes: one principal has one instance across the cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterPerUserTests {

	private RedisServer redis;

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@BeforeAll
	void start() {
		this.redis = RedisServer.start();
		String name = "per-user-" + System.nanoTime();
		this.a = startNode(name);
		this.b = startNode(name);
	}

	private ConfigurableApplicationContext startNode(String name) {
		Map<String, Object> properties = new HashMap<>(ClusterContractTests.nodeProperties(name));
		properties.put("spring.data.redis.port", Integer.toString(this.redis.port()));
		properties.put("tauri.events.instances.mode", "per-user");
		return new SpringApplicationBuilder(ClusterContractTests.Node.class, BasicAuthSecurity.class)
			.properties(properties)
			.run();
	}

	@AfterAll
	void stop() throws IOException {
		this.a.close();
		this.b.close();
		this.redis.close();
	}

	@Test
	void joinsOnTwoNodesAtTheSameInstantGiveOneInstance() throws Exception {
		io.taurievents.event.AppInstances onA = this.a.getBean(io.taurievents.event.AppInstances.class);
		io.taurievents.event.AppInstances onB = this.b.getBean(io.taurievents.event.AppInstances.class);
		java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			for (int i = 0; i < 20; i++) {
				java.security.Principal principal = new java.security.Principal() {

					private final String name = "racer-" + System.nanoTime();

					@Override
					public String getName() {
						return this.name;
					}

				};
				java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
				java.util.concurrent.Future<io.taurievents.event.AppInstances.Join> joinA = nodes.submit(() -> {
					together.await();
					return onA.join(null, principal);
				});
				java.util.concurrent.Future<io.taurievents.event.AppInstances.Join> joinB = nodes.submit(() -> {
					together.await();
					return onB.join(null, principal);
				});
				io.taurievents.event.AppInstance first = joinA.get().instance();
				io.taurievents.event.AppInstance second = joinB.get().instance();
				onA.abandon(first);
				onB.abandon(second);
				assertThat(second.instanceId()).as("%s: one instance across the nodes", principal.getName())
					.isEqualTo(first.instanceId());
			}
		}
		finally {
			nodes.shutdownNow();
		}
	}

	@Test
	void aPrincipalHasOneInstanceAcrossNodes() {
		try (TestWindow alice = TestWindow.open(ClusterContractTests.port(this.a), "main", null,
				BasicAuthSecurity.as("alice"), true);
				TestWindow aliceElsewhere = TestWindow.open(ClusterContractTests.port(this.b), "settings", null,
						BasicAuthSecurity.as("alice"), true);
				TestWindow bob = TestWindow.open(ClusterContractTests.port(this.b), "main", null,
						BasicAuthSecurity.as("bob"), true)) {
			List<AppHandle> onA = this.a.getBean(AppHandle.class).instancesOf("alice");
			List<AppHandle> onB = this.b.getBean(AppHandle.class).instancesOf("alice");
			assertThat(onA).hasSize(1);
			assertThat(onB).hasSize(1);
			assertThat(onB.get(0).instanceId()).isEqualTo(onA.get(0).instanceId());
			for (TestWindow window : List.of(alice, aliceElsewhere, bob)) {
				window.listen("news", EventTarget.any());
			}
			onA.get(0).emit("news", "for-alice");
			this.a.getBean(AppHandle.class).emit("news", "for-all");
			for (TestWindow window : List.of(alice, aliceElsewhere)) {
				await().atMost(ClusterContractTests.WAIT)
					.until(() -> ClusterContractTests.payloads(window, "news").size() == 2);
				assertThat(ClusterContractTests.payloads(window, "news")).containsExactly("for-alice", "for-all");
			}
			await().atMost(ClusterContractTests.WAIT)
				.until(() -> ClusterContractTests.payloads(bob, "news").contains("for-all"));
			assertThat(ClusterContractTests.payloads(bob, "news")).containsExactly("for-all");
		}
	}

}
