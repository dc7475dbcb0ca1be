package io.taurievents.event;

/**
 * Lets tests in other packages build {@link Emission}s.
 */
public final class ListenerRegistryTestAccess {

	private ListenerRegistryTestAccess() {
	}

	public static Emission emission(String event, String payloadJson) {
		return new Emission(event, null, payloadJson, null);
	}

}
