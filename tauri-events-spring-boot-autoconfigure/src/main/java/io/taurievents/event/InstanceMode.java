package io.taurievents.event;

/**
 * How window connections are grouped into app instances (a Tauri app each: one label namespace, isolated from
 * every other instance). Set with {@code tauri.events.instances.mode}.
 */
public enum InstanceMode {

	/**
	 * A top-level browser tab that loads a page starts an instance; windows that page opens join it; reloading a
	 * window rejoins its instance. Two tabs of one app are two instances, like launching a desktop app twice.
	 */
	PER_TAB,

	/**
	 * Every window of one authenticated principal shares one instance, whichever browser or tab it runs in;
	 * anonymous connections are refused (close code 4004).
	 */
	PER_USER,

	/**
	 * One instance for the whole server, as in a desktop Tauri app: for kiosk or desktop-style deployments where
	 * one person owns the server, and for native shells that open separate webviews.
	 */
	SINGLE

}
