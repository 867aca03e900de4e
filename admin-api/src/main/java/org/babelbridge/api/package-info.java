/** The REST API: accounts, contacts, voice enrollment, calls and transcripts, administration. */
package org.babelbridge.api;
