package io.taurievents.bench.server;

import java.util.Set;

import io.taurievents.AppHandle;
import io.taurievents.bench.Payloads;
import io.taurievents.bench.Payloads.Chunk;
import io.taurievents.event.EventSink;
import io.taurievents.event.ListenerRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The tauri-events stack: {@code app.emit} / {@code app.emitTo} to windows that listen to {@code bench}; its
 * commands are in {@link TauriBenchCommands}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("tauri")
class TauriBench implements BenchBackend {

	private final AppHandle app;

	private final ListenerRegistry registry;

	TauriBench(AppHandle app, ListenerRegistry registry) {
		this.app = app;
		this.registry = registry;
	}

	@Override
	public void emit(int count, int size, @Nullable String label) {
		String filler = Payloads.filler(size);
		for (int i = 0; i < count; i++) {
			if (label != null) {
				this.app.emitTo(label, Payloads.EVENT, new Chunk(i, filler));
			}
			else {
				this.app.emit(Payloads.EVENT, new Chunk(i, filler));
			}
		}
	}

	@Override
	public int subscribers() {
		return (int) this.app.webviewWindows()
			.values()
			.stream()
			.filter((window) -> window instanceof EventSink sink && this.registry.hasWindowListener(sink, Payloads.EVENT))
			.count();
	}

	@Override
	public Set<String> features() {
		return Set.of("channel");
	}

}
