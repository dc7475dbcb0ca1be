package io.taurievents.stats;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.cluster.ClusterNode;
import io.taurievents.cluster.LocalClusterBus;
import io.taurievents.event.AppInstances;
import io.taurievents.event.DefaultAppHandle;
import io.taurievents.event.InstanceMode;
import io.taurievents.event.ListenerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster meters read the node's statistics.
 */
class ClusterMeterBinderTests {

	@Test
	void metersFollowTheNode() {
		ListenerRegistry registry = new ListenerRegistry(JsonMapper.builder().build());
		AppInstances instances = new AppInstances(registry, InstanceMode.PER_TAB, Duration.ofSeconds(1), (event) -> {
		});
		DefaultAppHandle app = new DefaultAppHandle(registry, instances);
		ClusterNode node = new ClusterNode(new LocalClusterBus(), "meters", registry, instances, app,
				Duration.ofSeconds(1));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		new ClusterMeterBinder(node).bindTo(meters);
		node.start();
		try {
			double before = meters.get("tauri.events.cluster.messages").tag("direction", "published").functionCounter()
				.count();
			app.emit("nobody-here", 1);
			app.emit("nobody-here", 2);
			assertThat(meters.get("tauri.events.cluster.messages").tag("direction", "published").functionCounter()
				.count()).isEqualTo(before + 2);
			assertThat(meters.get("tauri.events.cluster.gaps").functionCounter().count()).isZero();
			assertThat(meters.get("tauri.events.cluster.backlog").gauge().value()).isZero();
			assertThat(meters.get("tauri.events.cluster.peers").gauge().value()).isZero();
			assertThat(meters.get("tauri.events.cluster.lag").gauge().value()).isZero();
			assertThat(meters.find("tauri.events.cluster.retries").functionCounter()).isNotNull();
			assertThat(meters.find("tauri.events.cluster.dropped").functionCounter()).isNotNull();
			assertThat(meters.find("tauri.events.cluster.duplicates").functionCounter()).isNotNull();
		}
		finally {
			node.stop();
			instances.destroy();
		}
	}

}
