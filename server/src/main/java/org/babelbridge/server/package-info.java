/** The runnable application: configuration, wiring, command line, embedded defaults. */
package org.babelbridge.server;
