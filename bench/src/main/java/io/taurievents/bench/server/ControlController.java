package io.taurievents.bench.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP control endpoint the load client drives every server with.
 */
@RestController
@RequestMapping("/bench")
class ControlController {

	private final BenchBackend backend;

	ControlController(BenchBackend backend) {
		this.backend = backend;
	}

	@PostMapping("/emit")
	String emit(@RequestParam int count, @RequestParam int size, @RequestParam(required = false) @Nullable String label) {
		this.backend.emit(count, size, label);
		return "ok";
	}

	@GetMapping("/subscribers")
	int subscribers() {
		return this.backend.subscribers();
	}

	@GetMapping("/features")
	Set<String> features() {
		return this.backend.features();
	}

	/**
	 * The server's process id: the load client checks that the port it probes is answered by the JVM it started,
	 * not by another run's server that took the port first.
	 * @return the process id
	 */
	@GetMapping("/pid")
	long pid() {
		return ProcessHandle.current().pid();
	}

	/**
	 * Collects garbage until the used heap stops shrinking and reports it.
	 * @return the used heap in bytes
	 */
	@PostMapping("/heap")
	long usedHeapAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 10; i++) {
			System.gc();
			Thread.sleep(100);
			long now = memory.getHeapMemoryUsage().getUsed();
			if (now >= used - used / 1000) {
				return Math.min(now, used);
			}
			used = now;
		}
		return used;
	}

}
