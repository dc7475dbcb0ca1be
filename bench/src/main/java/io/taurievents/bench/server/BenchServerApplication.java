package io.taurievents.bench.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts one benchmark server; the active profile ({@code raw}, {@code stomp} or {@code tauri}) picks the stack.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BenchServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchServerApplication.class, args);
	}

}
