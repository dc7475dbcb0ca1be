package io.taurievents.bench.client;

import io.taurievents.bench.client.Results.Figure;
import io.taurievents.bench.client.Results.RedisUse;
import io.taurievents.bench.client.Results.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table: the cluster's columns and Redis's use appear only when the {@code tauri-cluster} stack ran.
 */
class ReportTests {

	private final Row fanOut = new Row("emit fan-out → 1000 windows", "256 B", "deliveries/s", true, 1.2, 1.2);

	@Test
	void withoutTheClusterTheTableKeepsItsColumns() {
		Results results = new Results();
		results.put(this.fanOut, "raw", Figure.of(100_000));
		results.put(this.fanOut, "tauri", Figure.of(150_000));
		String report = Report.markdown(results, Plan.smoke(), "now", 1);
		assertThat(report).contains("| Scenario | Payload | Unit | raw | STOMP | tauri | tauri/raw | tauri/STOMP |\n")
			.contains("| emit fan-out → 1000 windows | 256 B | deliveries/s | 100,000 | – | 150,000 | 1.50× ✅ (≥ 1.2) | – |\n")
			.doesNotContain("nodes on Redis")
			.doesNotContain("used_memory");
	}

	@Test
	void theClusterGetsItsColumnItsRatioToOneNodeAndRedisUse() {
		Results results = new Results();
		results.put(this.fanOut, "tauri", Figure.of(150_000));
		results.put(this.fanOut, Servers.CLUSTER, Figure.of(75_000));
		results.redis(new RedisUse(this.fanOut, 1_048, 52.4, 10.48, 1_200_000, 3_460_000));
		String report = Report.markdown(results, Plan.smoke(), "now", 1);
		assertThat(report)
			.contains("| tauri/STOMP | tauri, 2 nodes on Redis | 2 nodes ÷ 1 node |\n")
			.contains("| 256 B | deliveries/s | – | – | 150,000 | – | – | 75,000 | 0.50× |\n")
			.contains("| emit fan-out → 1000 windows | 256 B | 1,048 | 52 ms | 10 ms | 40.0 µs | 1.2 MB | 3.5 MB |\n");
	}

	@Test
	void aFailedClusterFigureIsListedWithItsStack() {
		Results results = new Results();
		results.put(this.fanOut, "tauri", Figure.of(150_000));
		results.put(this.fanOut, Servers.CLUSTER, Figure.failed("window e1000-3 got seq 7 where 6 was due"));
		String report = Report.markdown(results, Plan.smoke(), "now", 1);
		assertThat(report).contains("| 150,000 | – | – | FAILED (1) | – |\n")
			.contains("1. tauri-cluster, emit fan-out → 1000 windows, 256 B: window e1000-3 got seq 7 where 6 was due");
	}


	@Test
	void interleavedMetricsGetTheirRatiosRepetitionByRepetition() {
		Results results = new Results();
		results.interleaved(true);
		Row emit = new Row("emit → 1 window", "256 B", "events/s", true, 1.5, 1.2);
		results.put(emit, "tauri", Figure.of(100_000));
		results.put(emit, Report.METERED, Figure.of(99_000));
		results.repetitions(emit, "tauri", new double[] { 100_000, 90_000, 110_000 });
		results.repetitions(emit, Report.METERED, new double[] { 99_000, 99_000, 99_000 });
		String report = Report.markdown(results, Plan.smoke(), "now", 1);
		assertThat(report).contains("| emit → 1 window | 256 B | events/s | 0.99, 1.10, 0.90 | 0.990× | 0.90–1.10 |\n");
	}

	@Test
	void withoutInterleavingThereIsNoPairTable() {
		Results results = new Results();
		results.put(this.fanOut, "tauri", Figure.of(100_000));
		results.put(this.fanOut, Report.METERED, Figure.of(99_000));
		results.repetitions(this.fanOut, "tauri", new double[] { 100_000 });
		results.repetitions(this.fanOut, Report.METERED, new double[] { 99_000 });
		assertThat(Report.markdown(results, Plan.smoke(), "now", 1)).doesNotContain("repetition by repetition");
	}

}
