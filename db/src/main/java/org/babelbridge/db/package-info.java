/** Flyway migrations of the seed schema and its corrections, entities and repositories. */
package org.babelbridge.db;
