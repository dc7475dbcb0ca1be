package io.taurievents.event;

import org.jspecify.annotations.Nullable;

/**
 * The app instances of a whole cluster, as {@link AppInstances} sees them: ids unique across nodes, instance tokens
 * that every node honours, and the labels windows take. The single-node directory knows only this node.
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
	 * An instance known to the cluster.
	 * @param id its id
	 * @param principalName the principal it is bound to, or {@code null}
	 */
	record Entry(String id, @Nullable String principalName) {
	}

}
