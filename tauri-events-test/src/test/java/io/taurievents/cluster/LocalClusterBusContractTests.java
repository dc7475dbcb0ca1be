package io.taurievents.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The single-node subset of the bus contract on the {@link LocalClusterBus}: both "nodes" are one server, so every
 * delivery, order and ownership rule must hold exactly as without a cluster.
 */
class LocalClusterBusContractTests extends ClusterContractTests {

	private ConfigurableApplicationContext node;

	@BeforeAll
	void start() {
		this.node = new SpringApplicationBuilder(Node.class, LocalBus.class)
			.properties(nodeProperties("local-" + System.nanoTime()))
			.run();
	}

	@AfterAll
	void stop() {
		this.node.close();
	}

	@Override
	protected ConfigurableApplicationContext nodeA() {
		return this.node;
	}

	@Override
	protected ConfigurableApplicationContext nodeB() {
		return this.node;
	}

	@Configuration(proxyBeanMethods = false)
	static class LocalBus {

		@Bean
		ClusterBus localClusterBus() {
			return new LocalClusterBus();
		}

	}

}
