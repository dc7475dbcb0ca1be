/**
 * The load client and run orchestration: starts each server in its own JVM, drives the scenarios over Netty
 * WebSocket connections, counts and orders every arrival, and writes the Markdown report.
 */
@NullMarked
package io.taurievents.bench.client;

import org.jspecify.annotations.NullMarked;
