/**
 * The Spring application events published when a window connects or disconnects and when an app instance starts
 * or ends.
 */
@NullMarked
package io.taurievents.webview;

import org.jspecify.annotations.NullMarked;
