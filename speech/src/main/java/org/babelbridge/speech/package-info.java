/** Speech recognition, translation, synthesis, voice enrollment and the dubbing pipeline. */
package org.babelbridge.speech;
