package io.taurievents.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample's background senders.
 *
 * @param periodicEventInterval how often the periodic {@code test-event} is emitted (seed 004 uses 10 seconds)
 * @param processInterval how often {@code init_process} emits {@code event-name} to the window that started it
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue("10s") Duration periodicEventInterval,
		@DefaultValue("1s") Duration processInterval) {

}
