/** The Asterisk front: an ARI Stasis application with one externalMedia leg per participant. */
package org.babelbridge.ari;
