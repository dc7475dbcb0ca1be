/**
 * Connected windows: the registry of labels and the Spring application events published when a window connects
 * or disconnects.
 */
@NullMarked
package io.taurievents.webview;

import org.jspecify.annotations.NullMarked;
