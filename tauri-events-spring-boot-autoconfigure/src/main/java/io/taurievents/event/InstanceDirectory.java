package io.taurievents.event;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.taurievents.WebviewWindow;

/**
 * The app instances of a whole cluster, as {@link AppInstances} sees them: ids unique across nodes, instance tokens
 * that every node honours, the labels windows take, and the windows of other nodes. The single-node directory knows
 * only this node.
 */
public interface InstanceDirectory {

	/** One node on its own. */
	InstanceDirectory LOCAL = new InstanceDirectory() {
	};

	/**
	 * The id of a new instance.
	 * @param counter this node's instance counter, from 1
	 * @return the id, unique across the cluster
	 */
	default String newId(long counter) {
		return Long.toString(counter);
	}

	/**
	 * Looks up an instance that another node started, by the token a page presented. May wait for the shared store.
	 * @param token the token
	 * @return the instance's id and principal, or {@code null} when no node knows the token
	 */
	default @Nullable Entry find(String token) {
		return null;
	}

	/**
	 * Looks up the instance of a principal that another node started ({@link InstanceMode#PER_USER}). May wait for
	 * the shared store.
	 * @param principalName the principal's name
	 * @return the instance's id and principal, or {@code null} when no node knows one
	 */
	default @Nullable Entry findUser(String principalName) {
		return null;
	}

	/**
	 * Makes an instance the principal's across the cluster ({@link InstanceMode#PER_USER}) unless another node made
	 * one first, waiting for the shared store: two nodes that start the principal's instance at the same instant
	 * agree on one.
	 * @param proposed the instance this node would start
	 * @return the principal's instance across the cluster: {@code proposed}, or the one another node made first
	 */
	default Entry claimUser(Entry proposed) {
		return proposed;
	}

	/**
	 * Told when this node starts or adopts an instance.
	 * @param instance the instance
	 * @param token its token
	 */
	default void started(AppInstance instance, String token) {
	}

	/**
	 * Told when this node's part of an instance ends (its windows here have been gone for the grace period).
	 * @param instance the instance
	 */
	default void ended(AppInstance instance) {
	}

	/**
	 * Told when a window took a label in its instance on this node, so that other nodes give it up.
	 * @param instance the instance
	 * @param label the label
	 */
	default void attached(AppInstance instance, String label) {
	}

	/**
	 * Claims a label of an instance for a window on this node, across the cluster ({@code duplicate-label=reject}),
	 * waiting for the shared store. Called once no window holds the label on this node.
	 * @param instance the instance
	 * @param label the label
	 * @return {@code false} when a window on another node that is alive holds the label (the new window is refused)
	 */
	default boolean claim(AppInstance instance, String label) {
		return true;
	}

	/**
	 * Told when a window on this node let go of its label (it closed, or moved to another node), so that another
	 * node's window may claim it.
	 * @param instance the instance
	 * @param label the label
	 */
	default void released(AppInstance instance, String label) {
	}

	/**
	 * The app instances that have a part on other nodes (windows, or an instance within its grace period), as this
	 * node last heard of them. May include instances that have a part on this node too.
	 * @return a snapshot
	 */
	default List<Entry> instancesElsewhere() {
		return List.of();
	}

	/**
	 * The windows of an app instance on other nodes, as this node last heard of them: each can emit, and be closed
	 * through the node holding it.
	 * @param instanceId the instance's id
	 * @return a snapshot by label (of two nodes holding one label, the window that took it last)
	 */
	default Map<String, WebviewWindow> windowsElsewhere(String instanceId) {
		return Map.of();
	}

	/**
	 * An instance known to the cluster.
	 * @param id its id
	 * @param principalName the principal it is bound to, or {@code null}
	 */
	record Entry(String id, @Nullable String principalName) {
	}

}
