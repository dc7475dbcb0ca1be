package io.taurievents.autoconfigure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.taurievents.stats.TauriEventsMeterBinder;
import io.taurievents.stats.TauriEventsStats;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TauriEventsMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TauriEventsAutoConfiguration.class, TauriEventsMetricsAutoConfiguration.class));

	@Test
	void statsExistWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasSingleBean(TauriEventsStats.class)
				.doesNotHaveBean(TauriEventsMeterBinder.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TauriEventsMeterBinder.class));
	}

	@Test
	void bindsTheMetersWhenAMeterRegistryIsPresent() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(TauriEventsMeterBinder.class);
			SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
			context.getBean(TauriEventsMeterBinder.class).bindTo(registry);
			assertThat(registry.get("tauri.events.windows").gauge().value()).isZero();
			assertThat(registry.get("tauri.events.emits").functionCounters()).hasSize(4);
			assertThat(registry.get("tauri.events.closes").tag("code", "1001").functionCounter().count()).isZero();
			assertThat(registry.get("tauri.events.rejections").tag("limit", "commands-per-window").functionCounter()
				.count()).isZero();
			assertThat(registry.get("tauri.events.rejections").tag("limit", "shutdown").functionCounter().count())
				.isZero();
			assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
				.allSatisfy((tag) -> assertThat(tag.getKey()).isIn("state", "target", "type", "reason", "code", "limit")));
		});
	}

}
