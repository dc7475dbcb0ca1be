package io.taurievents.cluster;

import java.io.File;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;
import org.springframework.context.annotation.Bean;

/**
 * One cluster node in a process of its own, for {@link RedisClusterNodeCrashTests}, which kills it with
 * {@code SIGKILL}: no shutdown code of it runs. The test passes the node's properties as arguments and
 * {@code --crashable.port-file=...}, where the node writes its HTTP port (it starts on a free one). It answers
 * {@code /actuator/info} with its process id and its cluster node id, and has two commands: {@code emit_numbers}
 * emits {@code 1, 2, 3 …} every two milliseconds to every instance, until the process dies, and
 * {@code never_answer} does not return.
 * <p>
 * Not a {@code @SpringBootApplication}: no component scan, so the other test classes of this package stay out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CrashableNode {

	/** The property naming the file the node writes its HTTP port into. */
	static final String PORT_FILE = "crashable.port-file";

	public static void main(String[] args) {
		// an orphan left by a test JVM that died would emit for ever: it goes with its parent
		ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
		SpringApplication application = new SpringApplication(CrashableNode.class);
		String portFile = null;
		for (String arg : args) {
			if (arg.startsWith("--" + PORT_FILE + "=")) {
				portFile = arg.substring(PORT_FILE.length() + 3);
			}
		}
		if (portFile == null) {
			throw new IllegalArgumentException("--" + PORT_FILE + "=<file> is required");
		}
		application.addListeners(new WebServerPortFileWriter(new File(portFile)));
		application.run(args);
	}

	@Bean
	InfoContributor clusterNodeInfo(ClusterNode node) {
		return (builder) -> builder.withDetail("clusterNode", node.nodeId());
	}

	@Bean
	Commands commands(AppHandle app) {
		return new Commands(app);
	}

	/** The node's commands. */
	static class Commands {

		private final AppHandle app;

		Commands(AppHandle app) {
			this.app = app;
		}

		/** Starts emitting a numbered stream of an event to every instance (the server-wide handle). */
		@TauriCommand
		void emitNumbers(String event) {
			Thread emitter = new Thread(() -> {
				for (int n = 1;; n++) {
					this.app.emit(event, n);
					LockSupport.parkNanos(2_000_000);
				}
			}, "crashable-emitter-" + event);
			emitter.setDaemon(true);
			emitter.start();
		}

		/** Never answers: the node dies with the invoke running. */
		@TauriCommand
		void neverAnswer() throws InterruptedException {
			new CountDownLatch(1).await();
		}

	}

}
